// 14. An agent's tool loop through the language-model API, as Copilot's Agent mode would drive our
//     models (Copilot cannot be installed here): a second extension (test/e2e/fixtures/agentConsumer)
//     registers a tool, picks "OpenRouter Auto" with vscode.lm.selectChatModels, sends the tool with
//     the request, runs the call the double answers with through vscode.lm.invokeTool, sends the
//     result back and gets the final answer. A model without tools is enabled first: the double must
//     see no tool request to it.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../scripts/lib/codeServer';
import { assert, type Scenario } from '../context';
import { ensureGoodKey } from './apiKey';

export const AGENT_CONSUMER_SCENARIO = 14;
export const AGENT_CONSUMER_DIR = join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'agentConsumer');

/** Listed without `tools` in the double's /models (and in the built-in list). */
const NO_TOOLS = 'deepseek/deepseek-r1:free';
const WITH_TOOLS = 'qwen/qwen3-8b:free';
const TOOL = 'agentConsumer_secretNumber';
const ANSWER = 'The secret number of Ada is 42, says the tool.';

interface ConsumerResult {
  ok: boolean;
  model?: string;
  rounds: number;
  toolCalls: { callId: string; name: string; input: unknown }[];
  toolResults: string[];
  answer: string;
  error?: string;
}

async function waitForFile(path: string, timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      if (text.trim().endsWith('}')) return text;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The consumer extension wrote no result to ${path} within ${timeoutMs / 1000} s.`);
}

export const agentLoopScenario: Scenario = {
  id: AGENT_CONSUMER_SCENARIO,
  title: 'An agent loop through the language-model API: tool call, invokeTool, result, final answer; no tools to a model without them',
  async run(ctx) {
    await ensureGoodKey(ctx);
    const { double } = ctx;
    // As OpenRouter does: a listed model without `tools` answers a tool request with its 404.
    double.enforceListedCapabilities(true);
    double.script(
      WITH_TOOLS,
      { kind: 'stream', toolCalls: [{ name: TOOL, arguments: '{"name":"Ada"}' }] },
      { kind: 'stream', text: ['The secret number of Ada', ' is 42, says the tool.'] },
    );
    const dir = join(ctx.profile.workspaceDir, '.vscode');
    const resultFile = join(ctx.profile.workspaceDir, 'agent-consumer-result.json');
    rmSync(resultFile, { force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ 'openrouterDual.enabledModels': [NO_TOOLS, WITH_TOOLS] }, null, 2) + '\n');
    try {
      ctx.step('a model without tools enabled first; restarting the window');
      await ctx.workbench.restartWindow();
      await ctx.workbench.runCommand('Agent Consumer: Run Agent Loop', 90_000);
      ctx.step('agent loop started from the palette');
      const result = JSON.parse(await waitForFile(resultFile, 90_000)) as ConsumerResult;
      ctx.step(`consumer finished after ${result.rounds} rounds`);
      const seen = double.chatRequests.map((r) => ({ model: r.model, tools: Array.isArray(r.body.tools) ? r.body.tools.length : 0 }));
      assert(result.ok, `The agent loop failed: ${result.error}; the double saw ${JSON.stringify(seen)}`);
      assert(result.answer === ANSWER, `The final answer should be "${ANSWER}": ${JSON.stringify(result)}`);
      assert(result.toolCalls.length === 1 && result.toolCalls[0].name === TOOL, `Expected one call of ${TOOL}: ${JSON.stringify(result.toolCalls)}`);
      assert(JSON.stringify(result.toolCalls[0].input) === '{"name":"Ada"}', `The call's input should be {"name":"Ada"}: ${JSON.stringify(result.toolCalls[0].input)}`);
      assert(result.toolResults[0] === 'The secret number of Ada is 42.', `vscode.lm.invokeTool should return the tool's answer: ${JSON.stringify(result.toolResults)}`);

      const toNoTools = double.chatRequests.filter((r) => r.model === NO_TOOLS && Array.isArray(r.body.tools));
      assert(toNoTools.length === 0, `The double received ${toNoTools.length} tool request(s) to ${NO_TOOLS}, which has no tools: ${JSON.stringify(seen)}`);
      const toTools = double.chatRequests.filter((r) => r.model === WITH_TOOLS);
      assert(toTools.length === 2 && toTools.every((r) => Array.isArray(r.body.tools) && r.body.tools[0]?.function?.name === TOOL), `Expected two requests with the tool to ${WITH_TOOLS}: ${JSON.stringify(seen)}`);
      const second = toTools[1].body.messages as { role: string; content: unknown; tool_call_id?: string; tool_calls?: { id: string }[] }[];
      const assistant = second.find((m) => m.role === 'assistant' && m.tool_calls?.length);
      const toolMessage = second.find((m) => m.role === 'tool');
      assert(assistant && toolMessage, `The second request should carry the call and its result: ${JSON.stringify(second)}`);
      assert(toolMessage.tool_call_id === assistant.tool_calls?.[0].id, `The result should answer the call's id: ${JSON.stringify(second)}`);
      assert(JSON.stringify(toolMessage.content).includes('The secret number of Ada is 42.'), `The tool's output should go back to the model: ${JSON.stringify(toolMessage)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(resultFile, { force: true });
      // The scenarios after this one expect the suite's enabled models again.
      await ctx.workbench.restartWindow().catch(() => undefined);
    }
  },
};
