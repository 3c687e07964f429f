import assert from 'node:assert/strict';
import { FreeTierBudget, nextUtcMidnight, type SharedBudgetPart, type SharedCounterStore } from '../../src/core/router/budget';
import { ModelRouter } from '../../src/core/router';
import type { RouterEvent } from '../../src/core/router/types';
import { collect, FakeTime, lastEvent, setup } from './router.fakes';

const A = 'a/model-a:free';
const B = 'b/model-b:free';
const PAID = 'openai/gpt-paid';

function failure(events: RouterEvent[]) {
  const end = lastEvent(events);
  assert.equal(end.type, 'failed', `expected a failure, got ${JSON.stringify(end)}`);
  return end.type === 'failed' ? end.failure : assert.fail();
}

describe('router: free-tier budget', () => {
  it('refuses the 21st request in a minute without sending it, and says when a slot frees up', async () => {
    const s = setup([A, B], { requestsPerMinute: 20, dailyLimit: 1000 });
    for (let i = 0; i < 20; i++) {
      assert.equal(lastEvent(await s.time.run(collect(s.router.route({ messages: [] })))).type, 'done');
      await s.time.advance(1_000);
    }
    const refused = failure(await s.time.run(collect(s.router.route({ messages: [] }))));
    assert.equal(refused.kind, 'budget_exhausted');
    assert.equal(s.provider.requests.length, 20, 'the 21st was never sent');
    // The first request went out at t0; 20 s have passed, so its slot frees in 40 s.
    assert.match(refused.message, /20 requests per minute.*in 40 s/);
    assert.equal(refused.retryAt, s.time.now + 40_000);

    await s.time.advance(40_000);
    assert.equal(lastEvent(await s.time.run(collect(s.router.route({ messages: [] })))).type, 'done', 'sliding window: one slot free');
    assert.equal(failure(await s.time.run(collect(s.router.route({ messages: [] })))).kind, 'budget_exhausted', 'and only one');
  });

  it('says it in Simplified Chinese when the host asks for it', async () => {
    const s = setup([A], { requestsPerMinute: 1 }, { locale: () => 'zh-cn' });
    await s.time.run(collect(s.router.route({ messages: [] })));
    await s.time.advance(15_000);
    const refused = failure(await s.time.run(collect(s.router.route({ messages: [] }))));
    assert.equal(refused.message, '免费额度每分钟 1 次请求已用完，本次请求未发送（OpenRouter 会拒绝）。45 秒后会空出名额，请届时重试。');
  });

  it('refuses the 51st request of a UTC day and resets at midnight', async () => {
    const s = setup([A], { requestsPerMinute: 20, dailyLimit: 50 });
    for (let i = 0; i < 50; i++) {
      assert.equal(lastEvent(await s.time.run(collect(s.router.route({ messages: [] })))).type, 'done');
      await s.time.advance(5_000);
    }
    const refused = failure(await s.time.run(collect(s.router.route({ messages: [] }))));
    assert.equal(refused.kind, 'budget_exhausted');
    assert.match(refused.message, /50 requests per day.*00:00 UTC.*1000/);
    assert.equal(refused.retryAt, nextUtcMidnight(s.time.now));
    assert.equal(s.provider.requests.length, 50);

    await s.time.advance(nextUtcMidnight(s.time.now) - s.time.now);
    assert.equal(lastEvent(await s.time.run(collect(s.router.route({ messages: [] })))).type, 'done');
    assert.equal(s.router.budget.snapshot().dayUsed, 1);
  });

  it('a consumer that stops reading before the request goes out gets its slot back, and the route still ends once', async () => {
    const s = setup([A], { requestsPerMinute: 20, dailyLimit: 50 });
    const stopAtAttempt = async () => {
      for await (const e of s.router.route({ messages: [] })) if (e.type === 'attempt') break;
    };
    await s.time.run(stopAtAttempt());
    assert.equal(s.provider.requests.length, 0, 'nothing was sent');
    const budget = s.router.budget.snapshot();
    assert.equal(budget.minuteUsed, 0);
    assert.equal(budget.dayUsed, 0);
    assert.deepEqual(s.router.stats.snapshot().routes, { answered: 0, failed: 0, cancelled: 1 });

    // A sent request keeps its slot, and an answered route is not counted again as cancelled.
    assert.equal(lastEvent(await s.time.run(collect(s.router.route({ messages: [] })))).type, 'done');
    assert.equal(s.router.budget.snapshot().minuteUsed, 1);
    assert.deepEqual(s.router.stats.snapshot().routes, { answered: 1, failed: 0, cancelled: 1 });
  });

  it('releasing a slot gives back only that request', () => {
    let now = Date.parse('2026-11-26T10:00:00Z');
    const budget = new FreeTierBudget(() => now, () => ({ perMinute: 20, perDay: 50 }));
    budget.tryAcquire();
    now += 1_000;
    budget.tryAcquire();
    budget.release(now);
    budget.release(now); // twice: nothing more to give back
    assert.equal(budget.snapshot().minuteUsed, 1);
    assert.equal(budget.snapshot().dayUsed, 1);
  });

  it('paid models do not spend the free budget, and take over when it is spent (free-only off)', async () => {
    const s = setup([A, PAID], { requestsPerMinute: 2, freeModelsOnly: false });
    for (let i = 0; i < 2; i++) await s.time.run(collect(s.router.route({ messages: [] })));
    const events = await s.time.run(collect(s.router.route({ messages: [] })));
    assert.equal(lastEvent(events).type, 'done');
    assert.ok(events.some((e) => e.type === 'skip' && e.model === A && e.kind === 'budget_exhausted'));
    assert.ok(events.some((e) => e.type === 'attempt' && e.model === PAID));
    assert.equal(s.router.budget.snapshot().minuteUsed, 2, 'the paid request was not counted');
  });

  it('counts every attempt, failed ones included (OpenRouter counts them too)', async () => {
    const s = setup([A, B], { requestsPerMinute: 20 });
    s.provider.script(A, { kind: 'error', error: { kind: 'upstream', status: 503 } });
    await s.time.run(collect(s.router.route({ messages: [] })));
    assert.equal(s.router.budget.snapshot().minuteUsed, 2);
  });

  it('a fan-out spends one request per member: members over budget fail on their own', async () => {
    const models = [A, B, 'c/c:free', 'd/d:free', 'e/e:free'];
    const s = setup(models, { requestsPerMinute: 3 });
    const group = s.router.group({ messages: [] }, { models });
    const results = await s.time.run(Promise.all(group.members.map((m) => collect(m.events))));
    const ends = results.map((r) => lastEvent(r));
    assert.equal(ends.filter((e) => e.type === 'done').length, 3);
    assert.deepEqual(
      ends.filter((e) => e.type === 'failed').map((e) => (e.type === 'failed' ? e.failure.kind : '')),
      ['budget_exhausted', 'budget_exhausted'],
    );
    assert.equal(s.provider.requests.length, 3);
  });

  it('survives a reload on the same day through a snapshot, not across midnight', () => {
    const time = new FakeTime(Date.UTC(2026, 0, 15, 23, 59, 0));
    const limits = () => ({ perMinute: 20, perDay: 50 });
    const budget = new FreeTierBudget(time.clock, limits);
    for (let i = 0; i < 7; i++) assert.equal(budget.tryAcquire(), undefined);
    const saved = budget.snapshot();
    time.now += 30_000;
    const reloaded = new FreeTierBudget(time.clock, limits);
    reloaded.restore(saved, saved.dayResetAt - 60_000);
    assert.equal(reloaded.snapshot().dayUsed, 7);
    assert.equal(reloaded.snapshot().minuteUsed, 7);
    time.now += 31_000;
    const nextDay = new FreeTierBudget(time.clock, limits);
    nextDay.restore(saved, time.now - 61_000);
    assert.equal(nextDay.snapshot().dayUsed, 0);
  });
});

describe('router: free-tier budget in step with OpenRouter', () => {
  const DAY_429 = { kind: 'error', error: { kind: 'rate_limited', status: 429, freeTier: 'day' } } as const;

  it("a per-day 429 closes the free tier until OpenRouter's reset, across a reload; then its count starts again", async () => {
    const s = setup([A, B], { dailyLimit: 50 });
    const reset = s.time.now + 3 * 3_600_000;
    s.provider.script(A, { kind: 'error', error: { ...DAY_429.error, rateLimit: { limit: 50, remaining: 0, resetAt: reset } } });
    assert.equal(failure(await s.time.run(collect(s.router.route({ messages: [] })))).retryAt, reset);
    assert.equal(s.provider.requests.length, 1, 'neither B nor a retry of A');
    const saved = s.router.budget.snapshot();
    assert.deepEqual([saved.dayUsed, saved.dayLimit, saved.dayClosedUntil], [50, 50, reset]);
    // The model is not to blame: no cooldown, the budget holds every free model closed.
    assert.equal(s.router.healthOf(A).coolingDown, false);

    const reloaded = new FreeTierBudget(s.time.clock, () => ({ perMinute: 20, perDay: 50 }));
    reloaded.restore(saved, s.time.now);
    assert.deepEqual(reloaded.check(), { window: 'day', limit: 50, retryAt: reset, server: true });
    s.time.now = reset;
    assert.equal(reloaded.check(), undefined);
    assert.equal(reloaded.snapshot().dayUsed, 0);
  });

  it('a per-day 429 without counters closes the free tier until the next UTC midnight', async () => {
    const s = setup([A, B], { dailyLimit: 50 });
    s.provider.script(A, DAY_429);
    const refused = failure(await s.time.run(collect(s.router.route({ messages: [] }))));
    assert.equal(refused.retryAt, nextUtcMidnight(s.time.now));
    assert.equal(s.provider.requests.length, 1);
  });
});

/** Windows sharing one in-memory store: each publishes its own part, reads everyone else's. */
class MemoryShare {
  private readonly parts = new Map<string, SharedBudgetPart>();
  window(id: string): SharedCounterStore {
    return {
      others: () => [...this.parts].filter(([k]) => k !== id).map(([, p]) => p),
      publish: (part) => void this.parts.set(id, structuredClone(part)),
    };
  }
}

describe('router: one free-tier budget shared by windows', () => {
  const limits = () => ({ perMinute: 20, perDay: 50 });

  it('two windows count the sum, and refuse together once the sum reaches a limit', () => {
    const time = new FakeTime();
    const share = new MemoryShare();
    const one = new FreeTierBudget(time.clock, limits);
    const two = new FreeTierBudget(time.clock, limits);
    one.share(share.window('one'));
    two.share(share.window('two'));
    for (let i = 0; i < 12; i++) assert.equal(one.tryAcquire(), undefined);
    for (let i = 0; i < 8; i++) assert.equal(two.tryAcquire(), undefined);
    assert.deepEqual([one.snapshot().minuteUsed, two.snapshot().minuteUsed], [20, 20]);
    assert.equal(two.tryAcquire()?.window, 'minute');
    assert.equal(one.tryAcquire()?.window, 'minute');
    time.now += 60_000;
    for (let i = 0; i < 30; i++) {
      assert.equal((i % 2 ? one : two).tryAcquire(), undefined);
      time.now += 4_000;
    }
    assert.deepEqual([one.snapshot().dayUsed, two.snapshot().dayUsed], [50, 50]);
    assert.equal(one.tryAcquire()?.window, 'day');
  });

  it("a slot given back in one window is given back in the other's count too; a per-day 429 closes both", () => {
    const time = new FakeTime();
    const share = new MemoryShare();
    const one = new FreeTierBudget(time.clock, limits);
    const two = new FreeTierBudget(time.clock, limits);
    one.share(share.window('one'));
    two.share(share.window('two'));
    one.tryAcquire();
    one.release(time.now);
    assert.equal(two.snapshot().dayUsed, 0);
    const reset = time.now + 3_600_000;
    one.serverLimit('day', { limit: 50, remaining: 0, resetAt: reset });
    assert.deepEqual(two.check(), { window: 'day', limit: 50, retryAt: reset, server: true });
  });
});

describe('router: cooldowns', () => {
  it('puts a model in cooldown for its Retry-After, skips it meanwhile, and uses it again after', async () => {
    const s = setup([A, B]);
    s.provider.script(A, { kind: 'error', error: { kind: 'rate_limited', status: 429, retryAfterMs: 20_000 } }, { kind: 'stream', text: ['back'] });
    await s.time.run(collect(s.router.route({ messages: [] })));
    const start = s.time.now;
    assert.equal(s.router.stats.snapshot().models.find((m) => m.model === A)?.cooldownUntil, start + 20_000);
    assert.equal(s.router.healthOf(A).coolingDown, true);

    await s.time.advance(19_999);
    const during = await s.time.run(collect(s.router.route({ messages: [] })));
    assert.ok(!during.some((e) => e.type === 'attempt' && e.model === A));
    await s.time.advance(1);
    const after = await s.time.run(collect(s.router.route({ messages: [] })));
    assert.ok(after.some((e) => e.type === 'attempt' && e.model === A));
    assert.equal(s.router.healthOf(A).coolingDown, false);
  });

  it('one 429 without Retry-After cools nothing (the next request may use the model), and a very long stated wait is capped', async () => {
    const s = setup([A, B]);
    s.provider.script(A, { kind: 'error', error: { kind: 'rate_limited', status: 429 } });
    s.provider.script(B, { kind: 'error', error: { kind: 'rate_limited', status: 429, retryAfterMs: 86_400_000 } });
    await s.time.run(collect(s.router.route({ messages: [] })));
    const byModel = new Map(s.router.stats.snapshot().models.map((m) => [m.model, m.cooldownUntil]));
    assert.equal(byModel.get(A), undefined);
    const left = (byModel.get(B) ?? 0) - s.time.now;
    assert.ok(left > 599_000 && left <= 600_000, `capped at 10 min, ${left} ms left`);
    assert.equal(s.router.stats.snapshot().models.find((m) => m.model === B)?.cooldownWhy, 'stated');
  });

  it('when every model is cooling down, says which comes back first and when', async () => {
    const s = setup([A, B], { maxRetries: 1 });
    s.provider.script(A, { kind: 'error', error: { kind: 'rate_limited', status: 429, retryAfterMs: 45_000 } });
    s.provider.script(B, { kind: 'error', error: { kind: 'upstream', status: 503, retryAfterMs: 12_000 } });
    await s.time.run(collect(s.router.route({ messages: [] })));
    const before = s.provider.requests.length;
    const refused = failure(await s.time.run(collect(s.router.route({ messages: [] }))));
    assert.equal(refused.kind, 'all_cooling_down');
    assert.equal(s.provider.requests.length, before, 'nothing was sent');
    assert.match(refused.message, new RegExp(`earliest back is ${B}, in 12 s`));
    assert.equal(refused.retryAt, s.time.now + 12_000);
  });

  it('when every model is back within moments, waits for the earliest instead of failing', async () => {
    const s = setup([A, B], { maxRetries: 1 });
    s.provider.script(A, { kind: 'error', error: { kind: 'rate_limited', status: 429, retryAfterMs: 2_000 } }, { kind: 'stream', text: ['A again'] });
    s.provider.script(B, { kind: 'error', error: { kind: 'rate_limited', status: 429, retryAfterMs: 2_500 } });
    await s.time.run(collect(s.router.route({ messages: [] })));
    const start = s.time.now;
    const events = await s.time.run(collect(s.router.route({ messages: [] })));
    assert.equal(lastEvent(events).type, 'done');
    assert.equal(s.time.now - start, 2_000, 'waited exactly until A was back');
    assert.deepEqual(events.filter((e) => e.type === 'skip').map((e) => (e.type === 'skip' ? e.model : '')), [A, B]);
  });

  it('a Retry-After of 0 lets the model be tried again at once', async () => {
    const s = setup([A], { maxRetries: 1 });
    s.provider.script(A, { kind: 'error', error: { kind: 'rate_limited', status: 429, retryAfterMs: 0 } }, { kind: 'stream', text: ['ok'] });
    const events = await s.time.run(collect(s.router.route({ messages: [] })));
    assert.equal(lastEvent(events).type, 'done');
    assert.equal(s.provider.countFor(A), 2);
  });
});

describe('router: server-side fallback (official mode)', () => {
  it('sends only the other enabled free models, not cooling ones, and never a paid one while free-only is on', async () => {
    const C = 'c/model-c:free';
    const s = setup([A, PAID, B, C], { serverSideFallback: true }, { mode: 'openrouter_sdk' });
    s.provider.script(C, { kind: 'error', error: { kind: 'rate_limited', status: 429, retryAfterMs: 60_000 } });
    await s.time.run(collect(s.router.route({ messages: [], preferredModel: C, pinned: true })));
    await s.time.run(collect(s.router.route({ messages: [] })));
    assert.deepEqual(s.provider.requests[1].request.options?.fallbackModels, [B]);

    s.current = { ...s.current, freeModelsOnly: false };
    await s.time.run(collect(s.router.route({ messages: [] })));
    assert.deepEqual(s.provider.requests[2].request.options?.fallbackModels, [PAID, B]);
  });

  it('is not sent in the OpenAI-compatible mode or when turned off', async () => {
    const compat = setup([A, B], { serverSideFallback: true }, { mode: 'openai_compatible' });
    await compat.time.run(collect(compat.router.route({ messages: [] })));
    assert.equal(compat.provider.requests[0].request.options?.fallbackModels, undefined);
    const off = setup([A, B], { serverSideFallback: false }, { mode: 'openrouter_sdk' });
    await off.time.run(collect(off.router.route({ messages: [] })));
    assert.equal(off.provider.requests[0].request.options?.fallbackModels, undefined);
  });
});

describe('router: a slot given back is the slot that was taken', () => {
  it('a request that never reached the server gives its slot back even when the clock ticked between choosing the model and counting it', async () => {
    const s = setup([A, B], { maxRetries: 1, requestsPerMinute: 20, dailyLimit: 50 });
    // A busy machine: every reading of the clock is a millisecond later than the one before.
    const base = s.time.now;
    let reads = 0;
    const ticking = () => base + reads++;
    const router = new ModelRouter({
      models: () => s.models,
      settings: () => s.current,
      clock: ticking,
      timers: s.time,
      retryBackoffMs: 0,
      provider: () => s.provider,
    });
    for (const m of [A, B]) s.provider.script(m, { kind: 'error', error: { kind: 'network', notSent: true } });
    await s.time.run(collect(router.route({ messages: [] })));
    const budget = router.budget.snapshot();
    assert.deepEqual([budget.minuteUsed, budget.dayUsed], [0, 0], 'two attempts that never left, none counted');
  });
});
