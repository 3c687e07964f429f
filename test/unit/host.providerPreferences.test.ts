// The user's provider preferences (settings) reach OpenRouter from the chat participant and from the
// model picker, with one session id per conversation: read from what the double received.
import assert from 'node:assert/strict';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import { RecordingStream } from './chatRecording';
import { useHostRig } from './hostLifecycle';

const A = 'qwen/qwen3-8b:free';
const PARTICIPANT = 'openrouter-dual.openrouter';

describe('host: provider preferences and session id', function () {
  this.timeout(30_000);
  const rig = useHostRig({
    name: 'provider-prefs',
    key: 'sk-or-v1-host-provider-prefs',
    settings: { enabledModels: [A], 'provider.dataCollection': 'deny', 'provider.ignore': ['SomeHost'] },
  });
  beforeEach(() => {
    rig.double.script(A, { kind: 'stream', text: ['answer'] });
  });

  const participant = () => vscode.recorded.participants.get(PARTICIPANT)!;
  const chat = async (prompt: string, history: unknown[] = []) => {
    const request = { prompt, command: undefined, references: [], model: { vendor: 'copilot', id: 'x', family: 'x' } };
    await participant().handler(request, { history }, new RecordingStream(), new vscode.CancellationTokenSource().token);
  };

  it('the participant sends the preferences, and one session id for the turns of a conversation', async () => {
    await chat('first question');
    await chat('second question', [
      new vscode.ChatRequestTurn('first question', undefined, [], PARTICIPANT),
      new vscode.ChatResponseTurn([new vscode.ChatResponseMarkdownPart(new vscode.MarkdownString('answer'))], { metadata: { answer: 'answer' } }, PARTICIPANT),
    ]);
    await chat('a new chat');
    const sent = rig.double.chatRequests.map((r) => r.body);
    assert.equal(sent.length, 3);
    for (const body of sent) assert.deepEqual(body.provider, { data_collection: 'deny', ignore: ['SomeHost'] });
    assert.ok(sent[0].session_id);
    assert.equal(sent[1].session_id, sent[0].session_id);
    assert.notEqual(sent[2].session_id, sent[0].session_id);
  });

  it('the model picker sends them too, with a session id derived from the first turn', async () => {
    const { provider } = vscode.recorded.modelProviders.get('openrouter-dual')!;
    const turn = (text: string, role = 1) => ({ role, content: [new vscode.LanguageModelTextPart(text)], name: undefined });
    const ask = (messages: unknown[]) =>
      Promise.resolve(provider.provideLanguageModelChatResponse({ id: A }, messages, {}, { report: () => undefined }, new vscode.CancellationTokenSource().token));
    await ask([turn('agent task')]);
    await ask([turn('agent task'), turn('working', 2), turn('continue')]);
    const sent = rig.double.chatRequests.map((r) => r.body);
    assert.equal(sent.length, 2);
    for (const body of sent) assert.deepEqual(body.provider, { data_collection: 'deny', ignore: ['SomeHost'] });
    assert.ok(sent[0].session_id);
    assert.equal(sent[1].session_id, sent[0].session_id);
  });
});
