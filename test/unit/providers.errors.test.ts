// Every failure OpenRouter can produce, in both modes, becomes one normalized error part with the
// right kind, retryability and retry hint, and a message a user can act on without seeing the key.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { availabilityError, freeTierLimit, NO_ENDPOINTS, noEndpoints, OpenRouterDouble, streamedAvailabilityError, type DoubleBehavior } from '../fixtures/double';
import { createProvider, describeProviderError } from '../../src/core/providers';
import type { ErrorKind, ProviderError } from '../../src/core/providers/errors';
import { PROVIDER_MODES, type ChatProvider, type ChatRequest, type StreamPart } from '../../src/core/providers/types';

const KEY = 'sk-or-v1-secretsecretsecret42';
const USER = [{ role: 'user' as const, content: 'Hi' }];

async function collect(provider: ChatProvider, request: ChatRequest): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of provider.stream(request)) parts.push(part);
  return parts;
}

function lastError(parts: StreamPart[]): ProviderError {
  const last = parts.at(-1);
  assert.equal(last?.type, 'error', `expected an error part last, got ${JSON.stringify(parts)}`);
  assert.equal(parts.filter((p) => p.type === 'error').length, 1, 'exactly one error part');
  assert.ok(!parts.some((p) => p.type === 'finish'), 'no finish part after a failure');
  return (last as { error: ProviderError }).error;
}

interface HttpCase {
  name: string;
  behavior: DoubleBehavior;
  kind: ErrorKind;
  retryable: boolean;
  /** Something the user-facing text must say. */
  says: RegExp;
}

const HTTP_CASES: HttpCase[] = [
  { name: '400 bad request', behavior: { kind: 'http-error', status: 400, message: 'max_tokens too large' }, kind: 'bad_request', retryable: false, says: /invalid.*max_tokens too large/ },
  { name: '402 no credits', behavior: { kind: 'http-error', status: 402 }, kind: 'payment', retryable: false, says: /credits/ },
  {
    name: '403 moderation',
    behavior: { kind: 'http-error', status: 403, metadata: { reasons: ['violence'], flagged_input: 'x' } },
    kind: 'forbidden',
    retryable: false,
    says: /moderation/,
  },
  {
    name: '404 no endpoints',
    behavior: { kind: 'http-error', status: 404, message: 'No endpoints found for m/case.' },
    kind: 'not_found',
    retryable: true,
    says: /no longer available.*enable another model/,
  },
  // OpenRouter's capability 404s (exact wire bodies): the model exists, no endpoint takes this request.
  { name: '404 no endpoint supports tool use', behavior: noEndpoints('tools'), kind: 'unsupported', retryable: true, says: /no endpoint on OpenRouter that supports tool calls/ },
  {
    name: '404 no endpoint supports tool use, naming a tool',
    behavior: noEndpoints('tools', 'get_weather'),
    kind: 'unsupported',
    retryable: true,
    says: /m\/case has no endpoint on OpenRouter that supports tool calls \(404\)/,
  },
  { name: '404 no endpoint supports image input', behavior: noEndpoints('image'), kind: 'unsupported', retryable: true, says: /accepts images/ },
  {
    name: '404 no endpoint matches the data policy',
    behavior: noEndpoints('dataPolicy'),
    kind: 'unsupported',
    retryable: true,
    says: /data policy allows \(404\).*Free model publication.*settings\/privacy/,
  },
  { name: '408 timeout', behavior: { kind: 'http-error', status: 408 }, kind: 'timeout', retryable: true, says: /did not answer in time/ },
  { name: '500 internal', behavior: { kind: 'http-error', status: 500 }, kind: 'upstream', retryable: true, says: /unavailable/ },
  { name: '502 upstream down', behavior: { kind: 'http-error', status: 502 }, kind: 'upstream', retryable: true, says: /unavailable/ },
  { name: '503 no provider', behavior: { kind: 'http-error', status: 503 }, kind: 'upstream', retryable: true, says: /another model/ },
];

for (const mode of PROVIDER_MODES) {
  describe(`provider ${mode} errors`, () => {
    let double: OpenRouterDouble;
    let provider: ChatProvider;

    before(async () => {
      double = await OpenRouterDouble.start();
      provider = createProvider(mode, { apiKey: KEY, baseUrl: double.baseUrl, appUrl: 'https://example.test', appTitle: 'T' });
    });
    afterEach(() => double.reset());
    after(() => double.close());

    for (const c of HTTP_CASES) {
      it(`${c.name} → ${c.kind}`, async () => {
        double.script('m/case', c.behavior);
        const parts = await collect(provider, { model: 'm/case', messages: USER });
        assert.equal(parts.length, 1);
        const e = lastError(parts);
        assert.equal(e.kind, c.kind);
        assert.equal(e.retryable, c.retryable);
        assert.equal(e.status, c.behavior.kind === 'http-error' ? c.behavior.status : undefined);
        assert.equal(e.model, 'm/case');
        assert.match(describeProviderError(e), c.says);
      });
    }

    describe('structured availability errors (error.availability), by code and not by message', () => {
      const cases: { code: string; extra?: Parameters<typeof availabilityError>[2]; kind: ErrorKind; unsupported?: string; retryable: boolean; retryAfterMs?: number }[] = [
        { code: 'capacity_exhausted', extra: { retry_after: 40, fallback_models: ['x/z'] }, kind: 'rate_limited', retryable: true, retryAfterMs: 40_000 },
        { code: 'temporarily_unavailable', extra: { retry_after: 5 }, kind: 'upstream', retryable: true, retryAfterMs: 5_000 },
        { code: 'free_variant_ended', extra: { fallback_models: ['x/y', 'x/y:free'] }, kind: 'not_found', retryable: false },
        { code: 'model_deprecated', kind: 'not_found', retryable: false },
        { code: 'region_restricted', kind: 'not_found', retryable: false },
        { code: 'privacy_restricted', extra: { excluded_by: ['data_policy:training', 'zdr'] }, kind: 'unsupported', unsupported: 'data_policy', retryable: false },
        { code: 'constraint_filtered', kind: 'unsupported', unsupported: 'constraint', retryable: false },
        // OpenRouter's advice: an unknown code is retryable, whatever its status says.
        { code: 'brand_new_code', kind: 'upstream', retryable: true },
      ];
      for (const c of cases) {
        for (const streamed of [false, true]) {
          it(`${c.code}${streamed ? ' in a 200 stream' : ''} → ${c.kind}${c.unsupported ? `/${c.unsupported}` : ''}, retryable ${c.retryable}`, async () => {
            const behavior = streamed ? streamedAvailabilityError(c.code, 'x/y', c.extra) : availabilityError(c.code, 'x/y', c.extra);
            if (c.code === 'brand_new_code' && behavior.kind === 'http-error') behavior.status = 400;
            if (c.code === 'brand_new_code' && behavior.kind === 'error-after-text') behavior.error = { ...behavior.error, code: 400, http_status: 400 };
            double.script('x/y', behavior);
            const e = lastError(await collect(provider, { model: 'x/y', messages: USER }));
            assert.equal(e.kind, c.kind);
            assert.equal(e.unsupported, c.unsupported);
            assert.equal(e.freeTier, undefined, 'never the account\'s free-tier limit');
            assert.equal(e.retryAfterMs, c.retryAfterMs);
            assert.deepEqual(e.availability, {
              code: c.code,
              retryable: c.retryable,
              ...(c.retryAfterMs !== undefined ? { retryAfterMs: c.retryAfterMs } : {}),
              fallbackModels: c.extra?.fallback_models ?? [],
              excludedBy: c.extra?.excluded_by ?? [],
            });
            assert.ok(describeProviderError(e).length > 0);
          });
        }
      }

      it('a capacity_exhausted 429 worded like a free-tier limit is still this model\'s, with its stated wait', async () => {
        const behavior = availabilityError('capacity_exhausted', 'x/y', { retry_after: 3 });
        behavior.message = 'Rate limit exceeded: free-models-per-min. All providers for x/y are at capacity.';
        double.script('x/y', behavior);
        const e = lastError(await collect(provider, { model: 'x/y', messages: USER }));
        assert.equal(e.freeTier, undefined);
        assert.equal(e.retryAfterMs, 3_000);
      });

      it('the body as notes/openrouter-api.md quotes it (no numeric code) is read like the one with it', async () => {
        const quoted = availabilityError('capacity_exhausted', 'x/y', { retry_after: 40, fallback_models: ['x/z'] });
        for (const behavior of [{ ...quoted, noCode: true }, quoted]) {
          double.script('x/y', behavior);
          const e = lastError(await collect(provider, { model: 'x/y', messages: USER }));
          assert.equal(e.kind, 'rate_limited');
          assert.equal(e.retryAfterMs, 40_000);
          assert.deepEqual(e.availability?.fallbackModels, ['x/z']);
        }
        const sent = double.chatRequests.length;
        assert.ok(sent >= 2, 'both bodies were served');
      });

      it('a body without availability is still read by its message (the fallback)', async () => {
        double.script('x/y', noEndpoints('dataPolicy'));
        const e = lastError(await collect(provider, { model: 'x/y', messages: USER }));
        assert.equal(e.kind, 'unsupported');
        assert.equal(e.unsupported, 'data_policy');
        assert.equal(e.availability, undefined);
      });
    });

    it('a capability 404 says which feature no endpoint supports; a model-gone 404 stays not_found', async () => {
      const cases = [
        [noEndpoints('tools'), 'tools'],
        [noEndpoints('tools', 'read_file'), 'tools'],
        [noEndpoints('image'), 'image'],
        [noEndpoints('dataPolicy'), 'data_policy'],
        [{ kind: 'http-error', status: 404, message: 'No endpoints found for m/case.' } as DoubleBehavior, undefined],
      ] as const;
      for (const [behavior, feature] of cases) {
        double.script('m/case', behavior);
        const e = lastError(await collect(provider, { model: 'm/case', messages: USER }));
        assert.equal(e.unsupported, feature, JSON.stringify(behavior));
        assert.equal(e.kind, feature ? 'unsupported' : 'not_found');
      }
      assert.ok(NO_ENDPOINTS.tools.startsWith('No endpoints found that support tool use.'));
    });

    it('a model without tool endpoints answers a tool request with the 404, and a plain one normally', async () => {
      double.setModelLimits('m/plain', { tools: false });
      const tools = [{ name: 'get_weather', parameters: { type: 'object', properties: {} } }];
      const e = lastError(await collect(provider, { model: 'm/plain', messages: USER, options: { tools } }));
      assert.equal(e.kind, 'unsupported');
      assert.equal(e.unsupported, 'tools');
      const plain = await collect(provider, { model: 'm/plain', messages: USER });
      assert.equal(plain.at(-1)?.type, 'finish');
    });

    it('401 → auth, not retryable, tells the user to set the key, never shows it', async () => {
      const bad = createProvider(mode, { apiKey: 'sk-or-v1-bad-key-123456', baseUrl: double.baseUrl, appUrl: 'https://x', appTitle: 'T' });
      const e = lastError(await collect(bad, { model: 'm/a', messages: USER }));
      assert.equal(e.kind, 'auth');
      assert.equal(e.status, 401);
      assert.equal(e.retryable, false);
      const text = describeProviderError(e);
      assert.match(text, /rejected the API key \(401\).*OpenRouter: Set API Key/);
      assert.doesNotMatch(text + e.message + (e.detail ?? ''), /bad-key-123456/);
    });

    it('an empty key fails locally without a request', async () => {
      const keyless = createProvider(mode, { apiKey: '', baseUrl: double.baseUrl, appUrl: 'https://x', appTitle: 'T' });
      const e = lastError(await collect(keyless, { model: 'm/a', messages: USER }));
      assert.equal(e.kind, 'auth');
      assert.match(describeProviderError(e), /No OpenRouter API key is set/);
      assert.equal(double.requests.length, 0);
    });

    it('429 with Retry-After in seconds → rate_limited with retryAfterMs and the rate-limit headers', async () => {
      const reset = Date.now() + 42_000;
      double.script('m/limited', {
        kind: 'http-error',
        status: 429,
        retryAfter: '7',
        rateLimit: { limit: 20, remaining: 0, reset },
      });
      const e = lastError(await collect(provider, { model: 'm/limited', messages: USER }));
      assert.equal(e.kind, 'rate_limited');
      assert.equal(e.retryable, true);
      assert.equal(e.retryAfterMs, 7000);
      assert.deepEqual(e.rateLimit, { limit: 20, remaining: 0, resetAt: reset });
      assert.match(describeProviderError(e), /rate-limited \(429\).*Retry in 7 s/);
    });

    it('429 with Retry-After as an HTTP date → retryAfterMs until that date', async () => {
      const at = new Date(Date.now() + 120_000);
      double.script('m/limited', { kind: 'http-error', status: 429, retryAfter: at.toUTCString() });
      const e = lastError(await collect(provider, { model: 'm/limited', messages: USER }));
      assert.equal(e.kind, 'rate_limited');
      // HTTP dates have one-second resolution and the request takes a moment.
      assert.ok(e.retryAfterMs !== undefined && e.retryAfterMs > 100_000 && e.retryAfterMs <= 120_000, String(e.retryAfterMs));
    });

    // OpenRouter's free-tier 429s name the account-wide limit and carry the counters in the body
    // (`error.metadata.headers`), as real headers, or both.
    const FREE_TIER_CASES = [
      { name: 'free-models-per-day', window: 'day', limit: 50, where: 'body' },
      { name: 'free-models-per-day-high-balance', window: 'day', limit: 1000, where: 'headers' },
      { name: 'free-models-per-min', window: 'minute', limit: 20, where: 'both' },
      { name: 'free-models-per-min', window: 'minute', limit: 20, where: 'body' },
    ] as const;
    for (const c of FREE_TIER_CASES) {
      it(`429 ${c.name} with the counters in the ${c.where} → a free-tier ${c.window} limit with its reset`, async () => {
        const reset = Date.now() + 3 * 3_600_000;
        double.script('m/free:free', freeTierLimit(c.name, { reset, where: c.where }));
        const e = lastError(await collect(provider, { model: 'm/free:free', messages: USER }));
        assert.equal(e.kind, 'rate_limited');
        assert.equal(e.freeTier, c.window);
        assert.deepEqual(e.rateLimit, { limit: c.limit, remaining: 0, resetAt: reset });
        assert.ok(e.retryAfterMs !== undefined && e.retryAfterMs > 3 * 3_600_000 - 60_000, String(e.retryAfterMs));
      });
    }

    it('a 429 that names no free-tier limit (an upstream provider\'s own) concerns only its model', async () => {
      double.script('m/limited', { kind: 'http-error', status: 429, retryAfter: '5' });
      const e = lastError(await collect(provider, { model: 'm/limited', messages: USER }));
      assert.equal(e.kind, 'rate_limited');
      assert.equal(e.freeTier, undefined);
    });

    it('a free-tier 429 inside a 200 stream → the same limit and reset, from the event\'s metadata', async () => {
      const reset = Date.now() + 45_000;
      double.script('m/mid', {
        kind: 'error-after-text',
        text: ['x'],
        error: { code: 429, message: 'Rate limit exceeded: free-models-per-min. ', metadata: { headers: { 'X-RateLimit-Limit': '20', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(reset) } } },
      });
      const e = lastError(await collect(provider, { model: 'm/mid', messages: USER }));
      assert.equal(e.kind, 'rate_limited');
      assert.equal(e.freeTier, 'minute');
      assert.deepEqual(e.rateLimit, { limit: 20, remaining: 0, resetAt: reset });
    });

    it('503 with Retry-After → upstream with retryAfterMs', async () => {
      double.script('m/busy', { kind: 'http-error', status: 503, retryAfter: '2' });
      const e = lastError(await collect(provider, { model: 'm/busy', messages: USER }));
      assert.equal(e.kind, 'upstream');
      assert.equal(e.retryAfterMs, 2000);
    });

    it('an error event inside a 200 stream → the text so far, then the error of its code', async () => {
      double.script('m/mid', {
        kind: 'error-after-text',
        text: ['Partial ', 'answer'],
        error: { code: 429, message: 'Rate limit exceeded upstream' },
      });
      const parts = await collect(provider, { model: 'm/mid', messages: USER });
      assert.deepEqual(parts.slice(0, 2), [
        { type: 'text', text: 'Partial ' },
        { type: 'text', text: 'answer' },
      ]);
      const e = lastError(parts);
      assert.equal(parts.length, 3);
      assert.equal(e.kind, 'rate_limited');
      assert.match(e.message, /Rate limit exceeded upstream/);
    });

    it('an error event with a non-HTTP code → stream_error', async () => {
      double.script('m/mid', { kind: 'error-after-text', text: ['x'], error: { code: 'server_error', message: 'Provider disconnected' } });
      const e = lastError(await collect(provider, { model: 'm/mid', messages: USER }));
      assert.equal(e.kind, 'stream_error');
      assert.equal(e.retryable, true);
      assert.match(describeProviderError(e), /broke off.*Provider disconnected/);
    });

    it('a connection dropped mid-stream → the text so far, then network', async () => {
      double.script('m/drop', { kind: 'drop-after-text', text: ['Half'] });
      const parts = await collect(provider, { model: 'm/drop', messages: USER });
      assert.deepEqual(parts[0], { type: 'text', text: 'Half' });
      const e = lastError(parts);
      assert.equal(e.kind, 'network');
      assert.equal(e.retryable, true);
      assert.match(describeProviderError(e), /connection to OpenRouter failed/);
    });

    it('a stream that ends without a finish reason → the text so far, then stream_error (not a finished answer)', async () => {
      double.script('m/cut', { kind: 'end-without-finish', text: ['Half', ' an'] });
      const parts = await collect(provider, { model: 'm/cut', messages: USER });
      assert.deepEqual(parts.slice(0, 2), [
        { type: 'text', text: 'Half' },
        { type: 'text', text: ' an' },
      ]);
      const e = lastError(parts);
      assert.equal(parts.length, 3);
      assert.equal(e.kind, 'stream_error');
      assert.match(describeProviderError(e), /broke off.*before the answer was complete/);
    });

    it('malformed SSE data → stream_error after the good text', async () => {
      double.script('m/bad', { kind: 'malformed', text: ['Good'] });
      const parts = await collect(provider, { model: 'm/bad', messages: USER });
      assert.deepEqual(parts[0], { type: 'text', text: 'Good' });
      const e = lastError(parts);
      assert.equal(e.kind, 'stream_error');
      assert.ok(describeProviderError(e).length < 400, 'the quoted broken event is cut short');
    });

    it('a 404 that is not OpenRouter\'s (a base URL without /api/v1) → network naming the setting, not a gone model', async () => {
      const server = http.createServer((req, res) => {
        req.resume();
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end(`<html><body>Cannot POST ${req.url}</body></html>`);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const port = (server.address() as AddressInfo).port;
        const wrongPath = createProvider(mode, { apiKey: KEY, baseUrl: `http://127.0.0.1:${port}`, appUrl: 'https://x', appTitle: 'T' });
        const e = lastError(await collect(wrongPath, { model: 'm/a', messages: USER }));
        assert.equal(e.kind, 'network');
        assert.equal(e.status, 404);
        assert.match(describeProviderError(e), /no OpenRouter API at this address.*baseUrl/);
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });

    it('a refused connection → network', async () => {
      const server = http.createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const offline = createProvider(mode, { apiKey: KEY, baseUrl: `http://127.0.0.1:${port}/api/v1`, appUrl: 'https://x', appTitle: 'T' });
      const e = lastError(await collect(offline, { model: 'm/a', messages: USER }));
      assert.equal(e.kind, 'network');
      assert.match(describeProviderError(e), /baseUrl/);
    });

    it('keeps a key of another shape (one a proxy accepts) out of an error that echoes it', async () => {
      const proxyKey = 'corp-proxy-token-9f8e7d6c';
      double.setKeyPolicy((k) => k === proxyKey);
      double.script('m/echo', { kind: 'http-error', status: 400, message: `Unknown token ${proxyKey} for this route` });
      const viaProxy = createProvider(mode, { apiKey: proxyKey, baseUrl: double.baseUrl, appUrl: 'https://x', appTitle: 'T' });
      const e = lastError(await collect(viaProxy, { model: 'm/echo', messages: USER }));
      assert.equal(e.kind, 'bad_request');
      assert.equal(e.status, 400);
      for (const text of [e.message, describeProviderError(e)]) {
        assert.ok(!text.includes('9f8e7d6c'), text);
        assert.match(text, /Unknown token \[redacted\] for this route/);
      }
    });

    it('never lets the key into an error, even when the server echoes it', async () => {
      double.script('m/echo', { kind: 'http-error', status: 400, message: `Bad header Authorization: Bearer ${KEY}` });
      const e = lastError(await collect(provider, { model: 'm/echo', messages: USER }));
      for (const text of [e.message, e.detail ?? '', describeProviderError(e), describeProviderError(e, 'zh-cn')]) {
        assert.ok(!text.includes('secretsecret'), text);
      }
    });
  });
}
