// The gateway token is worth "use the router", never more: through the configuration API it cannot
// move where a key goes (`base_url`, `endpoints`) or what may cost money (`free_models_only`), and an
// endpoint's key goes only to the origin it was stored for, whatever path moved the endpoint's URL.
// Every check reads what an attacker's server (a second double on this machine) received.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { OpenRouterDouble } from '../fixtures/double';
import { LocalServerDouble } from '../fixtures/localServerDouble';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import * as ext from '../../src/extension';
import { freePort, startDoubleWithoutEnvKey, tearDownHost, until } from './hostLifecycle';

const A = 'qwen/qwen3-8b:free';
const PAID = 'qwen/qwen3-235b-a22b';
const KEY = 'sk-or-v1-host-gateway-trust';
const LAB_KEY = 'lab-key-0123456789abcdef';

describe('host: the gateway token is not the key', function () {
  this.timeout(30_000);
  let double: OpenRouterDouble;
  let attacker: OpenRouterDouble;
  let lab: LocalServerDouble;
  let evil: LocalServerDouble;
  let storage: string;
  let port: number;
  let context: ReturnType<typeof vscode.createContext>;

  before(async () => {
    double = await startDoubleWithoutEnvKey();
    attacker = await OpenRouterDouble.start();
    lab = await LocalServerDouble.start();
    evil = await LocalServerDouble.start();
  });
  beforeEach(async () => {
    double.reset();
    attacker.reset();
    lab.reset();
    evil.reset();
    vscode.recorded.reset();
    storage = mkdtempSync(join(tmpdir(), 'host-gateway-trust-'));
    port = await freePort();
    vscode.recorded.settings.set('openrouterDual.baseUrl', double.baseUrl);
    vscode.recorded.settings.set('openrouterDual.enabledModels', [A]);
    vscode.recorded.settings.set('openrouterDual.gateway.port', port);
    vscode.recorded.settings.set('openrouterDual.gateway.enabled', true);
    context = vscode.createContext(storage);
    await context.secrets.store('openrouterDual.apiKey', KEY);
    await ext.activate(context as never);
    await until(() => vscode.recorded.statusBarItems.some((i) => String(i.text).includes('Gateway') && i.visible), 'the gateway to start');
  });
  afterEach(async () => {
    await until(() => existsSync(join(storage, 'models-cache.json')), 'the model list cache');
    await tearDownHost(context, storage);
  });
  after(async () => {
    await double.close();
    await attacker.close();
    await lab.close();
    await evil.close();
  });

  const token = async () => {
    await vscode.commands.executeCommand('openrouterDual.copyGatewayUrl');
    return /OPENAI_API_KEY=(\S+)/.exec(vscode.env.clipboard.text)?.[1] ?? '';
  };
  const sdk = async () => new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: await token(), maxRetries: 0 });
  /** The configuration API through the same SDK client: it maps 403 to PermissionDeniedError. */
  const configure = async (body: Record<string, unknown>, path = 'configure') => {
    const client = new OpenAI({ baseURL: `http://127.0.0.1:${port}`, apiKey: await token(), maxRetries: 0 });
    return client.post(`/api/openrouter/${path}`, { body });
  };
  const chat = async () => {
    const answer = await (await sdk()).chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] });
    return answer;
  };
  const keyReached = (requests: readonly { headers?: Record<string, unknown>; authorization?: string }[], key: string) =>
    JSON.stringify(requests).includes(key);

  for (const [field, value] of [
    ['base_url', 'ATTACKER'],
    ['endpoints', 'ENDPOINT'],
    ['free_models_only', false],
  ] as const) {
    it(`configure refuses ${field} with 403 in OpenAI's shape, telling to change it in VS Code, and writes nothing of the call`, async () => {
      const before = {
        baseUrl: vscode.recorded.settings.get('openrouterDual.baseUrl'),
        endpoints: vscode.recorded.settings.get('openrouterDual.endpoints'),
        free: vscode.recorded.settings.get('openrouterDual.freeModelsOnly'),
        strategy: vscode.recorded.settings.get('openrouterDual.routingStrategy'),
        enabled: vscode.recorded.settings.get('openrouterDual.enabledModels'),
      };
      const given = value === 'ATTACKER' ? attacker.baseUrl : value === 'ENDPOINT' ? [{ id: 'evil', label: 'Evil', baseUrl: evil.baseUrl }] : value;
      const error = await configure({ [field]: given, routing_strategy: 'round_robin', enabled_models: [A, PAID] }).then(
        () => assert.fail('configure accepted it'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof OpenAI.PermissionDeniedError, String(error));
      assert.equal(error.status, 403);
      const body = error.error as { message: string; type: string; param: string | null; code: string };
      assert.equal(body.param, field);
      assert.equal(typeof body.code, 'string');
      assert.equal(typeof body.type, 'string');
      assert.match(body.message, /VS Code/);
      assert.match(body.message, new RegExp(`openrouterDual\\.${field === 'base_url' ? 'baseUrl' : field === 'endpoints' ? 'endpoints' : 'freeModelsOnly'}`));
      // All or none: the allowed fields of the same call were not written either.
      assert.equal(vscode.recorded.settings.get('openrouterDual.baseUrl'), before.baseUrl);
      assert.deepEqual(vscode.recorded.settings.get('openrouterDual.endpoints'), before.endpoints);
      assert.equal(vscode.recorded.settings.get('openrouterDual.freeModelsOnly'), before.free);
      assert.equal(vscode.recorded.settings.get('openrouterDual.routingStrategy'), before.strategy);
      assert.deepEqual(vscode.recorded.settings.get('openrouterDual.enabledModels'), before.enabled);

      // The next chat and model-list refresh carry the key where they did before, and nowhere else.
      const answer = await chat();
      assert.equal(answer.model, A);
      await vscode.commands.executeCommand('openrouterDual.refreshModels');
      assert.ok(keyReached(double.chatRequests, KEY), 'the chat went to the configured server');
      assert.equal(attacker.requests.length, 0, 'the attacker server received nothing');
      assert.equal(evil.requests.length, 0, 'the attacker endpoint received nothing');
    });
  }

  it('a paid model enabled through the token under free-only never gets a request', async () => {
    await vscode.commands.executeCommand('openrouterDual.refreshModels');
    await configure({ enabled_models: [PAID, A], routing_strategy: 'failover' });
    assert.deepEqual(vscode.recorded.settings.get('openrouterDual.enabledModels'), [PAID, A]);
    const answer = await chat();
    assert.equal(answer.model, A);
    assert.ok(!double.chatRequests.some((r) => JSON.stringify(r.body).includes(PAID)), 'no request names the paid model');
    await configure({ enabled_models: [PAID], routing_strategy: 'failover', max_retries: 1, timeout_per_model: 20 }, 'multi-model/configure');
    await chat().catch(() => undefined);
    assert.ok(!double.chatRequests.some((r) => JSON.stringify(r.body).includes(PAID)), 'no request names the paid model');
  });

  it("an endpoint's key goes only to the origin it was stored for, however the URL moved (settings.json)", async () => {
    vscode.changeSettings({ 'openrouterDual.endpoints': [{ id: 'lab', label: 'Lab', baseUrl: lab.baseUrl }], 'openrouterDual.enabledModels': ['@lab/llama3.2:3b'] });
    vscode.recorded.inputBoxAnswers.push(LAB_KEY);
    await vscode.commands.executeCommand('openrouterDual.setEndpointKey', 'lab');
    assert.ok(context.secretValues.get('openrouterDual.endpointKey.lab')?.includes(LAB_KEY), 'the key is stored');
    await chat();
    assert.ok(lab.chatRequests().some((r) => r.authorization === `Bearer ${LAB_KEY}`), 'the lab gets its key');

    // Someone edits settings.json (or Sync or an import brings it): the same id, another server on this machine.
    vscode.changeSettings({ 'openrouterDual.endpoints': [{ id: 'lab', label: 'Lab', baseUrl: evil.baseUrl }] });
    await until(() => evil.requests.some((r) => r.path === '/v1/models'), 'the model-list refresh of the moved endpoint');
    await chat();
    assert.ok(evil.chatRequests().length > 0, 'the moved endpoint was asked, without a key');
    assert.ok(!keyReached(evil.requests, LAB_KEY), `the moved endpoint received the key: ${JSON.stringify(evil.requests.map((r) => r.authorization))}`);
  });
});
