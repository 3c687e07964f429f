// The OpenRouter double speaks the published API: every body it serves (the model list, the key
// info, streamed chunks, final answers, error bodies, the availability bodies and the
// context-length 400) is checked over real HTTP against the response schemas of OpenRouter's own
// TypeScript SDK (`@openrouter/sdk`), both what the SDK's parser requires and that the double sends
// no field the SDK does not describe. Fields the live API sends that the SDK leaves out are listed
// below with where they are documented; the availability object (which the SDK does not describe
// yet) is checked against the shape in notes/openrouter-api.md.
import assert from 'node:assert/strict';
import { z } from 'zod';
import {
  availabilityError,
  freeTierLimit,
  noEndpoints,
  OpenRouterDouble,
  streamedAvailabilityError,
  AVAILABILITY_CODES,
  type DoubleBehavior,
} from '../fixtures/double';
import { fieldPattern, loadSdkSchemas, sdkIssues, unknownFields, type SdkSchemas } from '../fixtures/sdkSchemas';

const KEY = 'sk-or-v1-protocol-check';
const MODEL = 'x/model:free';

/**
 * Fields the double sends that the SDK's schemas do not describe, each sent by the live API:
 * `provider` (the endpoint that answered) and `native_finish_reason` are in every OpenRouter
 * response (openrouter.ai/docs/api-reference/overview); `error_type`, `http_status` and
 * `availability` are the structured availability errors of 2026-08 (notes/openrouter-api.md).
 */
const NOT_IN_SDK = new Set([
  'provider',
  'choices[].native_finish_reason',
  'error.error_type',
  'error.http_status',
  'error.availability',
]);

/** `error.availability` as notes/openrouter-api.md quotes it (the SDK has no schema for it). */
const Availability = z.strictObject({
  code: z.string(),
  retryable: z.boolean(),
  retry_after: z.number().int().nonnegative().optional(),
  requested_models: z.array(z.string()),
  affected_providers: z.array(z.string()),
  excluded_by: z.array(z.string()),
  fallback_models: z.array(z.string()),
  constraint: z.strictObject({ field: z.string(), detail: z.string() }).optional(),
  docs_url: z.string().url(),
});

function assertSdk(schema: z.ZodType, value: unknown, what: string): void {
  assert.deepEqual(sdkIssues(schema, value), [], `${what}: the SDK's schema rejects it`);
  const extra = [...new Set(unknownFields(schema, value).map(fieldPattern))].filter((f) => !NOT_IN_SDK.has(f));
  assert.deepEqual(extra, [], `${what}: fields the SDK does not describe`);
}

/** The `error` object of an error body: the SDK's schema for its status, its error_type, its availability. */
function assertErrorBody(status: number, body: unknown, what: string): void {
  const schema = sdk.errorByStatus[status];
  assert.ok(schema, `${what}: status ${status} has no schema in the SDK`);
  assert.ok(typeof body === 'object' && body !== null && 'error' in body, `${what}: {error: ...}`);
  const { error, ...rest } = body as { error: Record<string, unknown> };
  assertSdk(z.object({ error: schema, user_id: z.string().nullable().optional() }), body, what);
  assert.deepEqual(Object.keys(rest).filter((k) => k !== 'user_id'), [], `${what}: top-level fields`);
  if (error.error_type !== undefined) assert.ok(sdk.errorTypes.includes(String(error.error_type)), `${what}: error_type ${String(error.error_type)} is one of the SDK's ApiErrorType`);
  if (error.availability !== undefined) {
    assert.deepEqual(sdkIssues(Availability, error.availability), [], `${what}: error.availability`);
    assert.equal(error.http_status, status, `${what}: http_status is the status`);
  }
}

/** The `data:` events of an SSE body, comment lines skipped, up to `[DONE]` (true when it came). */
function sseEvents(text: string): { events: unknown[]; done: boolean } {
  const events: unknown[] = [];
  let done = false;
  for (const block of text.split('\n\n')) {
    const data = block
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).trimStart())
      .join('\n');
    if (data === '') continue;
    if (data === '[DONE]') done = true;
    else events.push(JSON.parse(data));
  }
  return { events, done };
}

/** Set in the suite's `before`: the SDK is ECMAScript modules only, loaded with import(). */
let sdk: SdkSchemas;

describe('the OpenRouter double against @openrouter/sdk schemas', () => {
  let double: OpenRouterDouble;

  before(async () => {
    sdk = await loadSdkSchemas();
    double = await OpenRouterDouble.start();
  });
  beforeEach(() => double.reset());
  after(() => double.close());

  const get = (path: string, key?: string): Promise<Response> =>
    fetch(`${double.baseUrl}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  const chat = (body: Record<string, unknown>, key: string | null = KEY): Promise<Response> =>
    fetch(`${double.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'Hi' }], ...body }),
    });
  const streamOf = async (behavior: DoubleBehavior, body: Record<string, unknown> = {}): Promise<{ events: unknown[]; done: boolean }> => {
    double.script(MODEL, behavior);
    const res = await chat({ stream: true, ...body });
    assert.equal(res.status, 200);
    return sseEvents(await res.text());
  };

  it('GET /models is a ModelsListResponse, every model a Model', async () => {
    const res = await get('/models');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { data: unknown[] };
    assert.ok(body.data.length > 300, 'the full list');
    assertSdk(sdk.models, body, '/models');
  });

  it('GET /key and the older /auth/key are a GetCurrentKeyResponse, free tier and paid alike', async () => {
    for (const path of ['/key', '/auth/key']) {
      assertSdk(sdk.key, await (await get(path, KEY)).json(), `${path} (free tier)`);
    }
    double.setKeyInfo({ is_free_tier: false, limit: 25, limit_remaining: 12.5, usage: 12.5 });
    assertSdk(sdk.key, await (await get('/key', KEY)).json(), '/key (paid, with a limit)');
  });

  const streams: [string, DoubleBehavior, Record<string, unknown>?][] = [
    ['plain text with usage and cost', { kind: 'stream', text: ['Hel', 'lo'], usage: { prompt: 9, completion: 2, cost: 0.00012 } }],
    ['reasoning then text', { kind: 'stream', reasoning: ['think', 'ing'], text: ['done'], usage: { prompt: 9, completion: 5, reasoning: 3 } }],
    ['encrypted reasoning details', { kind: 'stream', reasoningDetails: [{ type: 'reasoning.encrypted', data: 'opaque', format: 'anthropic-claude-v1', index: 0 }], text: ['ok'] }],
    ['tool calls, streamed and in one chunk', { kind: 'stream', toolCalls: [{ name: 'read_file', arguments: '{"path":"a.ts"}' }, { name: 'list', arguments: '{}', oneChunk: true }] }, { tools: [{ type: 'function', function: { name: 'read_file', parameters: {} } }] }],
    ['another model answering', { kind: 'stream', text: ['hi'], answeredModel: 'y/other:free' }],
    ['an empty answer', { kind: 'stream', text: [] }],
    ['a length finish', { kind: 'stream', text: ['cut'], finishReason: 'length' }],
  ];
  for (const [name, behavior, body] of streams) {
    it(`streamed chunks are ChatStreamChunks: ${name}`, async () => {
      const { events, done } = await streamOf(behavior, body);
      assert.ok(done, 'ends with [DONE]');
      assert.ok(events.length >= 2);
      events.forEach((e, i) => assertSdk(sdk.chunk, e, `chunk ${i}`));
      assert.ok(events.some((e) => (e as { usage?: unknown }).usage !== undefined), 'usage in the last chunks');
    });
  }

  it('a streamed error after text is a ChatStreamChunk with its error and finish_reason "error"', async () => {
    const { events } = await streamOf({ kind: 'error-after-text', text: ['partial'], error: { code: 502, message: 'Provider disconnected' } });
    events.forEach((e, i) => assertSdk(sdk.chunk, e, `chunk ${i}`));
    const last = events.at(-1) as { error?: { code?: unknown }; choices: { finish_reason: unknown }[] };
    assert.equal(last.error?.code, 502);
    assert.equal(last.choices[0].finish_reason, 'error');
  });

  for (const code of AVAILABILITY_CODES) {
    it(`the streamed availability error ${code} is a ChatStreamChunk with a numeric code and the availability object`, async () => {
      const { events } = await streamOf(streamedAvailabilityError(code, MODEL, { retry_after: code === 'capacity_exhausted' ? 40 : undefined }));
      events.forEach((e, i) => assertSdk(sdk.chunk, e, `${code} chunk ${i}`));
      const error = (events.at(-1) as { error: Record<string, unknown> }).error;
      assert.equal(error.code, error.http_status, 'code is the status, as in the non-streamed body');
      assert.deepEqual(sdkIssues(Availability, error.availability), []);
      assert.ok(sdk.errorTypes.includes(String(error.error_type)), `error_type ${String(error.error_type)}`);
    });
  }

  const finals: [string, DoubleBehavior][] = [
    ['a json answer', { kind: 'json', text: 'Hello', usage: { prompt: 3, completion: 1, cost: 0 } }],
    ['a json answer with reasoning', { kind: 'json', text: 'Hi', reasoning: 'short', answeredModel: 'y/other:free' }],
    ['a stream behaviour asked without stream', { kind: 'stream', text: ['Hel', 'lo'], usage: { prompt: 3, completion: 2, reasoning: 1, cost: 0.5 } }],
  ];
  for (const [name, behavior] of finals) {
    it(`a final (non-streamed) body is a ChatResult: ${name}`, async () => {
      double.script(MODEL, behavior);
      const res = await chat({});
      assert.equal(res.status, 200);
      assertSdk(sdk.result, await res.json(), name);
    });
  }

  const errors: [string, DoubleBehavior][] = [
    ...[400, 402, 403, 404, 408, 429, 500, 502, 503].map((status): [string, DoubleBehavior] => [`a plain ${status}`, { kind: 'http-error', status }]),
    ['a 429 with Retry-After and the rate-limit headers', { kind: 'http-error', status: 429, retryAfter: '7', rateLimit: { limit: 20, remaining: 0, reset: 1_900_000_000_000 } }],
    ['an upstream 429 with metadata.raw', { kind: 'http-error', status: 429, message: 'Provider returned error', metadata: { raw: 'x/model:free is temporarily rate-limited upstream.', provider_name: 'Chutes' } }],
    ...(['free-models-per-min', 'free-models-per-day', 'free-models-per-day-high-balance'] as const).flatMap((name) =>
      (['body', 'headers', 'both'] as const).map((where): [string, DoubleBehavior] => [`the free-tier 429 ${name} (counters in ${where})`, freeTierLimit(name, { reset: 1_900_000_000_000, where })]),
    ),
    ...(['tools', 'image', 'dataPolicy'] as const).map((what): [string, DoubleBehavior] => [`the capability 404 (${what})`, noEndpoints(what)]),
    ...AVAILABILITY_CODES.map((code): [string, DoubleBehavior] => [
      `the availability error ${code}`,
      availabilityError(code, MODEL, {
        retry_after: code === 'capacity_exhausted' || code === 'temporarily_unavailable' ? 40 : undefined,
        excluded_by: code === 'privacy_restricted' ? ['data_policy:training', 'zdr'] : [],
        fallback_models: code === 'free_variant_ended' ? ['x/model', 'x/other:free'] : [],
        constraint: code === 'constraint_filtered' ? { field: 'provider.only', detail: 'no endpoint of x/model is served by Groq' } : undefined,
      }),
    ]),
  ];
  for (const [name, behavior] of errors) {
    it(`an error body matches the SDK's schema for its status: ${name}`, async () => {
      double.script(MODEL, behavior);
      const res = await chat({});
      assert.ok(res.status >= 400, `status ${res.status}`);
      assertErrorBody(res.status, await res.json(), name);
    });
  }

  it('the context-length 400, in both wordings, matches the SDK\'s 400 schema', async () => {
    double.setContextWindow(MODEL, 50);
    for (const older of [false, true]) {
      double.setOlderContextWording(older);
      const res = await chat({ max_tokens: 100 });
      assert.equal(res.status, 400);
      const body = (await res.json()) as { error: { message: string } };
      assert.match(body.error.message, /maximum context length is 50 tokens/);
      assertErrorBody(400, body, `context length (${older ? 'middle-out' : 'context-compression'} wording)`);
    }
  });

  it('the 401s (no key, a bad key) match the SDK\'s 401 schema', async () => {
    for (const key of [undefined, 'sk-or-bad-key']) {
      const res = await chat({}, key ?? null);
      assert.equal(res.status, 401);
      assertErrorBody(401, await res.json(), key ? 'a bad key' : 'no key');
    }
    const res = await get('/key', 'sk-or-bad-key');
    assert.equal(res.status, 401);
    assertErrorBody(401, await res.json(), '/key with a bad key');
  });

  it('the checks can fail: a body missing a required field or carrying an unknown one is caught', () => {
    assert.ok(sdkIssues(sdk.chunk, { id: 'x', choices: [], created: 1, object: 'chat.completion.chunk' }).some((i) => i.startsWith('model:')));
    const chunk = { id: 'x', model: 'm', created: 1, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'a', reasoning_detail: [] }, finish_reason: null }] };
    assert.deepEqual(sdkIssues(sdk.chunk, chunk), [], 'the SDK alone strips the misspelt field');
    assert.deepEqual(unknownFields(sdk.chunk, chunk), ['choices[0].delta.reasoning_detail']);
  });
});
