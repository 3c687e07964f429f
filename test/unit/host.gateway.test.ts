// The local gateway as the extension runs it: off by default, started and stopped from the palette,
// its token in SecretStorage (copied, rotated), answering an `openai` SDK client through the same
// router and key as the chat, counted in the statistics as gateway requests, and the design's
// configuration API writing settings and the key without ever returning the key.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { OpenRouterDouble } from '../fixtures/double';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import * as ext from '../../src/extension';
import { freePort, startDoubleWithoutEnvKey, tearDownHost, until } from './hostLifecycle';

const A = 'qwen/qwen3-8b:free';
const KEY = 'sk-or-v1-host-gateway-key';
const TOKEN_SECRET = 'openrouterDual.gatewayToken';

type Api = Awaited<ReturnType<typeof ext.activate>>;

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('host: the local gateway', function () {
  this.timeout(30_000);
  let double: OpenRouterDouble;
  let storage: string;
  let port: number;
  let context: ReturnType<typeof vscode.createContext>;
  let api: Api;

  before(async () => {
    double = await startDoubleWithoutEnvKey();
  });
  beforeEach(async () => {
    double.reset();
    vscode.recorded.reset();
    storage = mkdtempSync(join(tmpdir(), 'host-gateway-'));
    port = await freePort();
    vscode.recorded.settings.set('openrouterDual.baseUrl', double.baseUrl);
    vscode.recorded.settings.set('openrouterDual.enabledModels', [A]);
    vscode.recorded.settings.set('openrouterDual.gateway.port', port);
  });
  afterEach(async () => {
    // The model list is fetched and cached in the background at activation; a test this short
    // would otherwise remove the folder while that write lands.
    await until(() => existsSync(join(storage, 'models-cache.json')), 'the model list cache');
    await tearDownHost(context, storage);
  });
  after(() => double.close());

  const start = async (): Promise<Api> => {
    context = vscode.createContext(storage);
    await context.secrets.store('openrouterDual.apiKey', KEY);
    api = await ext.activate(context as never);
    return api;
  };
  const run = (command: string) => vscode.recorded.commands.get(`openrouterDual.${command}`)?.();
  const gatewayItem = () => vscode.recorded.statusBarItems.find((i) => String(i.text).includes('Gateway'));
  const clipboardToken = () => /OPENAI_API_KEY=(\S+)/.exec(vscode.env.clipboard.text)?.[1] ?? '';
  const sdk = (token: string) => new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: token, maxRetries: 0 });

  const configApi = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/openrouter/${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };

  it('is off by default; Start serves an openai SDK client through the router, Stop closes the port', async () => {
    await start();
    assert.ok(await refused(port), 'nothing listens before Start');
    await run('startGateway');
    assert.ok(gatewayItem()?.visible, 'the status bar shows the gateway');
    assert.ok(String(gatewayItem()?.text).includes(String(port)));
    await run('copyGatewayUrl');
    assert.match(vscode.env.clipboard.text, new RegExp(`OPENAI_BASE_URL=http://127\\.0\\.0\\.1:${port}/v1`));
    const token = clipboardToken();
    assert.equal(token, context.secretValues.get(TOKEN_SECRET), 'the token lives in SecretStorage');

    const stream = await sdk(token).chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }], stream: true });
    let text = '';
    let model = '';
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      model = chunk.model;
    }
    assert.equal(text, `Hello from ${A}.`);
    assert.equal(model, A);
    const upstream = double.chatRequests[0];
    assert.equal(upstream?.headers.authorization, `Bearer ${KEY}`, 'upstream gets the OpenRouter key, not the gateway token');
    assert.deepEqual(api.statistics().gatewayRoutes, { answered: 1, failed: 0, cancelled: 0 });
    assert.ok(vscode.recorded.logLines.some((l) => l.includes('Gateway: chat (auto, streamed) answered by')));
    for (const line of vscode.recorded.logLines) {
      assert.ok(!line.includes(token) && !line.includes(KEY), `log line carries a secret: ${line}`);
    }
    const messages = vscode.recorded.messages.map((m) => m.text).join('\n');
    assert.ok(!messages.includes(token), 'no notification shows the token');

    await run('stopGateway');
    assert.ok(!gatewayItem()?.visible);
    assert.ok(await refused(port), 'the port is released');
  });

  it('starts at activation when enabled; a rotated token refuses the old one', async () => {
    vscode.recorded.settings.set('openrouterDual.gateway.enabled', true);
    await start();
    await until(() => gatewayItem()?.visible === true, 'the gateway to start');
    await run('copyGatewayUrl');
    const old = clipboardToken();
    assert.equal((await sdk(old).models.list()).data[0]?.id, "auto");
    await run('rotateGatewayToken');
    const fresh = context.secretValues.get(TOKEN_SECRET) ?? '';
    assert.notEqual(fresh, old);
    await assert.rejects(sdk(old).models.list(), (e: unknown) => e instanceof OpenAI.AuthenticationError);
    const models = await sdk(fresh).models.list();
    assert.deepEqual(models.data.map((m) => m.id), ['auto', A]);
  });

  it('a changed OpenRouter key reaches the next gateway request (the reused client is not kept past it)', async () => {
    await start();
    await run('startGateway');
    await run('copyGatewayUrl');
    const client = sdk(clipboardToken());
    const ask = async () => {
      const answer = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] });
      return answer.choices[0]?.message.content;
    };
    assert.equal(await ask(), `Hello from ${A}.`);
    assert.equal(await ask(), `Hello from ${A}.`);
    const changed = 'sk-or-v1-host-gateway-key-changed';
    await context.secrets.store('openrouterDual.apiKey', changed);
    // The key store reads the new secret when SecretStorage reports the change (microtasks).
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.equal(await ask(), `Hello from ${A}.`);
    assert.deepEqual(
      double.chatRequests.map((r) => r.headers.authorization),
      [`Bearer ${KEY}`, `Bearer ${KEY}`, `Bearer ${changed}`],
    );
    await run('stopGateway');
  });

  it('a busy port is an error that names the port', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', () => resolve()));
    try {
      await start();
      await run('startGateway');
      const error = vscode.recorded.messages.find((m) => m.level === 'error');
      assert.ok(error?.text.includes(`port ${port}`), `error names the port: ${error?.text}`);
      assert.ok(!gatewayItem()?.visible);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it("the design's configuration API writes settings and the key in one call and never returns the key", async () => {
    context = vscode.createContext(storage);
    api = await ext.activate(context as never);
    await run('startGateway');
    await run('copyGatewayUrl');
    const token = clipboardToken();
    const call = (method: string, path: string, body?: unknown) => configApi(token, method, path, body);
    const NEW_KEY = 'sk-or-v1-set-through-gateway';
    const configured = await call('POST', 'configure', { api_key: NEW_KEY, provider_mode: 'openrouter_sdk', routing_strategy: 'round_robin', max_retries: 4, enabled_models: [A] });
    assert.equal(configured.status, 200, configured.text);
    assert.ok(!configured.text.includes(NEW_KEY), 'the key is never returned');
    assert.equal(JSON.parse(configured.text).has_api_key, true);
    assert.equal(context.secretValues.get('openrouterDual.apiKey'), NEW_KEY);
    const told = vscode.recorded.messages.find((m) => m.level === 'warning' && m.text.includes('through the local gateway'));
    assert.ok(told?.items.includes('Remove Key'), `the user is told a program stored the key: ${JSON.stringify(vscode.recorded.messages)}`);
    // Once a key is set, the token cannot replace it: requests would go out on the token holder's account.
    const replaced = await call('POST', 'configure', { api_key: 'sk-or-v1-attacker', max_retries: 2 });
    assert.equal(replaced.status, 403, replaced.text);
    assert.equal(JSON.parse(replaced.text).error.code, 'api_key_already_set');
    assert.equal(context.secretValues.get('openrouterDual.apiKey'), NEW_KEY, 'the stored key is unchanged');
    assert.equal(vscode.recorded.settings.get('openrouterDual.maxRetries'), 4, 'nothing of the refused call was written');
    assert.equal(vscode.recorded.settings.get('openrouterDual.providerMode'), 'openrouter_sdk');
    assert.equal(vscode.recorded.settings.get('openrouterDual.routingStrategy'), 'round_robin');
    assert.equal(vscode.recorded.settings.get('openrouterDual.maxRetries'), 4);

    const config = await call('GET', 'config');
    assert.equal(config.status, 200);
    const parsed = JSON.parse(config.text) as { config: Record<string, unknown>; has_api_key: boolean };
    assert.equal(parsed.config.routing_strategy, 'round_robin');
    assert.equal(parsed.config.free_tier_daily_limit, 50);
    assert.ok(!config.text.includes(NEW_KEY));

    // One invalid field: 400 naming it, and nothing of the call is written.
    const invalid = await call('POST', 'configure', { routing_strategy: 'fastest_first', max_retries: 99 });
    assert.equal(invalid.status, 400);
    assert.equal(JSON.parse(invalid.text).error.param, 'max_retries');
    assert.equal(vscode.recorded.settings.get('openrouterDual.routingStrategy'), 'round_robin');

    const multi = await call('POST', 'multi-model/configure', { enabled_models: [A], routing_strategy: 'failover', max_retries: 1, timeout_per_model: 20 });
    assert.equal(multi.status, 200, multi.text);
    assert.equal(vscode.recorded.settings.get('openrouterDual.timeoutPerModel'), 20);
    const partial = await call('POST', 'multi-model/configure', { enabled_models: [A] });
    assert.equal(partial.status, 400);
    assert.equal(JSON.parse(partial.text).error.param, 'routing_strategy');

    const modes = JSON.parse((await call('GET', 'modes')).text) as { modes: { id: string; current: boolean }[] };
    assert.deepEqual(modes.modes.map((m) => m.id), ['openai_compatible', 'openrouter_sdk']);
    const recommended = JSON.parse((await call('GET', 'recommended-models?use_case=coding&limit=3')).text) as { use_case: string; models: { id: string }[] };
    assert.equal(recommended.use_case, 'coding');
    assert.ok(recommended.models.length > 0 && recommended.models.length <= 3);
    assert.equal((await call('GET', 'recommended-models?use_case=poetry')).status, 400);
    const free = JSON.parse((await call('GET', 'free-models')).text) as { models: { id: string; supports_tools: boolean }[] };
    assert.ok(free.models.every((m) => m.id.endsWith(':free') || typeof m.supports_tools === 'boolean'));
    const models = JSON.parse((await call('GET', 'models')).text) as { models: { id: string }[] };
    assert.deepEqual(models.models.map((m) => m.id), [A]);
    const test = JSON.parse((await call('POST', 'test-connection')).text) as { success: boolean };
    assert.equal(test.success, true);
    for (const line of vscode.recorded.logLines) assert.ok(!line.includes(NEW_KEY) && !line.includes(token), `log line carries a secret: ${line}`);
  });

  it('a key stored through the gateway is taken back with one click on the notice', async () => {
    context = vscode.createContext(storage);
    api = await ext.activate(context as never);
    await run('startGateway');
    await run('copyGatewayUrl');
    vscode.recorded.messageAnswers.push('Remove Key');
    const stored = await configApi(clipboardToken(), 'POST', 'configure', { api_key: 'sk-or-v1-from-a-terminal' });
    assert.equal(stored.status, 200, stored.text);
    await until(() => !context.secretValues.has('openrouterDual.apiKey'), 'the key removed after "Remove Key"');
  });
});
