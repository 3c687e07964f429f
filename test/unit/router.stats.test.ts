import assert from 'node:assert/strict';
import { Cooldowns } from '../../src/core/router/cooldowns';
import { FreeTierBudget } from '../../src/core/router/budget';
import { SampleWindow } from '../../src/core/router/sampleWindow';
import { RouterStats } from '../../src/core/router/stats';
import type { StatsEvent, StatsSnapshot } from '../../src/core/router/types';
import { collect, FakeTime, setup } from './router.fakes';

const A = 'a/model-a:free';
const B = 'b/model-b:free';
const C = 'c/model-c:free';

function bareStats(time = new FakeTime()) {
  const cooldowns = new Cooldowns();
  const budget = new FreeTierBudget(time.clock);
  return { time, stats: new RouterStats({ clock: time.clock, budget, cooldowns }), cooldowns };
}

/** A snapshot as storage keeps it, without the time it was taken. */
function comparable(s: StatsSnapshot) {
  return { ...(JSON.parse(JSON.stringify(s)) as StatsSnapshot), at: 0 };
}

async function mixedTraffic() {
  const s = setup([A, B, C], { strategy: 'round_robin' });
  s.provider.script(A, { kind: 'stream', text: ['a'], delayMs: 200, chunkDelayMs: 50, usage: { promptTokens: 5, completionTokens: 40 } });
  s.provider.script(B, { kind: 'error', error: { kind: 'upstream', status: 503 } }, { kind: 'stream', text: ['b'], delayMs: 80 });
  s.provider.script(C, { kind: 'error', error: { kind: 'rate_limited', status: 429, retryAfterMs: 1_000 } }, { kind: 'stream', text: ['c'] });
  for (let i = 0; i < 30; i++) {
    await s.time.run(collect(s.router.route({ messages: [] })));
    await s.time.advance(700);
  }
  return s;
}

describe('router: statistics', () => {
  it('counts requests, successes and failures by kind per model, and load shares add up to 1', async () => {
    const s = await mixedTraffic();
    const snap = s.router.stats.snapshot();
    const byModel = new Map(snap.models.map((m) => [m.model, m]));
    assert.equal(byModel.get(B)?.failures.upstream, 1);
    assert.equal(byModel.get(C)?.failures.rate_limited, 1);
    assert.equal(byModel.get(B)?.lastError?.kind, 'upstream');
    for (const m of snap.models) assert.equal(m.requests, s.provider.countFor(m.model), `${m.model} requests = what the provider saw`);
    assert.equal(snap.totals.requests, s.provider.requests.length);
    assert.equal(snap.totals.successes + snap.totals.failures, snap.totals.requests);
    assert.equal(snap.routes?.answered, 30);
    const shares = snap.models.reduce((sum, m) => sum + m.loadShare, 0);
    assert.ok(Math.abs(shares - 1) < 1e-9);
    const a = byModel.get(A);
    assert.equal(a?.ttftMs.median, 200);
    assert.equal(a?.totalMs.median, 250);
    assert.equal(a?.tokensPerSecond, 800, '40 tokens in the 50 ms after the first token');
  });

  it('snapshot survives JSON and restore exactly (a reload through the host storage)', async () => {
    const s = await mixedTraffic();
    const saved = JSON.parse(JSON.stringify(s.router.stats.snapshot())) as StatsSnapshot;
    const fresh = setup([A, B, C], { strategy: 'round_robin' });
    fresh.time.now = s.time.now;
    fresh.router.stats.restore(saved);
    assert.deepEqual(comparable(fresh.router.stats.snapshot()), comparable(saved));
    assert.deepEqual(fresh.router.healthOf(A), s.router.healthOf(A));
  });

  it('refuses a malformed snapshot with a readable reason and keeps what it had', async () => {
    const s = await mixedTraffic();
    const before = s.router.stats.snapshot();
    for (const bad of [null, { version: 2 }, { ...before, models: [{ model: A, requests: -1 }] }, 'text']) {
      assert.throws(() => s.router.stats.restore(bad), /saved router statistics are not readable/);
    }
    assert.deepEqual(s.router.stats.snapshot(), before);
  });

  it('keeps memory bounded: 100k recorded requests keep the same window sizes and snapshot size', () => {
    const { time, stats } = bareStats();
    const record = (n: number) => {
      for (let i = 0; i < n; i++) {
        const model = `m/${i % 5}:free`;
        stats.requestStarted(model);
        time.now += 3;
        if (i % 10 === 0) stats.requestEnded(model, { outcome: 'rate_limited', totalMs: 3, message: 'rate limited' });
        else stats.requestEnded(model, { outcome: 'success', ttftMs: 1 + (i % 7), totalMs: 3 + (i % 11), completionTokens: 20 });
      }
    };
    record(1_000);
    const small = JSON.stringify(stats.snapshot()).length;
    record(99_000);
    const snap = stats.snapshot();
    const big = JSON.stringify(snap).length;
    assert.equal(snap.totals.requests, 100_000);
    for (const m of snap.models) {
      assert.equal(m.samples?.totalMs.length, 128);
      assert.equal(m.samples?.outcomes.length, 50);
      assert.equal(m.recentLatencyMs.length, 50);
    }
    assert.ok(big < small * 1.2, `snapshot grew from ${small} to ${big} bytes`);
  });

  it('forgets the least recently used idle model beyond the model cap', () => {
    const { stats } = bareStats();
    for (let i = 0; i < 600; i++) {
      stats.requestStarted(`m/${i}`);
      stats.requestEnded(`m/${i}`, { outcome: 'success', totalMs: 1 });
    }
    const models = stats.snapshot().models.map((m) => m.model);
    assert.equal(models.length, 500);
    assert.ok(models.includes('m/599') && !models.includes('m/0'));
  });

  it('computes median and p95 by nearest rank over the recent window', () => {
    const w = new SampleWindow(200);
    for (let i = 100; i >= 1; i--) w.push(i);
    assert.equal(w.quantile(0.5), 50);
    assert.equal(w.quantile(0.95), 95);
    const small = new SampleWindow(3);
    for (const v of [5, 1, 9, 7]) small.push(v);
    assert.deepEqual(small.toArray(), [1, 9, 7]);
    assert.equal(small.quantile(0.5), 7);
  });

  it('tells subscribers about requests, cooldowns and route ends, until they unsubscribe', async () => {
    const s = setup([A, B]);
    s.provider.script(A, { kind: 'error', error: { kind: 'rate_limited', status: 429, retryAfterMs: 5_000 } });
    const seen: StatsEvent['type'][] = [];
    const off = s.router.stats.onEvent((e) => seen.push(e.type));
    s.router.stats.onEvent(() => {
      throw new Error('a broken listener must not break routing');
    });
    await s.time.run(collect(s.router.route({ messages: [] })));
    assert.deepEqual(seen, ['request-start', 'request-end', 'cooldown', 'request-start', 'request-end', 'route-end']);
    off();
    await s.time.run(collect(s.router.route({ messages: [] })));
    assert.equal(seen.length, 6);
  });

  it('reset forgets counts but keeps requests in flight consistent', async () => {
    const s = setup([A]);
    s.provider.script(A, { kind: 'hang' });
    const controller = new AbortController();
    const held = collect(s.router.route({ messages: [], signal: controller.signal }));
    await s.time.advance(0);
    s.router.stats.reset();
    assert.equal(s.router.stats.snapshot().models[0].inFlight, 1);
    controller.abort();
    await s.time.run(held);
    const after = s.router.stats.snapshot();
    assert.equal(after.models[0].inFlight, 0);
    assert.equal(after.models[0].requests, 0);
    assert.equal(after.models[0].failures.cancelled, 1);
  });
});
