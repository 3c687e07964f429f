// The "Test Connection" call against the double: GET {baseUrl}/key.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenRouterDouble } from '../fixtures/double';
import { fetchKeyInfo } from '../../src/core/providers/keyInfo';
import { ProviderError } from '../../src/core/providers/errors';

describe('fetchKeyInfo', () => {
  let double: OpenRouterDouble;
  const settings = (apiKey: string, baseUrl = double.baseUrl) => ({ apiKey, baseUrl, appUrl: 'https://x', appTitle: 'T' });

  before(async () => {
    double = await OpenRouterDouble.start();
  });
  afterEach(() => double.reset());
  after(() => double.close());

  it('reads the key data with the bearer key and attribution headers', async () => {
    // usage_daily and free_model_daily_requests: fields of the current API (cast, as older doubles lack them).
    const current = { usage_daily: 1.25, free_model_daily_requests: { limit: 1000, remaining: 990, used: 10 } };
    double.setKeyInfo({ label: 'sk-or-v1-abc...def', limit: 10, limit_remaining: 7.5, usage: 2.5, is_free_tier: false, ...current } as never);
    const info = await fetchKeyInfo(settings('sk-or-v1-good'));
    assert.deepEqual(info, {
      label: 'sk-or-v1-abc...def',
      limit: 10,
      limitRemaining: 7.5,
      usage: 2.5,
      isFreeTier: false,
      rateLimit: { requests: 20, interval: '10s' },
      usageDaily: 1.25,
      freeRequests: { limit: 1000, remaining: 990, used: 10 },
    });
    const r = double.requests[0];
    assert.equal(r.path, '/api/v1/key');
    assert.equal(r.headers.authorization, 'Bearer sk-or-v1-good');
    assert.equal(r.headers['x-openrouter-title'], 'T');
  });

  it('tolerates a trailing slash on the base URL', async () => {
    await fetchKeyInfo(settings('sk-or-v1-good', `${double.baseUrl}/`));
    assert.equal(double.requests[0].path, '/api/v1/key');
  });

  it('falls back to the older /auth/key path when /key is unknown', async () => {
    double.setLegacyKeyPathOnly(true);
    const info = await fetchKeyInfo(settings('sk-or-v1-good'));
    assert.equal(info.isFreeTier, true);
    assert.deepEqual(
      double.requests.map((r) => r.path),
      ['/api/v1/key', '/api/v1/auth/key'],
    );
  });

  it('rejects a bad key with an auth error', async () => {
    await assert.rejects(fetchKeyInfo(settings('sk-or-v1-invalid')), (e: unknown) => {
      assert.ok(e instanceof ProviderError);
      assert.equal(e.kind, 'auth');
      assert.equal(e.status, 401);
      return true;
    });
  });

  it('fails locally without a key', async () => {
    await assert.rejects(fetchKeyInfo(settings('')), (e: unknown) => e instanceof ProviderError && e.kind === 'auth');
    assert.equal(double.requests.length, 0);
  });

  it('reports an answer it cannot read instead of inventing values', async () => {
    const server = await OpenRouterDouble.start();
    server.setKeyInfo({ is_free_tier: 'yes' as unknown as boolean });
    try {
      await assert.rejects(fetchKeyInfo(settings('sk-or-v1-good', server.baseUrl)), (e: unknown) => {
        assert.ok(e instanceof ProviderError);
        assert.equal(e.kind, 'upstream');
        assert.match(e.detail ?? '', /is_free_tier/);
        return true;
      });
    } finally {
      await server.close();
    }
  });

  it('reports a cancel while the answer is arriving as cancelled, and closes the connection', async () => {
    // A server that starts the answer and never finishes it.
    let serverClosed: Promise<void> | undefined;
    const server = http.createServer((_req, res) => {
      serverClosed = new Promise((resolve) => res.on('close', () => resolve()));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":{"label":');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // Observe (not replace) fetch, to cancel only once the status line has arrived and the body is being read.
    const realFetch = globalThis.fetch;
    let headersArrived!: () => void;
    const responded = new Promise<void>((resolve) => (headersArrived = resolve));
    globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
      const response = await realFetch(...args);
      headersArrived();
      return response;
    };
    try {
      const ac = new AbortController();
      const port = (server.address() as AddressInfo).port;
      const result = fetchKeyInfo(settings('sk-or-v1-good', `http://127.0.0.1:${port}/api/v1`), ac.signal);
      await responded;
      ac.abort();
      await assert.rejects(result, (e: unknown) => e instanceof ProviderError && e.kind === 'cancelled');
      await serverClosed;
    } finally {
      globalThis.fetch = realFetch;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('is cancellable before it starts', async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(fetchKeyInfo(settings('sk-or-v1-good'), ac.signal), (e: unknown) => e instanceof ProviderError && e.kind === 'cancelled');
  });
});
