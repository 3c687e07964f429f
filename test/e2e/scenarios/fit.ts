// 22. Requests that fit (issue 22): with a model of 8K tokens enabled before one of 131K, a pasted
//     log too long for the first is answered by the second, the small one passed over with a skip
//     line and never sent; a short question afterwards still goes to the small one first. The same
//     through the language-model API, from the consumer extension (test/e2e/fixtures/agentConsumer).
//     The double enforces the windows of its /models list, counting with a real tokenizer.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, type E2EContext, type Scenario } from '../context';
import { ensureGoodKey } from './apiKey';
import { ensureAutoPicked } from './modelPicker';

export const FIT_SCENARIO = 22;

/** 8,192 tokens in the double's /models list (and the built-in one). */
const SMALL = 'google/gemma-3n-e4b-it:free';
/** 131,072 tokens. */
const BIG = 'qwen/qwen3-235b-a22b:free';

/** A service log of `lines` lines: 400 lines are ~12.8K o200k tokens (32K characters), over 8K and far under 131K. */
function serviceLog(lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const time = `21:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.${String((i * 37) % 1000).padStart(3, '0')}`;
    out.push(`2026-12-04T${time}Z INFO worker-${i % 8} request ${1000 + i} served in ${(i * 13) % 97} ms (cache ${i % 3 ? 'hit' : 'miss'})`);
  }
  return out.join('\n');
}

interface AskResult {
  ok: boolean;
  model?: string;
  answer: string;
  error?: string;
}

/** Asks "OpenRouter Auto" through the consumer extension's command and returns what it wrote. */
async function askThroughApi(ctx: E2EContext, prompt: string): Promise<AskResult> {
  const folder = ctx.profile.workspaceDir;
  const resultFile = join(folder, 'agent-consumer-ask-result.json');
  rmSync(resultFile, { force: true });
  writeFileSync(join(folder, 'agent-consumer-ask.json'), JSON.stringify({ prompt }));
  await ctx.workbench.runCommand('Agent Consumer: Ask OpenRouter Auto', 90_000);
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    if (existsSync(resultFile)) {
      const text = readFileSync(resultFile, 'utf8');
      // Written in one call, but read it only once it is whole.
      if (text.trim().endsWith('}')) return JSON.parse(text) as AskResult;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The consumer extension wrote no answer to ${resultFile} within 90 s.`);
}

export const fitScenario: Scenario = {
  id: FIT_SCENARIO,
  title: 'Requests that fit: a paste too long for the 8K model is answered by the 131K one (chat and language-model API); a short question still goes to the 8K one',
  async run(ctx) {
    await ensureGoodKey(ctx);
    const { double } = ctx;
    const log = serviceLog(400);
    const settingsDir = join(ctx.profile.workspaceDir, '.vscode');
    mkdirSync(settingsDir, { recursive: true });
    writeFileSync(join(settingsDir, 'settings.json'), JSON.stringify({ 'openrouterDual.enabledModels': [SMALL, BIG] }, null, 2) + '\n');
    const seen = (): string => JSON.stringify(double.chatRequests.map((r) => r.model));
    try {
      ctx.step('the 8K model enabled before the 131K one; restarting the window');
      await ctx.workbench.restartWindow();
      await ctx.chat.newSession();
      await ensureAutoPicked(ctx);

      await ctx.chat.sendWithPaste('@openrouter What does this log say? ', log);
      ctx.step('long log pasted and sent');
      const long = await ctx.chat.waitForAnswer([`Hello from ${BIG}.`, /skipped \(8K window, request ~1\dK\)/]);
      assert(/gemma-3n-e4b-it/i.test(long), `The skip line should name ${SMALL}: ${long}`);
      assert(double.chatRequests.length === 1 && double.chatRequests[0].model === BIG, `Only ${BIG} should have been asked; the double saw ${seen()}`);
      const sent = JSON.stringify(double.chatRequests[0].body.messages);
      assert(sent.includes(JSON.stringify(log).slice(1, -1)), 'The pasted log should reach the 131K model whole.');
      assert(!/was cut/.test(long), `Nothing should be cut when a window holds the paste: ${long}`);

      await ctx.chat.newSession();
      await ctx.chat.send('@openrouter Hi.');
      await ctx.chat.waitForAnswer([`Hello from ${SMALL}.`]);
      assert(double.chatRequests.at(-1)?.model === SMALL, `The short question should go to ${SMALL} first; the double saw ${seen()}`);
      ctx.step('chat: long to the 131K model, short to the 8K one');

      const before = double.chatRequests.length;
      const apiLong = await askThroughApi(ctx, `What does this log say?\n${log}`);
      assert(apiLong.ok, `The language-model request failed: ${apiLong.error}; the double saw ${seen()}`);
      assert(apiLong.answer.includes(`Hello from ${BIG}.`), `The long request should be answered by ${BIG}: ${JSON.stringify(apiLong)}`);
      const apiShort = await askThroughApi(ctx, 'Hi.');
      assert(apiShort.ok && apiShort.answer.includes(`Hello from ${SMALL}.`), `The short request should be answered by ${SMALL}: ${JSON.stringify(apiShort)}`);
      const apiModels = double.chatRequests.slice(before).map((r) => r.model);
      assert(JSON.stringify(apiModels) === JSON.stringify([BIG, SMALL]), `Through the API the double should see ${BIG} then ${SMALL}, never the long request at ${SMALL}; it saw ${JSON.stringify(apiModels)}`);
      ctx.step('language-model API: long to the 131K model, short to the 8K one');
    } finally {
      rmSync(settingsDir, { recursive: true, force: true });
      for (const f of ['agent-consumer-ask.json', 'agent-consumer-ask-result.json']) rmSync(join(ctx.profile.workspaceDir, f), { force: true });
      // The scenarios after this one expect the suite's enabled models again.
      await ctx.workbench.restartWindow().catch(() => undefined);
    }
  },
};
