// The gateway core on its own, whatever host wires it: the configuration API never writes a setting
// that decides where keys go or whether chats may cost money, and hostile requests get an answer.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { ConfigApiBackend } from '../../src/core/gateway';
import { defaultConfig } from '../../src/core/config';
import { RIG_AUTH as auth, sendToGateway as send, startGatewayRig, type GatewayRig } from '../fixtures/gatewayRig';


function recordingBackend(writes: unknown[], hasKey = () => true): ConfigApiBackend {
  return {
    modes: () => [],
    freeModels: () => [],
    recommendedModels: () => [],
    models: () => [],
    config: () => defaultConfig(),
    hasKey,
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

  it('api_key while a key is set: 403 naming it and VS Code, and nothing of the call is written (test failed before)', async () => {
    const reply = await send(rig, { path: '/api/openrouter/configure', headers: auth, body: JSON.stringify({ max_retries: 3, api_key: 'sk-or-v1-attacker' }) });
    assert.equal(reply.status, 403, reply.body);
    const error = (JSON.parse(reply.body) as { error: { message: string; type: string; param: string; code: string } }).error;
    assert.deepEqual([error.type, error.code, error.param], ['permission_error', 'api_key_already_set', 'api_key']);
    assert.match(error.message, /OpenRouter: Set API Key/);
    assert.deepEqual(writes, [], 'neither the key nor the allowed field was written');
  });

  it('api_key while none is set: stored (the first set-up from a terminal)', async () => {
    const fresh = await startGatewayRig({ config: recordingBackend(writes, () => false) });
    try {
      const reply = await send(fresh, { path: '/api/openrouter/configure', headers: auth, body: JSON.stringify({ api_key: 'sk-or-v1-first' }) });
      assert.equal(reply.status, 200, reply.body);
      assert.deepEqual(writes, [{ apiKey: 'sk-or-v1-first' }]);
    } finally {
      await fresh.close();
    }
  });

  it('the allowed settings are still written', async () => {
    const reply = await send(rig, { path: '/api/openrouter/configure', headers: auth, body: JSON.stringify({ max_retries: 3 }) });
    assert.equal(reply.status, 200, reply.body);
    assert.deepEqual(writes, [{ maxRetries: 3 }]);
  });
});

/** `{ "a": { "a": ... } }`, `depth` levels, built without recursion. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < depth; i++) value = { type: 'object', properties: { a: value } };
  return value;
}

describe('gateway: every request gets an answer', () => {
  let rig: GatewayRig;
  before(async () => {
    rig = await startGatewayRig();
  });
  after(() => rig.close());
  beforeEach(() => {
    rig.double.reset();
    rig.router.budget.reset();
    rig.router.stats.reset();
  });

  it('GET // (no token; any web page can send it) is answered in OpenAI\'s shape, and the gateway goes on serving', async () => {
    const reply = await send(rig, { method: 'GET', path: '//' });
    assert.ok(reply.status >= 400 && reply.status < 500, `${reply.status} ${reply.body}`);
    assert.equal(typeof (JSON.parse(reply.body) as { error: { message: string } }).error.message, 'string');
    const again = await send(rig, { method: 'GET', path: '//x?y', headers: auth });
    assert.ok(again.status >= 400 && again.status < 500, `${again.status} ${again.body}`);
    const ok = await send(rig, { method: 'GET', path: '/v1/models', headers: auth });
    assert.equal(ok.status, 200);
  });

  it('a model name outside Latin-1 reaches the client in the header (encoded) and the body, counted once as answered', async () => {
    const named = 'qwen/通义千问-3:free';
    rig.models.push(named);
    try {
      rig.double.script('b/model-b:free', { kind: 'stream', text: ['Hi'], answeredModel: named });
      const before = { ...rig.gateway.counters };
      const streamed = await send(rig, { path: '/v1/chat/completions', headers: auth, body: JSON.stringify({ model: named, stream: true, messages: [{ role: 'user', content: 'hi' }] }) });
      assert.equal(streamed.status, 200, streamed.body);
      assert.equal(decodeURIComponent(String(streamed.headers['x-openrouter-dual-model'])), named);
      assert.ok(streamed.body.includes(named) && streamed.body.includes('[DONE]'));
      const whole = await send(rig, { path: '/v1/chat/completions', headers: auth, body: JSON.stringify({ model: 'b/model-b:free', messages: [{ role: 'user', content: 'hi' }] }) });
      assert.equal(whole.status, 200, whole.body);
      assert.equal(decodeURIComponent(String(whole.headers['x-openrouter-dual-model'])), named);
      assert.equal((JSON.parse(whole.body) as { model: string }).model, named);
      assert.equal(rig.gateway.counters.answered - before.answered, 2);
      assert.equal(rig.gateway.counters.failed - before.failed, 0);
    } finally {
      rig.models.pop();
    }
  });

  it('a tool schema nested 20,000 levels deep: 400 naming the field, nothing sent, no budget spent, no model marked failing', async () => {
    // Written out as text: JSON.stringify itself cannot go this deep.
    const deep = `${'{"type":"object","properties":{"a":'.repeat(20_000)}{"type":"string"}${'}}'.repeat(20_000)}`;
    const body = `{"model":"auto","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"deep","parameters":${deep}}}]}`;
    const reply = await send(rig, { path: '/v1/chat/completions', headers: auth, body });
    assert.equal(reply.status, 400, reply.body);
    const error = (JSON.parse(reply.body) as { error: { param: string; message: string } }).error;
    assert.match(error.param, /^tools\[0\]\.function\.parameters/);
    assert.match(error.message, /nested/);
    assert.equal(rig.double.chatRequests.length, 0);
    assert.equal(rig.router.budget.snapshot().dayUsed, 0);
  });

  it('the same schema through the router (the chat and the model picker): refused as not sent, no budget, no failure counted', async () => {
    const events = [];
    for await (const event of rig.router.route({ messages: [{ role: 'user', content: 'hi' }], options: { tools: [{ name: 'deep', description: 'd', parameters: nested(20_000) }] } })) events.push(event);
    const last = events.at(-1);
    assert.equal(last?.type, 'failed', JSON.stringify(last).slice(0, 300));
    assert.equal(last?.type === 'failed' && last.failure.kind, 'bad_request');
    assert.equal(events.filter((e) => e.type === 'attempt').length, 1, 'no other model is tried: every one would fail the same way');
    assert.equal(rig.double.chatRequests.length, 0);
    assert.equal(rig.router.budget.snapshot().dayUsed, 0, 'no free-tier request spent');
    for (const model of ['a/model-a:free', 'b/model-b:free']) {
      assert.equal(rig.router.stats.health(model).successRate, undefined, `${model} is not marked as failing`);
      assert.equal(rig.router.stats.health(model).coolingDown, false);
    }
  });
});

describe('gateway: bounded before it reads', () => {
  let rig: GatewayRig;
  before(async () => {
    rig = await startGatewayRig({ gateway: { maxConcurrent: 1 } });
  });
  after(() => rig.close());

  /** A request whose body is announced but only partly sent: the socket stays open. */
  const partial = (bytes: string) => {
    const req = http.request({ host: '127.0.0.1', port: rig.gateway.port, method: 'POST', path: '/v1/chat/completions', headers: { ...auth, 'content-length': '100000' }, agent: false });
    req.on('error', () => undefined);
    req.write(bytes);
    return req;
  };

  it('the concurrency cap applies before the body is read: a request over it is refused without waiting for its body', async () => {
    rig.double.script('a/model-a:free', { kind: 'hang' });
    const busy = send(rig, { path: '/v1/chat/completions', headers: auth, body: JSON.stringify({ model: 'a/model-a:free', stream: true, messages: [{ role: 'user', content: 'hi' }] }) }).catch(() => undefined);
    await rig.double.waitForRequests(1);
    const req = partial('{"model":"auto","messages":[');
    const reply = await new Promise<{ status: number; body: string }>((resolve) => {
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      });
    });
    req.destroy();
    assert.equal(reply.status, 429, reply.body);
    assert.match(reply.body, /too_many_concurrent_requests/);
    await rig.gateway.stop();
    await busy;
    rig = await startGatewayRig({ gateway: { maxConcurrent: 1 }, double: rig.double });
  });

  it('a client that goes away in the middle of its body is logged as a cancelled request, not a gateway failure', async () => {
    rig.log.length = 0;
    const req = partial('{"model":"auto","messages":[{"role":"user","content":"hel');
    await new Promise((resolve) => setTimeout(resolve, 50));
    req.destroy();
    for (let i = 0; i < 200 && !rig.log.some((l) => l.includes('closed the connection')); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const line = rig.log.find((l) => l.includes('/v1/chat/completions')) ?? '';
    assert.match(line, /cancelled: the client closed the connection/, rig.log.join('\n'));
    assert.ok(!rig.log.some((l) => l.includes('internal_error')), rig.log.join('\n'));
    assert.equal(rig.gateway.counters.cancelled, 1);
  });
});

describe('gateway: an oversized body', () => {
  let rig: GatewayRig;
  before(async () => {
    rig = await startGatewayRig({ gateway: { maxBodyBytes: 64 * 1024 } });
  });
  after(() => rig.close());

  /** Writes the body in pieces while the server may already have answered, as a slow client would. */
  const sendSlowly = (size: number) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: rig.gateway.port, method: 'POST', path: '/v1/chat/completions', headers: { ...auth, 'content-length': String(size) }, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      let left = size;
      const piece = Buffer.alloc(16 * 1024, 0x20);
      const next = () => {
        if (left <= 0) return void req.end();
        const n = Math.min(left, piece.length);
        left -= n;
        req.write(piece.subarray(0, n));
        setImmediate(next);
      };
      next();
    });

  it('is answered 413 every time, never with a reset while the client is still writing', async () => {
    for (let i = 0; i < 10; i++) {
      const reply = await sendSlowly(1024 * 1024);
      assert.equal(reply.status, 413, reply.body);
      assert.match(reply.body, /body_too_large/);
    }
  });
});
