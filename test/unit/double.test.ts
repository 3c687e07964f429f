// The double itself: the wire protocol the provider tests rely on, checked with bare fetch.
import assert from 'node:assert/strict';
import { NO_ENDPOINTS, OpenRouterDouble } from '../fixtures/double';
import { buildModelsPayload, SEED_FREE_MODEL_IDS, ROUTER_IDS, ZERO_PRICED_IDS } from '../fixtures/modelsPayload';

const KEY = 'sk-or-v1-test';

async function chat(double: OpenRouterDouble, body: Record<string, unknown>, key = KEY): Promise<Response> {
  return fetch(`${double.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function dataEvents(sse: string): string[] {
  return sse
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => l.slice(6));
}

describe('OpenRouterDouble', () => {
  let double: OpenRouterDouble;
  before(async () => {
    double = await OpenRouterDouble.start();
  });
  afterEach(() => double.reset());
  after(() => double.close());

  it('streams the default answer with comments, usage in the last chunk and [DONE]', async () => {
    const res = await chat(double, { model: 'qwen/qwen3-8b:free', stream: true, messages: [] });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const body = await res.text();
    assert.match(body, /^: OPENROUTER PROCESSING/);
    const events = dataEvents(body);
    assert.equal(events.at(-1), '[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    assert.equal(text, 'Hello from qwen/qwen3-8b:free.');
    assert.equal(chunks.at(-1).usage.prompt_tokens, 12);
    assert.ok(chunks.every((c) => c.model === 'qwen/qwen3-8b:free'));
  });

  it('consumes scripted behaviours in order and repeats the last', async () => {
    double.script('m/a', { kind: 'http-error', status: 429 }, { kind: 'json', text: 'ok' });
    assert.equal((await chat(double, { model: 'm/a' })).status, 429);
    assert.equal((await (await chat(double, { model: 'm/a' })).json()).choices[0].message.content, 'ok');
    assert.equal((await (await chat(double, { model: 'm/a' })).json()).choices[0].message.content, 'ok');
    assert.equal(double.chatRequests.length, 3);
  });

  it('answers 429 with Retry-After and X-RateLimit headers and an OpenRouter error body', async () => {
    double.script('m/a', {
      kind: 'http-error',
      status: 429,
      retryAfter: '7',
      rateLimit: { limit: 20, remaining: 0, reset: 1_900_000_000_000 },
    });
    const res = await chat(double, { model: 'm/a' });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '7');
    assert.equal(res.headers.get('x-ratelimit-remaining'), '0');
    const body = await res.json();
    assert.equal(body.error.code, 429);
    assert.match(body.error.message, /Rate limit/);
  });

  it('rejects bad keys with 401 on chat and key endpoints but serves /models without a key', async () => {
    assert.equal((await chat(double, { model: 'm/a' }, 'sk-or-bad')).status, 401);
    assert.equal((await fetch(`${double.baseUrl}/key`, { headers: { authorization: 'Bearer nope' } })).status, 401);
    const key = await fetch(`${double.baseUrl}/auth/key`, { headers: { authorization: `Bearer ${KEY}` } });
    assert.equal((await key.json()).data.is_free_tier, true);
    const models = await fetch(`${double.baseUrl}/models`);
    assert.equal(models.status, 200);
    assert.ok(((await models.json()).data as unknown[]).length >= 300);
  });

  it('honours the models fallback array when the first model fails up front', async () => {
    double.script('m/down', { kind: 'http-error', status: 503 });
    const res = await chat(double, { model: 'm/down', models: ['m/down', 'm/up'], stream: true });
    const chunks = dataEvents(await res.text()).slice(0, -1).map((e) => JSON.parse(e));
    assert.ok(chunks.every((c) => c.model === 'm/up'));
  });

  it("answers OpenRouter's capability 404s for what a model lacks, and plain requests normally", async () => {
    const tools = [{ type: 'function', function: { name: 'read_file', parameters: {} } }];
    const image = [{ role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } }] }];
    const body = async (res: Response) => ({ status: res.status, message: ((await res.json()) as { error: { message: string } }).error.message });
    double.setModelLimits('m/plain', { tools: false, image: false });
    assert.deepEqual(await body(await chat(double, { model: 'm/plain', tools })), { status: 404, message: NO_ENDPOINTS.toolsNamed('read_file') });
    assert.deepEqual(await body(await chat(double, { model: 'm/plain', messages: image })), { status: 404, message: NO_ENDPOINTS.image });
    assert.equal((await chat(double, { model: 'm/plain', messages: [{ role: 'user', content: 'x' }] })).status, 200);
    // From another process: the listed capabilities of the served /models, and one model's policy.
    const post = (path: string, b: unknown) => fetch(`${double.url}${path}`, { method: 'POST', body: JSON.stringify(b) });
    await post('/__double/enforce-listed-capabilities', { on: true });
    assert.equal((await chat(double, { model: 'deepseek/deepseek-r1:free', tools })).status, 404, 'listed without tools');
    assert.equal((await chat(double, { model: 'qwen/qwen3-8b:free', tools, stream: true })).status, 200, 'listed with tools');
    await post('/__double/model-limits', { model: 'qwen/qwen3-8b:free', limits: { dataPolicy: false } });
    assert.deepEqual(await body(await chat(double, { model: 'qwen/qwen3-8b:free' })), { status: 404, message: NO_ENDPOINTS.dataPolicy });
  });

  it('records a client that goes away from a hanging stream', async () => {
    double.script('m/hang', { kind: 'hang', text: ['partial'] });
    const res = await chat(double, { model: 'm/hang', stream: true });
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    const closed = await double.waitForClientClose((r) => r.model === 'm/hang');
    assert.equal(closed.closedByClient, true);
  });

  it('records the provider object and the session id of each chat request, from the body or the x-session-id header', async () => {
    await chat(double, { model: 'm/a', provider: { sort: 'price', data_collection: 'deny' }, session_id: 'ord-1' });
    await fetch(`${double.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'x-session-id': 'ord-2' },
      body: JSON.stringify({ model: 'm/a' }),
    });
    await chat(double, { model: 'm/a' });
    assert.deepEqual(
      double.chatRequests.map((r) => [r.provider, r.sessionId]),
      [[{ sort: 'price', data_collection: 'deny' }, 'ord-1'], [undefined, 'ord-2'], [undefined, undefined]],
    );
    const recorded = (await (await fetch(`${double.url}/__double/requests`)).json()) as { provider?: unknown; sessionId?: string }[];
    assert.deepEqual(recorded[0].provider, { sort: 'price', data_collection: 'deny' }, 'another process sees them too');
    assert.equal(recorded[0].sessionId, 'ord-1');
  });

  it('is scriptable from another process through the control endpoints', async () => {
    const post = (path: string, body: unknown): Promise<Response> =>
      fetch(`${double.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
    assert.equal((await post('/__double/script', { model: 'm/x', behaviors: [{ kind: 'http-error', status: 402 }] })).status, 200);
    assert.equal((await chat(double, { model: 'm/x' })).status, 402);
    const recorded = await (await fetch(`${double.url}/__double/requests`)).json();
    assert.equal(recorded.length, 1);
    assert.equal((await post('/__double/script', { model: 'm/x' })).status, 400);
    assert.equal((await post('/__double/script', { model: 'm/x', behaviors: [{ kind: 'strem' }] })).status, 400, 'an unknown kind would hang chats');
    assert.equal((await post('/__double/default', { behavior: { kind: 'nope' } })).status, 400);
    await post('/__double/reset', {});
    assert.equal((await chat(double, { model: 'm/x' })).status, 200);
  });
});

describe('buildModelsPayload', () => {
  it('is deterministic for a seed, about 1 MB, and holds the seed, router and zero-priced models', () => {
    const a = buildModelsPayload({ seed: 3 });
    const b = buildModelsPayload({ seed: 3 });
    assert.deepEqual(a, b);
    const size = JSON.stringify(a).length;
    assert.ok(size > 700_000 && size < 1_500_000, `payload size ${size}`);
    const ids = new Set((a.data as { id: string }[]).map((m) => m.id));
    for (const id of [...SEED_FREE_MODEL_IDS, ...ROUTER_IDS, ...ZERO_PRICED_IDS]) assert.ok(ids.has(id), id);
    assert.equal(a.data.length, 350);
  });

  it('produces unique ids for counts beyond the generator name space', () => {
    const ids = (buildModelsPayload({ count: 4000, seed: 7 }).data as { id: string }[]).map((m) => m.id);
    assert.equal(ids.length, 4000);
    assert.equal(new Set(ids).size, 4000);
    assert.ok(ids.every((id) => !id.includes(':free') || id.endsWith(':free')), 'a :free suffix stays last');
  });

  it('appends the requested number of malformed entries', () => {
    const p = buildModelsPayload({ count: 20, malformed: 5 });
    assert.equal(p.data.length, 25);
    const wellFormed = p.data.filter((m) => {
      const model = m as { id?: unknown; architecture?: unknown; pricing?: { prompt?: unknown } } | null;
      return (
        typeof model?.id === 'string' && typeof model.architecture === 'object' && model.architecture !== null &&
        typeof model.pricing?.prompt === 'string'
      );
    });
    assert.equal(wellFormed.length, 20);
  });
});
