// The router over the real providers and the local OpenRouter double (real HTTP on loopback):
// Retry-After parsing into cooldowns, failover without duplicated text, aborted requests closing
// their connections, and OpenRouter's server-side `models` list in the official mode.
import assert from 'node:assert/strict';
import { createProvider } from '../../src/core/providers';
import { PROVIDER_MODES, type ChatProvider, type ProviderMode } from '../../src/core/providers/types';
import { ModelRouter } from '../../src/core/router';
import type { RouterSettings } from '../../src/core/router/types';
import { freeTierLimit, OpenRouterDouble } from '../fixtures/double';
import { formatLocalTime } from '../../src/core/router/routerText';
import { collect, lastEvent, settings, textOf } from './router.fakes';
import type { RouteFailure, RouterEvent } from '../../src/core/router/types';

function failureOf(events: RouterEvent[]): RouteFailure {
  const end = lastEvent(events);
  assert.equal(end.type, 'failed', `expected a failure, got ${JSON.stringify(end)}`);
  return end.type === 'failed' ? end.failure : assert.fail();
}

const A = 'a/model-a:free';
const B = 'b/model-b:free';
const C = 'c/model-c:free';
const PAID = 'x/paid-model';

for (const mode of PROVIDER_MODES) {
  describe(`router over HTTP (${mode})`, () => {
    let double: OpenRouterDouble;
    let provider: ChatProvider;
    let current: RouterSettings;
    let models: string[];
    let router: ModelRouter;

    before(async () => {
      double = await OpenRouterDouble.start();
      provider = createProvider(mode as ProviderMode, {
        apiKey: 'sk-or-v1-router-http',
        baseUrl: double.baseUrl,
        appUrl: 'https://example.test/app',
        appTitle: 'OpenRouter Dual Test',
      });
      // Each mode loads its SDK on the first request; on a busy machine that alone can outlast the
      // short timeouts below and would read as a hang. Load it before anything is measured.
      for await (const part of provider.stream({ model: 'warm/up:free', messages: [{ role: 'user', content: 'hi' }] })) void part;
    });
    beforeEach(() => {
      double.reset();
      current = settings({ timeoutPerModelMs: 5_000 });
      models = [A, B, C];
      router = new ModelRouter({ provider: () => provider, models: () => models, settings: () => current });
    });
    after(() => double.close());

    it('fails over from a 429 to the next model and cools the first down for its Retry-After', async () => {
      double.script(A, { kind: 'http-error', status: 429, retryAfter: '7' });
      double.script(B, { kind: 'stream', text: ['Hello', ' from B'] });
      const before = Date.now();
      const events = await collect(router.route({ messages: [{ role: 'user', content: 'hi' }] }));
      assert.equal(textOf(events), 'Hello from B');
      const end = lastEvent(events);
      assert.ok(end.type === 'done' && end.summary.model === B);
      const cooldown = router.stats.snapshot().models.find((m) => m.model === A)?.cooldownUntil ?? 0;
      assert.ok(cooldown >= before + 7_000 && cooldown <= Date.now() + 7_000, `cooldown from Retry-After: 7 s, got ${cooldown - before} ms`);
      assert.deepEqual(double.chatRequests.map((r) => r.model), [A, B]);
    });

    it('a connection dropped after text ends the answer: no second model, no repeated text', async () => {
      double.script(A, { kind: 'drop-after-text', text: ['Half ', 'an answer'] });
      const events = await collect(router.route({ messages: [{ role: 'user', content: 'hi' }] }));
      assert.equal(textOf(events), 'Half an answer');
      const end = lastEvent(events);
      assert.ok(end.type === 'failed' && end.failure.afterOutput);
      assert.equal(double.chatRequests.length, 1);
    });

    it('a hanging model times out, its connection is closed, and the next one answers', async () => {
      current = settings({ timeoutPerModelMs: 2_000 });
      double.script(A, { kind: 'hang' });
      double.script(B, { kind: 'stream', text: ['ok'] });
      const events = await collect(router.route({ messages: [{ role: 'user', content: 'hi' }] }));
      assert.equal(textOf(events), 'ok');
      const closed = await double.waitForClientClose((r) => r.model === A);
      assert.equal(closed.closedByClient, true);
      const end = lastEvent(events);
      assert.ok(end.type === 'done' && end.summary.attempts[0].kind === 'timeout');
    });

    it('cancelling a fan-out stops every member and closes every HTTP request', async () => {
      for (const m of [A, B, C]) double.script(m, { kind: 'hang', text: [`${m} thinking`] });
      const controller = new AbortController();
      const group = router.group({ messages: [{ role: 'user', content: 'hi' }], signal: controller.signal }, { models: [A, B, C] });
      const firstTexts = group.members.map(async (m) => {
        const events: string[] = [];
        for await (const e of m.events) events.push(e.type === 'failed' ? `failed:${e.failure.kind}` : e.type);
        return events;
      });
      await double.waitForRequests(3);
      controller.abort();
      const results = await Promise.all(firstTexts);
      for (const events of results) assert.equal(events[events.length - 1], 'failed:cancelled');
      for (const m of [A, B, C]) await double.waitForClientClose((r) => r.model === m);
      assert.ok(double.chatRequests.every((r) => r.closedByClient));
      assert.equal(router.stats.snapshot().routes?.cancelled, 3);
    });

    const ask = () => collect(router.route({ messages: [{ role: 'user', content: 'hi' }] }));

    it('a free-models-per-day 429 closes every free model until its reset: no failover, no retry; says when (local time) and that nothing else can answer', async () => {
      const reset = Date.now() + 5 * 3_600_000;
      double.script(A, freeTierLimit('free-models-per-day', { reset }));
      const failure = failureOf(await ask());
      assert.deepEqual(double.chatRequests.map((r) => r.model), [A], 'B and C would refuse too: not asked');
      assert.equal(failure.kind, 'rate_limited');
      assert.equal(failure.retryAt, reset);
      assert.match(failure.message, /limit of 50 requests per day is used up for this account/);
      assert.ok(failure.message.includes(`reopens at ${formatLocalTime(reset)} your time`), failure.message);
      assert.match(failure.message, /in [45] h.*Nothing else can answer until then while 'free models only' is on/);
      assert.equal(router.budget.snapshot().dayClosedUntil, reset);

      // The next request is not sent at all: OpenRouter would refuse it.
      const next = failureOf(await ask());
      assert.equal(next.kind, 'budget_exhausted');
      assert.equal(next.retryAt, reset);
      assert.equal(double.chatRequests.length, 1);
    });

    it('says it in Simplified Chinese too', async () => {
      router = new ModelRouter({ provider: () => provider, models: () => models, settings: () => current, locale: () => 'zh-cn' });
      const reset = Date.now() + 2 * 3_600_000;
      double.script(A, freeTierLimit('free-models-per-day-high-balance', { reset, where: 'headers' }));
      const failure = failureOf(await ask());
      assert.ok(failure.message.includes(`每天 1000 次请求已用完`), failure.message);
      assert.ok(failure.message.includes(`本地时间 ${formatLocalTime(reset)}`), failure.message);
      assert.ok(failure.message.includes('没有其他模型可以回答'), failure.message);
      assert.deepEqual(double.chatRequests.map((r) => r.model), [A]);
    });

    it('after a free-models-per-day 429, a paid model the user allows answers instead, and is the only one asked next', async () => {
      current = settings({ timeoutPerModelMs: 5_000, freeModelsOnly: false });
      models = [A, B, PAID];
      double.script(A, freeTierLimit('free-models-per-day', { reset: Date.now() + 3_600_000, where: 'both' }));
      double.script(PAID, { kind: 'stream', text: ['paid answer'] });
      assert.equal(textOf(await ask()), 'paid answer');
      assert.equal(textOf(await ask()), 'paid answer');
      assert.deepEqual(double.chatRequests.map((r) => r.model), [A, PAID, PAID]);
    });

    it('a free-models-per-min 429 fills the minute window until its reset: no failover to the other free models', async () => {
      current = settings({ timeoutPerModelMs: 5_000, requestsPerMinute: 20 });
      const reset = Date.now() + 30_000;
      double.script(A, freeTierLimit('free-models-per-min', { reset, where: 'headers' }));
      const failure = failureOf(await ask());
      assert.deepEqual(double.chatRequests.map((r) => r.model), [A]);
      assert.match(failure.message, /20 requests per minute is used up for this account.*frees up in [23]\d s/);
      assert.equal(failure.retryAt, reset);
      const budget = router.budget.snapshot();
      assert.equal(budget.minuteUsed, 20);
      assert.equal(budget.minuteResetAt, reset);
    });

    it('a request that never reached OpenRouter (connection refused) gives its free-tier slot back', async () => {
      // A port that was just open and is closed now: the connection is refused.
      const gone = await OpenRouterDouble.start();
      const baseUrl = gone.baseUrl;
      await gone.close();
      const unreachable = createProvider(mode as ProviderMode, { apiKey: 'sk-or-v1-router-http', baseUrl, appUrl: 'https://example.test/app', appTitle: 'T' });
      // A long time limit: on a busy machine, loading the official SDK for the first attempt once
      // took longer than 5 s, and a timed-out attempt may have reached the server, so it counts.
      current = settings({ timeoutPerModelMs: 60_000, requestsPerMinute: 20, dailyLimit: 50 });
      router = new ModelRouter({ provider: () => unreachable, models: () => models, settings: () => current });
      const events = await ask();
      const failure = failureOf(events);
      assert.equal(failure.kind, 'network');
      const budget = router.budget.snapshot();
      const end = lastEvent(events);
      const attempts = end.type === 'failed' ? end.summary.attempts.map((a) => `${a.model}: ${a.kind} ${a.reason}`) : [];
      assert.deepEqual([budget.minuteUsed, budget.dayUsed], [0, 0], `three attempts, none counted; they were: ${attempts.join('; ')}`);
      assert.equal(router.stats.snapshot().totals.requests, 3, 'the attempts still show in the statistics');
    });

    it('a request OpenRouter answered keeps its slot, also when it failed', async () => {
      current = settings({ timeoutPerModelMs: 5_000, requestsPerMinute: 20, dailyLimit: 50 });
      for (const m of [A, B, C]) double.script(m, { kind: 'http-error', status: 502 });
      failureOf(await ask());
      assert.equal(router.budget.snapshot().dayUsed, 3);
    });

    if (mode === 'openrouter_sdk') {
      it('sends OpenRouter a server-side `models` list of enabled free models only', async () => {
        current = settings({ serverSideFallback: true });
        models = [A, PAID, B];
        double.script(A, { kind: 'stream', text: ['x'], answeredModel: B });
        const events = await collect(router.route({ messages: [{ role: 'user', content: 'hi' }] }));
        const body = double.chatRequests[0].body as { model: string; models?: string[] };
        assert.deepEqual(body.models?.filter((m) => m !== A), [B]);
        const end = lastEvent(events);
        assert.ok(end.type === 'done' && end.summary.model === B, 'the model that answered');
      });
    }
  });
}
