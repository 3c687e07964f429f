// The gateway core on its own, whatever host wires it: the configuration API never writes a setting
// that decides where keys go or whether chats may cost money.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { ConfigApiBackend } from '../../src/core/gateway';
import { defaultConfig } from '../../src/core/config';
import { startGatewayRig, RIG_TOKEN, type GatewayRig } from '../fixtures/gatewayRig';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function send(rig: GatewayRig, opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: rig.gateway.port, method: opts.method ?? 'POST', path: opts.path ?? '/v1/chat/completions', headers: opts.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const auth = { authorization: `Bearer ${RIG_TOKEN}`, 'content-type': 'application/json' };

function recordingBackend(writes: unknown[]): ConfigApiBackend {
  return {
    modes: () => [],
    freeModels: () => [],
    recommendedModels: () => [],
    models: () => [],
    config: () => defaultConfig(),
    hasKey: () => true,
    configure: (values) => {
      writes.push(values);
      return Promise.resolve({ ok: true });
    },
    setApiKey: (key) => {
      writes.push({ apiKey: key });
      return Promise.resolve({ ok: true });
    },
    testConnection: () => Promise.resolve({ ok: true, summary: '', steps: [] }),
  };
}

describe('gateway: the token is worth "use the router", no more', () => {
  let rig: GatewayRig;
  const writes: unknown[] = [];
  before(async () => {
    rig = await startGatewayRig({ config: recordingBackend(writes) });
  });
  after(() => rig.close());
  beforeEach(() => {
    writes.length = 0;
  });

  for (const [field, value, setting] of [
    ['base_url', 'http://127.0.0.1:9/api/v1', 'openrouterDual.baseUrl'],
    ['endpoints', [{ id: 'x', label: 'X', baseUrl: 'http://127.0.0.1:9/v1' }], 'openrouterDual.endpoints'],
    ['free_models_only', false, 'openrouterDual.freeModelsOnly'],
  ] as const) {
    it(`POST /api/openrouter/configure with ${field}: 403 naming it and VS Code, and the backend is never asked to write`, async () => {
      const reply = await send(rig, { path: '/api/openrouter/configure', headers: auth, body: JSON.stringify({ max_retries: 3, [field]: value, api_key: 'sk-or-v1-other' }) });
      assert.equal(reply.status, 403, reply.body);
      const error = (JSON.parse(reply.body) as { error: { message: string; type: string; param: string; code: string } }).error;
      assert.equal(error.param, field);
      assert.equal(error.type, 'permission_error');
      assert.ok(error.message.includes(setting) && error.message.includes('VS Code'), error.message);
      assert.deepEqual(writes, [], 'nothing of the call was written, not even the allowed fields or the key');
    });
  }

  it('the allowed settings are still written', async () => {
    const reply = await send(rig, { path: '/api/openrouter/configure', headers: auth, body: JSON.stringify({ max_retries: 3 }) });
    assert.equal(reply.status, 200, reply.body);
    assert.deepEqual(writes, [{ maxRetries: 3 }]);
  });
});

