// The extension as a script or a terminal agent meets it under sustained faults (issue 21): the
// double fails every third request of each free model (the second of each three) with a transient fault (an upstream 429
// without a wait, a 503, an error event before any text, an empty answer) and one enabled model
// has ended. Through the local gateway, ten at a time, and through /group, every question is
// answered once, and the ended model is asked once, never again.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { availabilityError, type DoubleBehavior, type OpenRouterDouble } from '../fixtures/double';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import * as ext from '../../src/extension';
import { RecordingStream } from './chatRecording';
import { freePort, startDoubleWithoutEnvKey, tearDownHost, until } from './hostLifecycle';

const ENDED = 'deepseek/deepseek-r1:free';
const MODELS = ['qwen/qwen3-8b:free', 'qwen/qwen3-30b-a3b:free', 'mistralai/devstral-small-2505:free', 'google/gemma-3n-e4b-it:free'];
const KEY = 'sk-or-v1-host-faults-key';
const FAULTS: DoubleBehavior[] = [
  { kind: 'http-error', status: 429, message: 'Provider returned error', metadata: { raw: 'temporarily rate-limited upstream', provider_name: 'Chutes' } },
  { kind: 'http-error', status: 503, message: 'No instances available' },
  { kind: 'error-after-text', text: [], error: { code: 502, message: 'Provider returned error' } },
  { kind: 'stream', text: [], comments: false },
];

describe('host: under sustained faults', function () {
  this.timeout(60_000);
  let double: OpenRouterDouble;
  let storage: string;
  let port: number;
  let context: ReturnType<typeof vscode.createContext>;

  before(async () => {
    double = await startDoubleWithoutEnvKey();
  });
  beforeEach(async () => {
    double.reset();
    vscode.recorded.reset();
    storage = mkdtempSync(join(tmpdir(), 'host-faults-'));
    port = await freePort();
    vscode.recorded.settings.set('openrouterDual.baseUrl', double.baseUrl);
    vscode.recorded.settings.set('openrouterDual.enabledModels', [ENDED, ...MODELS]);
    vscode.recorded.settings.set('openrouterDual.gateway.port', port);
    // As the scenario: enough retries that a third of requests failing costs nothing.
    vscode.recorded.settings.set('openrouterDual.maxRetries', 5);
    // The faults are the subject here, not the free-tier budget (an account that bought credits).
    vscode.recorded.settings.set('openrouterDual.freeTier.requestsPerMinute', 1000);
    vscode.recorded.settings.set('openrouterDual.freeTier.dailyLimit', 1000);
    // Every third request of each model fails, in turn with each fault kind.
    const seen = new Map<string, number>();
    double.setBehaviorSource((model) => {
      if (model === ENDED) return availabilityError('free_variant_ended', model, { fallback_models: MODELS });
      const n = (seen.get(model) ?? 0) + 1;
      seen.set(model, n);
      return n % 3 === 2 ? FAULTS[Math.floor(n / 3) % FAULTS.length] : { kind: 'stream', text: ['Answer from ', model, '.'], comments: false };
    });
    context = vscode.createContext(storage);
    await context.secrets.store('openrouterDual.apiKey', KEY);
    await ext.activate(context as never);
  });
  afterEach(async () => {
    await until(() => existsSync(join(storage, 'models-cache.json')), 'the model list cache');
    await tearDownHost(context, storage);
  });
  after(() => double.close());

  const requestsTo = (model: string) => double.chatRequests.filter((r) => r.model === model).length;

  it('through the gateway, ten at a time: every question answered once, the ended model asked once', async () => {
    await vscode.recorded.commands.get('openrouterDual.startGateway')?.();
    await vscode.recorded.commands.get('openrouterDual.copyGatewayUrl')?.();
    const token = /OPENAI_API_KEY=(\S+)/.exec(vscode.env.clipboard.text)?.[1] ?? '';
    const sdk = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: token, maxRetries: 0 });
    const ask = async (): Promise<string> => {
      const stream = await sdk.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }], stream: true });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      return text;
    };
    const answers = [await ask()];
    for (let round = 0; round < 3; round++) answers.push(...(await Promise.all(Array.from({ length: 10 }, ask))));
    assert.equal(answers.length, 31);
    for (const text of answers) assert.match(text, /^Answer from [\w/.:-]+\.$/, `one whole answer, nothing duplicated: ${JSON.stringify(text)}`);
    assert.equal(requestsTo(ENDED), 1, 'the ended model is never asked again');
  });

  it('/group: each member answers despite the faults, and the ended model is passed over', async () => {
    vscode.changeSettings({ 'openrouterDual.groupSize': 3 });
    const participant = vscode.recorded.participants.get('openrouter-dual.openrouter')!;
    const group = async () => {
      const stream = new RecordingStream();
      const request = { prompt: 'compare', command: 'group', references: [], model: { vendor: 'copilot', id: 'x', family: 'x' } };
      await participant.handler(request, { history: [] }, stream, new vscode.CancellationTokenSource().token);
      return stream.text;
    };
    // A plain question first: the router learns that the ended model is gone.
    const chat = new RecordingStream();
    await participant.handler({ prompt: 'hi', references: [], model: { vendor: 'copilot', id: 'x', family: 'x' } }, { history: [] }, chat, new vscode.CancellationTokenSource().token);
    assert.match(chat.text, /Answer from/);
    for (let i = 0; i < 3; i++) {
      const text = await group();
      assert.equal((text.match(/Answer from /g) ?? []).length, 3, text);
      assert.ok(!text.includes('⚠️'), `no member failed: ${text}`);
    }
    assert.equal(requestsTo(ENDED), 1);
  });
});
