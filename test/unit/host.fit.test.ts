// @openrouter fits what it sends to the enabled windows (issue 22 §4), through activate() with the
// `vscode` stand-in and the OpenRouter double, which enforces the listed windows with a real
// tokenizer: the oldest turns go first and the answer says how many; an attachment goes whole to a
// model whose window holds it, and is cut (saying so) only when no enabled window does.
import assert from 'node:assert/strict';
import * as vscode from './vscodeStub';
import * as ext from '../../src/extension';
import { RecordingStream } from './chatRecording';
import { useHostRig } from './hostLifecycle';
import { fitAttachments, fitHistory } from '../../src/host/chat/render/fitPrompt';

const SMALL = 'google/gemma-3n-e4b-it:free'; // 8K window in the double's list
const BIG = 'qwen/qwen3-235b-a22b:free'; // 131K

function prose(tokens: number, tag: string): string {
  return `${tag}: ${'Every answer so far has been about the router and the windows of free models. '.repeat(Math.ceil(tokens / 14))}`;
}

describe('host: @openrouter fits the conversation to the enabled windows', function () {
  this.timeout(60_000);
  const rig = useHostRig({ name: 'fit', key: 'sk-or-v1-host-fit', activate: false });

  async function start(models: string[]): Promise<void> {
    vscode.recorded.settings.set('openrouterDual.enabledModels', models);
    await ext.activate(rig.context as never);
    await vscode.commands.executeCommand('openrouterDual.refreshModels');
  }
  async function ask(prompt: string, history: unknown[] = [], references: unknown[] = [], model = { vendor: 'copilot', id: 'x', family: 'x' }) {
    const stream = new RecordingStream();
    const request = { prompt, command: undefined, references, model };
    await vscode.recorded.participants.get('openrouter-dual.openrouter')!.handler(request, { history }, stream, new vscode.CancellationTokenSource().token);
    return stream;
  }
  const turn = (i: number) => [
    new vscode.ChatRequestTurn(`question ${i}`, undefined, [], 'openrouter-dual.openrouter'),
    new vscode.ChatResponseTurn([], { metadata: { answer: prose(1500, `answer ${i}`) } }, 'openrouter-dual.openrouter'),
  ];

  it('leaves the oldest turns out when the conversation outgrows every window, and says how many', async () => {
    await start([SMALL]);
    const stream = await ask('And now?', Array.from({ length: 8 }, (_, i) => turn(i)).flat());
    const sent = rig.double.chatRequests.at(-1)?.body as { messages: { role: string; content: string }[] };
    assert.ok(sent, 'the request was sent');
    assert.equal(sent.messages.at(-1)?.content, 'And now?');
    const kept = sent.messages.filter((m) => m.role === 'user').length - 1;
    assert.ok(kept >= 1 && kept < 8, `${kept} earlier turns kept`);
    assert.equal(sent.messages[0].content, `question ${8 - kept}`, 'the latest turns stay, the oldest go');
    assert.match(stream.shown, new RegExp(`${8 - kept} earlier turns were left out: the conversation is longer than the largest enabled context window \\(8K tokens\\)`));
    assert.match(stream.shown, /Hello/, 'the model answered');
  });

  it('fits the history to the window of the model picked for the chat, which then answers; with Auto the larger window keeps it all', async () => {
    await start([SMALL, BIG]);
    const history = Array.from({ length: 8 }, (_, i) => turn(i)).flat();
    const picked = { vendor: 'openrouter-dual', id: SMALL, family: SMALL };
    const stream = await ask('And now?', history, [], picked);
    assert.deepEqual(rig.double.chatRequests.map((r) => r.model), [SMALL], 'the picked model is asked, not passed over');
    const sent = rig.double.chatRequests[0].body as { messages: { role: string }[] };
    const kept = sent.messages.filter((m) => m.role === 'user').length - 1;
    assert.ok(kept >= 1 && kept < 8, `${kept} earlier turns kept`);
    assert.match(stream.shown, new RegExp(`${8 - kept} earlier turns were left out: the conversation is longer than the context window of \`google/gemma-3n-e4b-it:free\` \\(8K tokens\\), the model asked first`));
    assert.match(stream.shown, /Hello from google\/gemma-3n-e4b-it:free/);

    rig.double.reset();
    const auto = await ask('And now?', history);
    assert.deepEqual(rig.double.chatRequests.map((r) => r.model), [BIG]);
    assert.equal((rig.double.chatRequests[0].body as { messages: { role: string }[] }).messages.filter((m) => m.role === 'user').length, 9, 'every turn kept');
    assert.doesNotMatch(auto.shown, /earlier turns were left out/);
  });

  it('a picked model too small for the attachment itself is passed over: the attachment goes whole to the larger window', async () => {
    await start([SMALL, BIG]);
    const paste = prose(20_000, 'log');
    const stream = await ask('What does this log say?', [], [{ id: 'paste', value: paste }], { vendor: 'openrouter-dual', id: SMALL, family: SMALL });
    assert.deepEqual(rig.double.chatRequests.map((r) => r.model), [BIG]);
    assert.ok((rig.double.chatRequests[0].body as { messages: { content: string }[] }).messages.at(-1)?.content.includes(paste), 'the attachment went whole');
    assert.doesNotMatch(stream.shown, /was cut/);
  });

  it('sends a long attachment whole to the model whose window holds it, passing over the small one', async () => {
    await start([SMALL, BIG]);
    const paste = prose(20_000, 'log');
    const stream = await ask('What does this log say?', [], [{ id: 'paste', value: paste }]);
    assert.deepEqual(rig.double.chatRequests.map((r) => r.model), [BIG]);
    const sent = rig.double.chatRequests[0].body as { messages: { content: string }[] };
    assert.ok(sent.messages.at(-1)?.content.includes(paste), 'the attachment went whole');
    assert.match(stream.shown, /gemma-3n-e4b-it:free`: skipped \(8K window, request ~2\dK\)/);
    assert.doesNotMatch(stream.shown, /was cut/);
  });

  it('through the language-model API: Auto sends a request too long for the first model to the larger one, a short one still to the first; the picker reports honest windows', async () => {
    await start([SMALL, BIG]);
    const { provider } = vscode.recorded.modelProviders.get('openrouter-dual')!;
    const ask = async (text: string) => {
      const reported: unknown[] = [];
      const messages = [{ role: 1, content: [new vscode.LanguageModelTextPart(text)], name: undefined }];
      await provider.provideLanguageModelChatResponse({ id: 'auto' }, messages, {}, { report: (p: unknown) => reported.push(p) }, new vscode.CancellationTokenSource().token);
      return reported.filter((p): p is vscode.LanguageModelTextPart => p instanceof vscode.LanguageModelTextPart).map((p) => p.value).join('');
    };
    assert.match(await ask(prose(20_000, 'log')), /from qwen\/qwen3-235b-a22b:free/);
    assert.match(await ask('hi'), /from google\/gemma-3n-e4b-it:free/);
    assert.deepEqual(rig.double.chatRequests.map((r) => r.model), [BIG, SMALL]);
    const info = provider.provideLanguageModelChatInformation({ silent: true }, new vscode.CancellationTokenSource().token) as { id: string; maxInputTokens: number }[];
    assert.equal(info.find((m) => m.id === 'auto')?.maxInputTokens, 131072 - 4096, 'Auto: the largest enabled window');
    assert.equal(info.find((m) => m.id === SMALL)?.maxInputTokens, 8192 - 2048);
  });

  it("with contextCompression on, a question longer than every enabled window goes to OpenRouter with its context-compression plugin, and the answer says so", async () => {
    vscode.recorded.settings.set('openrouterDual.contextCompression', true);
    await start([SMALL]);
    const stream = await ask(prose(20_000, 'question'));
    assert.deepEqual(rig.double.chatRequests.map((r) => r.model), [SMALL]);
    assert.deepEqual((rig.double.chatRequests[0].body as { plugins?: unknown }).plugins, [{ id: 'context-compression' }]);
    assert.match(stream.shown, /Hello from google\/gemma-3n-e4b-it:free/);
    assert.match(stream.shown, /The request \(~2\dK tokens\) is larger than every enabled model's context window: OpenRouter's context-compression plugin left out or cut messages from its middle\./);
  });

  it('cuts an attachment only when no enabled window holds it, and says what was cut', async () => {
    await start([SMALL]);
    const paste = prose(20_000, 'log');
    const stream = await ask('What does this log say?', [], [{ id: 'paste', value: paste }]);
    assert.equal(rig.double.chatRequests.length, 1, stream.shown);
    assert.match(stream.shown, new RegExp(`text was cut to its first \\d+ of ${paste.length} characters: no enabled model's context window \\(8K tokens\\) holds the attachments whole`));
    assert.match(stream.shown, /Hello/);
  });
});

describe('fitting the prompt (pure)', () => {
  it('keeps the system prompt and the question, dropping whole turns oldest first', () => {
    const messages = [
      { role: 'system' as const, content: 'sys' },
      ...Array.from({ length: 4 }, (_, i) => [{ role: 'user' as const, content: prose(500, `q${i}`) }, { role: 'assistant' as const, content: prose(500, `a${i}`) }]).flat(),
      { role: 'user' as const, content: 'now' },
    ];
    const { messages: kept, droppedTurns } = fitHistory(messages, 2500);
    assert.equal(droppedTurns, 2);
    assert.deepEqual(kept.map((m) => m.content.slice(0, 3)), ['sys', 'q2:', 'a2:', 'q3:', 'a3:', 'now']);
    assert.equal(fitHistory(messages, undefined).droppedTurns, 0);
    assert.equal(fitHistory(messages, 2500).fits, true);
    assert.equal(fitHistory(messages, 1).fits, false, 'the system prompt and the question alone are over a budget of 1');
  });
  it('cuts the largest attachments first and keeps small ones whole', () => {
    const { text, cut } = fitAttachments([{ label: 'small.ts', text: 'const a = 1;' }, { label: 'big.log', text: prose(5000, 'big') }], 1000);
    assert.deepEqual(cut.map((c) => c.label), ['big.log']);
    assert.ok(text.includes('const a = 1;'));
    assert.equal(fitAttachments([{ label: 'x', text: 'short' }], 1000).cut.length, 0);
  });
});
