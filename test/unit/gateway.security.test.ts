// Requests the gateway must refuse before anything reaches the router: the double sees nothing,
// the answer has OpenAI's error shape and the right status, and no CORS header is ever sent.
import assert from 'node:assert/strict';
import { RIG_AUTH as auth, RIG_TOKEN, sendToGateway as send, startGatewayRig, type GatewayReply as Reply, type GatewayRig } from '../fixtures/gatewayRig';

const valid = JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] });

function errorOf(reply: Reply): { message: string; type: string; code: string; param: string | null } {
  return (JSON.parse(reply.body) as { error: { message: string; type: string; code: string; param: string | null } }).error;
}

describe('gateway: refused requests never reach the router', () => {
  let rig: GatewayRig;
  before(async () => {
    rig = await startGatewayRig();
  });
  beforeEach(() => rig.double.reset());
  afterEach(() => {
    assert.equal(rig.double.requests.length, 0, 'the double saw a request');
    assert.equal(rig.routed.length, 0, 'the router got a request');
  });
  after(() => rig.close());

  const cases: { name: string; status: number; code: string; param?: string; request: () => Parameters<typeof send>[1] }[] = [
    { name: 'missing token', status: 401, code: 'invalid_api_key', request: () => ({ headers: { 'content-type': 'application/json' }, body: valid }) },
    { name: 'wrong token', status: 401, code: 'invalid_api_key', request: () => ({ headers: { ...auth, authorization: 'Bearer ordg-wrong' }, body: valid }) },
    { name: 'token in another scheme', status: 401, code: 'invalid_api_key', request: () => ({ headers: { ...auth, authorization: `Basic ${RIG_TOKEN}` }, body: valid }) },
    { name: 'foreign Host (DNS rebinding)', status: 403, code: 'forbidden_host', request: () => ({ headers: { ...auth, host: 'attacker.example:80' }, body: valid }) },
    { name: 'loopback Host on another port', status: 403, code: 'forbidden_host', request: () => ({ headers: { ...auth, host: '127.0.0.1:1' }, body: valid }) },
    { name: 'malformed JSON', status: 400, code: 'invalid_json', request: () => ({ headers: auth, body: '{"model": "auto", "messages": [' }) },
    { name: 'unknown field', status: 400, code: 'invalid_request', param: 'temprature', request: () => ({ headers: auth, body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hi' }], temprature: 1 }) }) },
    { name: 'unknown field in a message', status: 400, code: 'invalid_request', param: 'messages[0].conten', request: () => ({ headers: auth, body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hi', conten: 'hi' }] }) }) },
    { name: 'wrong type', status: 400, code: 'invalid_request', param: 'temperature', request: () => ({ headers: auth, body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hi' }], temperature: 'hot' }) }) },
    { name: 'missing messages', status: 400, code: 'invalid_request', param: 'messages', request: () => ({ headers: auth, body: JSON.stringify({ model: 'auto' }) }) },
    { name: 'remote image URL', status: 400, code: 'invalid_request', param: 'messages[0].content[0].image_url.url', request: () => ({ headers: auth, body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'http://example.com/x.png' } }] }] }) }) },
    { name: 'unknown model', status: 404, code: 'model_not_found', param: 'model', request: () => ({ headers: auth, body: JSON.stringify({ model: 'x/paid', messages: [{ role: 'user', content: 'hi' }] }) }) },
    { name: 'oversized body', status: 413, code: 'body_too_large', request: () => ({ headers: auth, body: Buffer.alloc(17 * 1024 * 1024, 0x20) }) },
    { name: 'unknown path', status: 404, code: 'not_found', request: () => ({ headers: auth, path: '/v1/completions', body: valid }) },
    { name: 'wrong method', status: 405, code: 'method_not_allowed', request: () => ({ headers: auth, method: 'GET' }) },
    { name: 'CORS preflight', status: 403, code: 'forbidden_host', request: () => ({ method: 'OPTIONS', headers: { origin: 'http://evil.example', host: 'evil.example', 'access-control-request-method': 'POST' } }) },
  ];

  for (const c of cases) {
    it(`${c.name}: ${c.status} ${c.code}`, async () => {
      const reply = await send(rig, c.request());
      assert.equal(reply.status, c.status);
      const error = errorOf(reply);
      assert.equal(error.code, c.code);
      assert.ok(error.message.length > 0 && typeof error.type === 'string');
      if (c.param) assert.equal(error.param, c.param);
      assert.ok(!Object.keys(reply.headers).some((h) => h.startsWith('access-control-')), 'no CORS headers');
      assert.ok(!rig.log.some((l) => l.includes(RIG_TOKEN)), 'the log never carries the token');
    });
  }

  it('the token is checked before the body is read (no token, oversized body: 401)', async () => {
    const reply = await send(rig, { headers: { 'content-type': 'application/json' }, body: Buffer.alloc(17 * 1024 * 1024, 0x20) });
    assert.equal(reply.status, 401);
  });

  it('accepts localhost and [::1] Host names with its port; sends no CORS headers on success', async () => {
    for (const host of [`localhost:${rig.gateway.port}`, `[::1]:${rig.gateway.port}`]) {
      const reply = await send(rig, { method: 'GET', path: '/v1/models', headers: { ...auth, host } });
      assert.equal(reply.status, 200, host);
      assert.ok(!Object.keys(reply.headers).some((h) => h.startsWith('access-control-')));
    }
  });
});

describe('gateway: stopping and limits', () => {
  it('answers 503 while stopping, lets a running answer end, then releases the port', async () => {
    const rig = await startGatewayRig({ gateway: { stopGraceMs: 5_000 } });
    rig.double.script('a/model-a:free', { kind: 'stream', text: ['slow', ' answer'], firstByteDelayMs: 300, comments: false });
    const running = send(rig, { headers: auth, body: valid });
    await rig.double.waitForRequests(1);
    const stopped = rig.gateway.stop();
    const refused = await send(rig, { headers: auth, body: valid });
    assert.equal(refused.status, 503);
    assert.equal(errorOf(refused).code, 'gateway_stopping');
    assert.ok(refused.headers['retry-after']);
    const answered = await running;
    assert.equal(answered.status, 200);
    await stopped;
    assert.equal(rig.double.chatRequests.length, 1);
    await rig.close();
  });

  it('answers 429 beyond the concurrent-request limit', async () => {
    const rig = await startGatewayRig({ gateway: { maxConcurrent: 1 } });
    rig.double.script('a/model-a:free', { kind: 'stream', text: ['slow'], firstByteDelayMs: 300, comments: false });
    const running = send(rig, { headers: auth, body: valid });
    await rig.double.waitForRequests(1);
    const refused = await send(rig, { headers: auth, body: valid });
    assert.equal(refused.status, 429);
    assert.equal(errorOf(refused).code, 'too_many_concurrent_requests');
    assert.equal((await running).status, 200);
    assert.equal(rig.double.chatRequests.length, 1);
    await rig.close();
  });
});
