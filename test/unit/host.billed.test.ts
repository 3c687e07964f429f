// The proof of $0 where the user meets it: a "free" model whose answer reports a cost, through the
// activated extension (participant, notification, status bar) over real HTTP to the double.
import assert from 'node:assert/strict';
import { billedFreeAnswer } from '../fixtures/double';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import { RecordingStream } from './chatRecording';
import { useHostRig } from './hostLifecycle';

const A = 'qwen/qwen3-8b:free';
const B = 'qwen/qwen3-30b-a3b:free';
const PARTICIPANT = 'openrouter-dual.openrouter';
const BILLED_NOTICE = /OpenRouter Dual: qwen\/qwen3-8b:free is listed as free, but OpenRouter reported a cost of \$0\.000420 for its answer\. It counts as a paid model from now on, so "free models only" skips it\./;

describe('host: a "free" model that bills', function () {
  this.timeout(30_000);
  const rig = useHostRig({ name: 'billed', key: 'sk-or-v1-host-billed', settings: { enabledModels: [A, B] } });

  const participant = () => vscode.recorded.participants.get(PARTICIPANT)!;
  const chat = async (prompt: string, command?: string) => {
    const stream = new RecordingStream();
    const request = { prompt, command, references: [], model: { vendor: 'copilot', id: 'x', family: 'x' } };
    await participant().handler(request, { history: [] }, stream, new vscode.CancellationTokenSource().token);
    return stream.text;
  };
  const billedNotices = () => vscode.recorded.messages.filter((m) => m.level === 'warning' && BILLED_NOTICE.test(m.text));

  it('the footer says billed with the amount, the user is told once, and free-only skips the model afterwards', async () => {
    rig.double.script(A, billedFreeAnswer(A), billedFreeAnswer(A));
    rig.double.script(B, { kind: 'stream', text: ['Answer from B.'], usage: { prompt: 8, completion: 4, cost: 0 } });
    const { provider } = vscode.recorded.modelProviders.get('openrouter-dual')!;
    let pickerChanges = 0;
    const onChange = provider.onDidChangeLanguageModelChatInformation as unknown as (listener: () => void) => { dispose(): void };
    const listening = onChange(() => pickerChanges++);
    const first = await chat('What is 2 + 2?');
    assert.match(first, /Billed answer/);
    assert.match(first, /\*\*billed \$0\.000420\*\* although listed as free/);
    assert.equal(billedNotices().length, 1, vscode.recorded.messages.map((m) => m.text).join('\n'));

    const second = await chat('And 3 + 3?');
    assert.match(second, /Answer from B\./);
    assert.doesNotMatch(second, /billed/);
    assert.deepEqual(rig.double.chatRequests.map((r) => r.model), [A, B], 'nothing more was sent to the billing model');
    assert.equal(billedNotices().length, 1, 'told once');
    // `/models` says why the "free" model is no longer asked (test failed before: it read as any free model).
    const models = (await chat('', 'models')).replace(/\\(.)/g, '$1');
    const row = (id: string) => models.split('\n').find((l) => l.includes(`\`${id}\``)) ?? '';
    assert.match(row(A), /💸 billed although listed as free/, models.slice(0, 800));
    assert.doesNotMatch(row(B), /billed/);
    // The model picker says it too (test failed before: it read "free"), and was told its list changed.
    listening.dispose();
    assert.ok(pickerChanges >= 1, 'the picker was told its list changed');
    const details = Object.fromEntries(
      (provider.provideLanguageModelChatInformation() as { id: string; detail?: string }[]).map((m) => [m.id, m.detail]),
    );
    assert.equal(details[A], 'billed although listed as free');
    assert.equal(details[B], 'free');
  });

  it("/stats and the status bar's tooltip show the ledger: today's cost, the billed model, the free requests left, GET /key's figures", async () => {
    // What OpenRouter's GET /key says of the day (fields of the current API; cast, as older doubles lack them).
    rig.double.setKeyInfo({ usage_daily: 0.00042, limit_remaining: null, free_model_daily_requests: { limit: 50, remaining: 48, used: 2 } } as never);
    rig.double.script(A, billedFreeAnswer(A));
    rig.double.script(B, { kind: 'stream', text: ['Answer from B.'], usage: { prompt: 8, completion: 4, cost: 0 } });
    await chat('What is 2 + 2?');
    await chat('And 3 + 3?');
    // As the chat shows it: markdown escapes removed.
    const stats = (await chat('', 'stats')).replace(/\\(.)/g, '$1');
    assert.match(stats, /Today \(UTC\): 2 requests, 29 in \/ 13 out tokens, cost \$0\.0004\./);
    assert.match(stats, /Free requests left today: \d+ of 50\./);
    assert.match(stats, /Billed although listed as free \(now treated as paid\): qwen\/qwen3-8b:free\./);
    assert.match(stats, /\| `qwen\/qwen3-8b:free` \| 1 \| 21 \| 9 \| \$0\.0004 \|/);
    assert.match(stats, /\| `qwen\/qwen3-30b-a3b:free` \| 1 \| 8 \| 4 \| \$0\.00 \|/);

    // The billed answer asked GET /key again; the tooltip shows what it said.
    const item = vscode.recorded.statusBarItems[0]!;
    for (let i = 0; i < 100 && !/OpenRouter says this key spent/.test(item.tooltip); i++) await new Promise((r) => setTimeout(r, 20));
    assert.match(item.tooltip, /Today \(UTC\): 2 requests, 29 in \/ 13 out tokens, cost \$0\.0004\./);
    assert.match(item.tooltip, /OpenRouter counts 48 of 50 free requests left today\./);
    assert.match(item.tooltip, /OpenRouter says this key spent \$0\.0004 today\./);
    assert.match(item.tooltip, /Billed although listed as free \(now treated as paid\): qwen\/qwen3-8b:free\./);
  });
});
