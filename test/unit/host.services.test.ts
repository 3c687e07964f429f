// The host's services and adapters on their own, each over small fakes of the narrow interface it
// takes (no activate(), no double): the one gate before a request leaves, what a refusal looks like
// where the user meets it, the models in use, the status bar, and what endpoint edits write.
import assert from 'node:assert/strict';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import { defaultConfig, type Config, type SettingKey } from '../../src/core/config';
import type { CatalogModel } from '../../src/core/catalog/types';
import type { RouteRequest, RouterEvent } from '../../src/core/router/types';
import { OpenRouterAccess, type Prepared, type RequestGate } from '../../src/host/openrouter/openRouterAccess';
import type { Routes } from '../../src/host/openrouter/routes';
import { routeWhenReady } from '../../src/host/openrouter/routeWhenReady';
import { runConnectionTest } from '../../src/host/key/connectionTest';
import { ModelSelection } from '../../src/host/models/modelSelection';
import { createStatusBar } from '../../src/host/status/statusBar';
import { ModelRouter } from '../../src/core/router';
import type { AccountUsage } from '../../src/core/router/ledger';
import { settings as routerSettings } from './router.fakes';
import { removeEndpoint, saveEndpoint, setEndpointKey, type EndpointEdits } from '../../src/host/endpoints/endpointOperations';
import type { KeyHostDecision } from '../../src/host/key/keyHostGate';
import type { Log } from '../../src/host/status/log';
import { createHostConfiguration } from '../../src/host/configuration/hostConfiguration';
import { createApi } from '../../src/host/api';
import { createGatewayBackend } from '../../src/host/gateway/gatewayBackend';

const KEY = 'sk-or-v1-host-services';

function fakeLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  const line = (level: string) => (m: string) => void lines.push(`${level} ${m}`);
  return { lines, debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'), show: () => undefined };
}

/** Settings as the services read and write them: a config that `update` replaces, and its change event. */
function fakeSettings(values: Partial<Config> = {}) {
  const changed = new vscode.EventEmitter<{ config: Config; changed: SettingKey[] }>();
  const settings = {
    config: { ...defaultConfig(), ...values } as Config,
    isSetByUser: (_key: SettingKey) => false,
    onDidChange: changed.event,
    update: async (key: SettingKey, value: unknown) => {
      settings.config = { ...settings.config, [key]: value };
      changed.fire({ config: settings.config, changed: [key] });
    },
    storedValue: (key: SettingKey) => settings.config[key],
  };
  return settings;
}

/** A router that records what it was asked to send and answers with one `done`. */
function recordingRoutes(): Routes & { sent: RouteRequest[] } {
  const sent: RouteRequest[] = [];
  return {
    sent,
    route: (request) => {
      sent.push(request);
      return (async function* (): AsyncIterable<RouterEvent> {
        yield { type: 'done', summary: { model: 'qwen/qwen3-8b:free', totalMs: 1, attempts: [] } } as RouterEvent;
      })();
    },
    group: () => {
      throw new Error('not used');
    },
  };
}

async function collect(events: AsyncIterable<RouterEvent>): Promise<RouterEvent[]> {
  const out: RouterEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('host services: OpenRouter access and its one gate', () => {
  const keyStore = (initial: string | undefined, env?: string) => {
    const changed = new vscode.EventEmitter<void>();
    let stored = initial;
    return {
      get: async () => (stored ? { key: stored, source: 'secret' as const } : env ? { key: env, source: 'env' as const } : { key: undefined, source: 'none' as const }),
      store: async (key: string) => void ((stored = key), changed.fire()),
      clear: async () => void ((stored = undefined), changed.fire()),
      onDidChange: changed.event,
    };
  };
  const gate = (decision: KeyHostDecision) => {
    const asked: string[] = [];
    return { asked, check: async (baseUrl: string) => (asked.push(baseUrl), decision), allowsNow: () => decision.ok };
  };
  const access = (key: string | undefined, decision: KeyHostDecision = { ok: true }, env?: string) => {
    const hosts = gate(decision);
    const routes = recordingRoutes();
    const a = new OpenRouterAccess({ settings: fakeSettings({ baseUrl: 'https://proxy.example/api/v1' }), keys: keyStore(key, env), keyHosts: hosts, log: fakeLog(), routes: () => routes });
    return { a, hosts, routes };
  };

  it('refuses without a key, says how to set one, and never asks the host question', async () => {
    const { a, hosts } = access(undefined);
    const prepared = await a.prepare();
    assert.deepEqual(prepared, { ok: false, reason: 'no-key', message: 'No OpenRouter API key is set. Run "OpenRouter: Set API Key".' });
    assert.deepEqual(hosts.asked, []);
  });

  it('refuses a host the user did not confirm, with the gate\'s message, and hands out no route', async () => {
    const { a, hosts } = access(KEY, { ok: false, reason: 'refused', message: 'Your OpenRouter key was not sent to https://proxy.example.' });
    const prepared = await a.prepare();
    assert.equal(prepared.ok, false);
    assert.equal(!prepared.ok && prepared.reason, 'host-refused');
    assert.equal(!prepared.ok && prepared.message, 'Your OpenRouter key was not sent to https://proxy.example.');
    assert.equal('routes' in prepared, false);
    assert.deepEqual(hosts.asked, ['https://proxy.example/api/v1']);
  });

  it('once ready, hands out the router and the key for the cleared host', async () => {
    const { a, routes } = access(KEY);
    const prepared = await a.prepare();
    assert.ok(prepared.ok);
    assert.equal(prepared.routes, routes);
    assert.equal(prepared.providerSettings.apiKey, KEY);
    assert.equal(prepared.providerSettings.baseUrl, 'https://proxy.example/api/v1');
    assert.equal(prepared.keySource, 'secret');
  });

  it('clearing the stored key reports the environment variable still in use', async () => {
    const { a } = access(KEY, { ok: true }, 'sk-or-v1-from-env');
    assert.equal(await a.refreshKey(), true);
    assert.equal(await a.clearKey(), 'env');
    assert.equal(a.hasKey, true);
    assert.equal(a.keySource, 'env');
  });
});

describe('host services: a refusal where API and gateway callers meet it', () => {
  const refusing = (prepared: Prepared): RequestGate => ({ prepare: async () => prepared });

  it('no key ends as an auth `failed` event, a refused host as a forbidden one; nothing is built or sent', async () => {
    let built = 0;
    const build = () => (built++, { messages: [] });
    const noKey = await collect(routeWhenReady(refusing({ ok: false, reason: 'no-key', message: 'No key.' }), build));
    const host = await collect(routeWhenReady(refusing({ ok: false, reason: 'host-insecure', message: 'Plain http.' }), build));
    assert.deepEqual(
      [...noKey, ...host].map((e) => e.type === 'failed' && [e.failure.kind, e.failure.message]),
      [
        ['auth', 'No key.'],
        ['forbidden', 'Plain http.'],
      ],
    );
    assert.equal(built, 0);
  });

  it('a ready gate routes the request built for it', async () => {
    const routes = recordingRoutes();
    const ready: Prepared = { ok: true, routes, providerSettings: { apiKey: KEY, baseUrl: 'https://openrouter.ai/api/v1', appTitle: 'OpenRouter Dual' }, keySource: 'secret' };
    const events = await collect(routeWhenReady(refusing(ready), () => ({ messages: [{ role: 'user', content: 'hi' }], preferredModel: 'x' })));
    assert.deepEqual(events.map((e) => e.type), ['done']);
    assert.deepEqual(routes.sent.map((r) => r.preferredModel), ['x']);
  });

  it('Test Connection stops at the key step with the refusal, refreshes nothing, and still checks the endpoints', async () => {
    let refreshed = 0;
    const result = await runConnectionTest(
      {
        access: refusing({ ok: false, reason: 'no-key', message: 'No OpenRouter API key is set. Run "OpenRouter: Set API Key".' }),
        settings: { config: defaultConfig() },
        catalog: { refresh: async () => (refreshed++, { ok: true, added: [], gone: [], count: 0, skipped: 0, fetched: false }), stats: () => ({}) as never },
        models: { enabledModelIds: () => [] },
        endpoints: { list: () => [{ id: 'ollama', label: 'Ollama', baseUrl: 'http://localhost:11434/v1' }], check: async () => [{ endpointId: 'ollama', label: 'Ollama', ok: true, count: 2 }] },
        log: fakeLog(),
      },
      () => undefined,
    );
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.steps.map((s) => [s.id, s.ok, s.message]),
      [
        ['key', false, 'No OpenRouter API key is set. Run "OpenRouter: Set API Key".'],
        ['endpoint:ollama', true, 'answers; 2 models listed.'],
      ],
    );
    assert.equal(refreshed, 0);
  });
});

describe('host services: the models in use', () => {
  const model = (id: string, free: boolean): CatalogModel =>
    ({ id, name: id, free, capabilities: { reasoning: false, vision: false, toolCalling: false } }) as CatalogModel;
  const selection = (config: Partial<Config>, endpointModels: CatalogModel[], cooling: string[] = []) =>
    new ModelSelection({
      settings: fakeSettings(config),
      catalog: {
        // No OpenRouter id chosen: the recommended free model stands in.
        resolveEnabled: (ids) => ({ models: ids.length ? ids.map((id) => model(id, true)) : [model('recommended/free:free', true)], gone: [], unknown: [], paidRemoved: [], unverified: [], defaulted: ids.length === 0 }),
        onDidChange: () => () => undefined,
        ensureFresh: () => undefined,
      },
      endpoints: { modelFor: (id) => endpointModels.find((m) => m.id === id) },
      health: (id) => ({ coolingDown: cooling.includes(id) }),
      log: fakeLog(),
    });

  it('only endpoint models chosen: OpenRouter\'s recommended defaults do not join them', () => {
    const s = selection({ enabledModels: ['@ollama/llama3.2:3b'] }, [model('@ollama/llama3.2:3b', true)]);
    assert.deepEqual(s.enabledModelIds(), ['@ollama/llama3.2:3b']);
  });

  it('keeps the user\'s order across OpenRouter and endpoints, and leaves a paid endpoint model out under free-only', () => {
    const endpointModels = [model('@ollama/llama3.2:3b', true), model('@cloud/big', false)];
    const config = { enabledModels: ['@ollama/llama3.2:3b', 'qwen/qwen3-8b:free', '@cloud/big'] };
    assert.deepEqual(selection({ ...config, freeModelsOnly: true }, endpointModels).enabledModelIds(), ['@ollama/llama3.2:3b', 'qwen/qwen3-8b:free']);
    assert.deepEqual(selection({ ...config, freeModelsOnly: false }, endpointModels).enabledModelIds(), ['@ollama/llama3.2:3b', 'qwen/qwen3-8b:free', '@cloud/big']);
  });

  it('all cooling down only when every enabled model is', () => {
    const config = { enabledModels: ['a/x:free', 'b/y:free'] };
    assert.equal(selection(config, [], ['a/x:free']).allCoolingDown(), false);
    assert.equal(selection(config, [], ['a/x:free', 'b/y:free']).allCoolingDown(), true);
  });
});

describe('host services: the status bar', () => {
  beforeEach(() => vscode.recorded.reset());

  it('warns without a key and shows mode and strategy once one is set', () => {
    const modelsChanged = new vscode.EventEmitter<void>();
    const access = { hasKey: false, keySource: 'none' as const, accountUsage: undefined };
    const router = new ModelRouter({ provider: () => ({}) as never, models: () => [], settings: () => routerSettings() });
    const bar = createStatusBar({
      settings: fakeSettings(),
      access,
      models: { enabledModelIds: () => ['a/x:free'], allCoolingDown: () => false, onDidChange: modelsChanged.event },
      router,
    });
    const item = vscode.recorded.statusBarItems[0];
    assert.equal(item.text, '$(warning) OpenRouter');
    assert.match(item.tooltip, /No OpenRouter API key is set/);
    access.hasKey = true;
    modelsChanged.fire();
    assert.equal(item.text, '$(hubot) OpenRouter: OpenAI · Failover');
    bar.dispose();
  });

  it("the tooltip shows today's requests and cost ($0.00), the free requests left, and what GET /key said", () => {
    const modelsChanged = new vscode.EventEmitter<void>();
    const access: { hasKey: boolean; keySource: 'secret'; accountUsage: AccountUsage | undefined } = { hasKey: true, keySource: 'secret', accountUsage: undefined };
    const router = new ModelRouter({ provider: () => ({}) as never, models: () => [], settings: () => routerSettings({ dailyLimit: 50 }) });
    const bar = createStatusBar({
      settings: fakeSettings(),
      access,
      models: { enabledModelIds: () => ['a/x:free'], allCoolingDown: () => false, onDidChange: modelsChanged.event },
      router,
    });
    const item = vscode.recorded.statusBarItems[0];
    assert.match(item.tooltip, /Today \(UTC\): 0 requests, 0 in \/ 0 out tokens, cost \$0\.00\.\nFree requests left today: 50 of 50\./);
    // Two free requests answered (each spends the budget), one reporting a cost.
    for (const cost of [0, 0.0004]) {
      router.budget.tryAcquire(Date.now());
      router.stats.requestStarted('a/x:free');
      router.stats.requestEnded('a/x:free', { outcome: 'success', totalMs: 10, usage: { promptTokens: 30, completionTokens: 10, cost } });
    }
    access.accountUsage = { usageDaily: 0.0004, limitRemaining: 4.9996, freeRequests: { limit: 50, remaining: 47, used: 3 }, at: Date.now() };
    modelsChanged.fire();
    assert.match(item.tooltip, /Today \(UTC\): 2 requests, 60 in \/ 20 out tokens, cost \$0\.0004\./);
    assert.match(item.tooltip, /Free requests left today: 48 of 50\./);
    assert.match(item.tooltip, /OpenRouter counts 47 of 50 free requests left today\./);
    assert.match(item.tooltip, /OpenRouter says this key spent \$0\.0004 today\./);
    assert.match(item.tooltip, /\$5\.00 left on the key's credit limit\./);
    bar.dispose();
  });
});

describe('host services: endpoint edits', () => {
  beforeEach(() => vscode.recorded.reset());

  const edits = (config: Partial<Config>, keys: string[] = []) => {
    const settings = fakeSettings(config);
    const cleared: string[] = [];
    const services: EndpointEdits = {
      settings,
      log: fakeLog(),
      keyHosts: { checkEndpoint: async () => ({ ok: true }) },
      endpoints: {
        list: () => settings.config.endpoints,
        find: (id) => settings.config.endpoints.find((e) => e.id === id),
        hasKey: (id) => keys.includes(id),
        keys: { clear: async (id: string) => void cleared.push(id), store: async () => undefined } as never,
        checkOne: async () => ({ endpointId: 'x', label: 'x', ok: true, count: 0 }),
      },
    };
    return { services, settings, cleared };
  };
  const ollama = { id: 'ollama', label: 'Ollama', baseUrl: 'http://localhost:11434/v1' };

  it('an endpoint moved to another host loses its key; a new label on the same host keeps it', async () => {
    const same = edits({ endpoints: [ollama] }, ['ollama']);
    assert.equal((await saveEndpoint(same.services, { id: 'ollama', label: 'Local', baseUrl: 'http://localhost:11434/v1/' }, 'ollama')).message, 'Local was saved.');
    assert.deepEqual(same.settings.config.endpoints, [{ ...ollama, label: 'Local' }]);
    assert.deepEqual(same.cleared, []);

    const moved = edits({ endpoints: [ollama] }, ['ollama']);
    const result = await saveEndpoint(moved.services, { id: 'ollama', label: 'Ollama', baseUrl: 'https://gpu.example/v1' }, 'ollama');
    assert.match(result.message ?? '', /Its key was removed because the base URL points to another host/);
    assert.deepEqual(moved.cleared, ['ollama']);
  });

  it('removing an endpoint takes its models out of the enabled ones and clears its key', async () => {
    const { services, settings, cleared } = edits({ endpoints: [ollama], enabledModels: ['qwen/qwen3-8b:free', '@ollama/llama3.2:3b'] });
    const result = await removeEndpoint(services, 'ollama');
    assert.equal(result.message, 'Ollama was removed, with its models and its key.');
    assert.deepEqual(settings.config.enabledModels, ['qwen/qwen3-8b:free']);
    assert.deepEqual(settings.config.endpoints, []);
    assert.deepEqual(cleared, ['ollama']);
  });

  it('setting the key of an endpoint no longer configured is refused before any box opens', async () => {
    const { services } = edits({ endpoints: [ollama] });
    vscode.recorded.inputBoxAnswers.push('sk-local');
    const result = await setEndpointKey(services, 'gone');
    assert.deepEqual(result, { ok: false, message: 'The endpoint gone is no longer configured.' });
    assert.deepEqual(vscode.recorded.inputBoxAnswers, ['sk-local']);
  });
});

describe('host services: one configuration object behind the API and the gateway', () => {
  const setUp = (prepared: Prepared) => {
    const settings = fakeSettings({ providerMode: 'openrouter_sdk', enabledModels: ['qwen/qwen3-8b:free'], temperature: 0.3 });
    const log = fakeLog();
    const free = [{ id: 'qwen/qwen3-8b:free', name: 'Qwen3 8B', contextLength: 40_000 }] as CatalogModel[];
    const host = createHostConfiguration({
      access: { prepare: async () => prepared },
      settings,
      catalog: { free: () => free, recommend: () => [], refresh: async () => ({ ok: true, added: [], gone: [], count: 0, skipped: 0, fetched: false }), stats: () => ({}) as never },
      models: { enabledModels: () => free, enabledModelIds: () => free.map((m) => m.id) },
      endpoints: { list: () => [], check: async () => [] },
      router: { healthOf: () => ({}) },
      log,
    });
    const changed = new vscode.EventEmitter<void>();
    const api = createApi(host, { settings, log, models: { enabledModelIds: () => free.map((m) => m.id), onDidChange: changed.event }, router: { stats: {} as never } });
    const gateway = createGatewayBackend(host, { settings, log, keyHosts: { check: async () => ({ ok: true }) }, access: { hasKey: false, storeKey: async () => undefined, clearKey: async () => 'none' } });
    return { api, gateway, log };
  };

  it('answers the same modes, models and configuration through both', () => {
    const { api, gateway } = setUp({ ok: false, reason: 'no-key', message: 'No key.' });
    assert.deepEqual(api.modes(), gateway.config?.modes());
    assert.deepEqual(api.modes().find((m) => m.current)?.id, 'openrouter_sdk');
    assert.deepEqual(api.models(), gateway.config?.models());
    assert.deepEqual(api.getConfiguration(), gateway.config?.config());
    assert.deepEqual(gateway.models().map((m) => m.id), ['auto', 'qwen/qwen3-8b:free']);
  });

  it('a chat from the API and a request through the gateway are refused alike, and the API logs only what it sends', async () => {
    const { api, gateway, log } = setUp({ ok: false, reason: 'host-refused', message: 'Not sent to https://proxy.example.' });
    const viaApi = await collect(api.chat({ messages: [{ role: 'user', content: 'hi' }] }));
    const viaGateway = await collect(gateway.route({ messages: [{ role: 'user', content: 'hi' }] }));
    assert.deepEqual(viaApi, viaGateway);
    assert.equal(viaApi[0].type === 'failed' && viaApi[0].failure.kind, 'forbidden');
    assert.deepEqual(log.lines.filter((l) => l.includes('API chat')), []);
  });

  it('a ready request carries the settings\' defaults, through either door', async () => {
    const routes = recordingRoutes();
    const { api, gateway, log } = setUp({ ok: true, routes, providerSettings: { apiKey: KEY, baseUrl: 'https://openrouter.ai/api/v1', appTitle: 'OpenRouter Dual' }, keySource: 'secret' });
    await collect(api.chat({ messages: [{ role: 'user', content: 'hi' }], model: 'qwen/qwen3-8b:free' }));
    await collect(gateway.route({ messages: [{ role: 'user', content: 'hi' }], options: { maxTokens: 7 } }));
    assert.deepEqual(routes.sent.map((r) => [r.preferredModel, r.options?.maxTokens, r.options?.temperature]), [
      ['qwen/qwen3-8b:free', undefined, 0.3],
      [undefined, 7, 0.3],
    ]);
    assert.deepEqual(log.lines.filter((l) => l.includes('API chat')), ['info API chat (model qwen/qwen3-8b:free): 1 messages.']);
  });
});
