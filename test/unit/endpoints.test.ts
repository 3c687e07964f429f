// Endpoints on their own: qualified ids, the setting's schema, other servers' error bodies mapped
// through the same error kinds (over real HTTP, with the bodies real servers send), the model list
// per endpoint with unknown capabilities, and a key that goes only to its own endpoint.
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DispatchingProvider,
  describeEndpointError,
  EndpointAvailability,
  EndpointCatalog,
  ENDPOINT_PRESETS,
  endpointIsFree,
  endpointsSchema,
  parseQualifiedId,
  qualifyModelId,
  endpointIdOf,
  type EndpointConfig,
} from '../../src/core/endpoints';
import { createProvider } from '../../src/core/providers';
import type { ProviderError, StreamPart } from '../../src/core/providers';
import { LocalServerDouble, type LocalErrorStyle } from '../fixtures/localServerDouble';
import { OpenRouterDouble } from '../fixtures/double';
import { parseConfig } from '../../src/core/config';

async function parts(stream: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const p of stream) out.push(p);
  return out;
}

function errorOf(list: StreamPart[]): ProviderError {
  const last = list[list.length - 1];
  assert.equal(last?.type, 'error', JSON.stringify(list));
  return last.type === 'error' ? last.error : assert.fail();
}

describe('endpoints: qualified model ids', () => {
  it('qualifies and parses without touching OpenRouter ids', () => {
    assert.equal(qualifyModelId('ollama', 'llama3.2:3b'), '@ollama/llama3.2:3b');
    assert.deepEqual(parseQualifiedId('@lmstudio/qwen/qwen3-4b'), { endpointId: 'lmstudio', model: 'qwen/qwen3-4b' });
    for (const id of ['meta-llama/llama-3.3-70b-instruct:free', 'openrouter/free', 'openrouter/auto', '@openrouter/x', '@/x', '@a/', '@Bad/x']) {
      assert.equal(parseQualifiedId(id), undefined, id);
    }
    assert.equal(endpointIdOf('qwen/qwen3-coder:free'), 'openrouter');
  });
});

describe('endpoints: the setting', () => {
  it('validates entries, trims the base URL and keeps the first of a repeated id', () => {
    const { config, issues } = parseConfig({
      endpoints: [
        { id: 'ollama', label: 'Ollama', baseUrl: 'http://localhost:11434/v1/' },
        { id: 'ollama', label: 'Again', baseUrl: 'http://localhost:1/v1' },
      ],
    });
    assert.deepEqual(issues, []);
    assert.deepEqual(config.endpoints, [{ id: 'ollama', label: 'Ollama', baseUrl: 'http://localhost:11434/v1' }]);
  });

  it('rejects the built-in id and a non-http URL, falling back to no endpoints', () => {
    for (const bad of [[{ id: 'openrouter', label: 'x', baseUrl: 'http://localhost:1/v1' }], [{ id: 'a', label: 'x', baseUrl: 'ftp://host/v1' }]]) {
      const { config, issues } = parseConfig({ endpoints: bad });
      assert.deepEqual(config.endpoints, []);
      assert.equal(issues.length, 1);
    }
  });

  it('free defaults to true for loopback hosts only', () => {
    assert.equal(endpointIsFree({ baseUrl: 'http://localhost:11434/v1' }), true);
    assert.equal(endpointIsFree({ baseUrl: 'http://127.0.0.1:8080/v1' }), true);
    assert.equal(endpointIsFree({ baseUrl: 'https://api.groq.com/openai/v1' }), false);
    assert.equal(endpointIsFree({ baseUrl: 'https://api.groq.com/openai/v1', free: true }), true);
  });

  it('every preset validates and names the documentation its base URL comes from', () => {
    const parsed = endpointsSchema.safeParse(ENDPOINT_PRESETS.map(({ id, label, baseUrl }) => ({ id, label, baseUrl })));
    assert.ok(parsed.success);
    for (const p of ENDPOINT_PRESETS) assert.match(p.source, /^https:\/\//, p.id);
    assert.deepEqual(ENDPOINT_PRESETS.filter((p) => !p.needsKey).map((p) => endpointIsFree(p)), [true, true, true, true]);
  });
});

describe('endpoints: a local server over HTTP', () => {
  let local: LocalServerDouble;
  let endpoints: EndpointConfig[];
  let availability: EndpointAvailability;
  let provider: DispatchingProvider;
  let keys: Record<string, string>;

  before(async () => {
    local = await LocalServerDouble.start();
  });
  beforeEach(async () => {
    local.reset();
    await local.switchOn();
    endpoints = [{ id: 'local', label: 'Local Ollama', baseUrl: local.baseUrl }];
    availability = new EndpointAvailability();
    keys = {};
    const openRouter = createProvider('openai_compatible', { apiKey: 'sk-or-v1-never-sent-to-local', baseUrl: 'http://127.0.0.1:9/api/v1', appTitle: 't' });
    provider = new DispatchingProvider({ openRouter: () => openRouter, endpoints: () => endpoints, keyOf: (id) => keys[id], appTitle: 't', availability });
  });
  after(() => local.close());

  it('streams an answer named with the qualified id', async () => {
    const list = await parts(provider.stream({ model: '@local/llama3.2:3b', messages: [{ role: 'user', content: 'hi' }] }));
    assert.equal(list.filter((p) => p.type === 'text').map((p) => (p.type === 'text' ? p.text : '')).join(''), 'Hello from llama3.2:3b');
    const finish = list.find((p) => p.type === 'finish');
    assert.ok(finish?.type === 'finish' && finish.model === '@local/llama3.2:3b');
  });

  const cases: { style: LocalErrorStyle; status: number; message: string; kind: ProviderError['kind'] }[] = [
    { style: 'ollama', status: 404, message: "model 'nope' not found", kind: 'not_found' },
    { style: 'ollama-openai', status: 404, message: "model 'qwen2.5:7b' not found", kind: 'not_found' },
    { style: 'vllm', status: 404, message: 'The model `nope` does not exist.', kind: 'not_found' },
    { style: 'lmstudio', status: 404, message: 'Model "local model" not found. Please specify a valid model.', kind: 'not_found' },
    { style: 'llamacpp', status: 503, message: 'Loading model', kind: 'upstream' },
    { style: 'lmstudio', status: 400, message: "'response_format.type' must be 'json_schema' or 'text'", kind: 'bad_request' },
    { style: 'ollama', status: 400, message: "'response_format.type' must be 'json_schema' or 'text'", kind: 'bad_request' },
    { style: 'vllm', status: 429, message: 'Too many requests', kind: 'rate_limited' },
    { style: 'plain', status: 500, message: 'Internal Server Error', kind: 'upstream' },
  ];
  for (const c of cases) {
    it(`maps a ${c.style} ${c.status} body to ${c.kind} with the server's words`, async () => {
      local.script('llama3.2:3b', { kind: 'error', status: c.status, message: c.message, style: c.style });
      const error = errorOf(await parts(provider.stream({ model: '@local/llama3.2:3b', messages: [{ role: 'user', content: 'hi' }] })));
      assert.equal(error.kind, c.kind);
      assert.equal(error.status, c.status);
      assert.equal(error.model, '@local/llama3.2:3b');
      assert.equal(error.freeTier, undefined);
      const shown = describeEndpointError(error, 'Local Ollama');
      assert.ok(shown.includes(c.message.replace(/[.\s]+$/, '')), shown);
      assert.ok(shown.includes('Local Ollama'), shown);
      assert.ok(!/OpenRouter(?!:)/.test(shown.replace("'OpenRouter: Set Endpoint Key'", '')), shown);
      assert.ok(describeEndpointError(error, 'Local Ollama', 'zh-cn').includes('Local Ollama'));
    });
  }

  it('a server that is off is a network error that marks the endpoint offline', async () => {
    await local.switchOff();
    const error = errorOf(await parts(provider.stream({ model: '@local/llama3.2:3b', messages: [{ role: 'user', content: 'hi' }] })));
    assert.equal(error.kind, 'network');
    assert.equal(error.notSent, true);
    assert.equal(availability.isOffline('local'), true);
    assert.match(describeEndpointError(error, 'Local Ollama'), /Local Ollama is not answering/);
  });

  it("a model of a removed endpoint is refused without a request", async () => {
    const error = errorOf(await parts(provider.stream({ model: '@gone/x', messages: [{ role: 'user', content: 'hi' }] })));
    assert.equal(error.kind, 'not_found');
    assert.equal(local.requests.length, 0);
  });

  it("sends an endpoint's key to that endpoint only", async () => {
    keys.local = 'local-secret-key';
    const other = await OpenRouterDouble.start();
    try {
      endpoints = [...endpoints, { id: 'other', label: 'Other', baseUrl: other.baseUrl }];
      await parts(provider.stream({ model: '@local/llama3.2:3b', messages: [{ role: 'user', content: 'hi' }] }));
      await parts(provider.stream({ model: '@other/a/model-a:free', messages: [{ role: 'user', content: 'hi' }] }));
      assert.equal(local.chatRequests()[0].authorization, 'Bearer local-secret-key');
      const otherAuth = other.requests.find((r) => r.path.endsWith('/chat/completions'))?.headers.authorization;
      assert.equal(otherAuth, 'Bearer no-key');
      assert.ok(!JSON.stringify(other.requests).includes('local-secret-key'));
      assert.ok(!JSON.stringify(local.requests).includes('sk-or-v1-never-sent-to-local'));
    } finally {
      await other.close();
    }
  });

  describe('model list per endpoint', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'endpoints-'));
    });
    afterEach(() => rm(dir, { recursive: true, force: true }));

    it('lists GET /v1/models with unknown capabilities, keeps it when the server goes away, and reloads it from disk', async () => {
      const cacheFile = join(dir, 'endpoint-models.json');
      const catalog = new EndpointCatalog({ endpoints: () => endpoints, keyOf: () => undefined, availability, cacheFile });
      const [check] = await catalog.refresh();
      assert.deepEqual(check, { endpointId: 'local', label: 'Local Ollama', ok: true, count: 2 });
      const models = catalog.models();
      assert.deepEqual(models.map((m) => m.id), ['@local/llama3.2:3b', '@local/qwen2.5-coder:7b']);
      assert.deepEqual(models[0].capabilities, { reasoning: 'unknown', vision: 'unknown', toolCalling: 'unknown' });
      assert.equal(models[0].free, true);
      assert.equal(models[0].endpointLabel, 'Local Ollama');

      await local.switchOff();
      const [down] = await catalog.refresh();
      assert.equal(down.ok, false);
      assert.equal(availability.isOffline('local'), true);
      assert.equal(catalog.models().length, 2, 'unavailable, not gone');

      const restarted = new EndpointCatalog({ endpoints: () => endpoints, keyOf: () => undefined, cacheFile });
      await restarted.load();
      assert.equal(restarted.models().length, 2);

      await local.switchOn();
      await catalog.refresh();
      assert.equal(availability.isOffline('local'), false);
    });

    it('offers only the models the setting names, when it names some', async () => {
      endpoints = [{ ...endpoints[0], models: ['qwen2.5-coder:7b'] }];
      const catalog = new EndpointCatalog({ endpoints: () => endpoints, keyOf: () => undefined });
      assert.deepEqual(catalog.models().map((m) => m.id), ['@local/qwen2.5-coder:7b']);
    });

    it("a model list larger than OpenRouter's cap is refused unread, as OpenRouter's own list is", async () => {
      // A server that would send 400 MB: it streams until the client stops reading.
      let sent = 0;
      const huge = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"object":"list","data":[');
        const chunk = `${'{"id":"m","object":"model"},'.repeat(4096)}`;
        const pump = () => {
          while (sent < 400 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end('{"id":"last"}]}');
        };
        pump();
      });
      await new Promise<void>((resolve) => huge.listen(0, '127.0.0.1', resolve));
      try {
        const port = (huge.address() as import('node:net').AddressInfo).port;
        const catalog = new EndpointCatalog({ endpoints: () => [{ id: 'big', label: 'Big', baseUrl: `http://127.0.0.1:${port}/v1` }], keyOf: () => undefined });
        const check = await catalog.refreshOne({ id: 'big', label: 'Big', baseUrl: `http://127.0.0.1:${port}/v1` });
        assert.equal(check.ok, false);
        assert.match(check.ok ? '' : check.error, /larger than 8 MB/);
        assert.ok(sent < 100 * 1024 * 1024, `the client stopped reading early (${sent} bytes sent)`);
      } finally {
        huge.closeAllConnections();
        await new Promise((resolve) => huge.close(resolve));
      }
    });
  });
});
