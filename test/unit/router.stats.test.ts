import assert from 'node:assert/strict';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { Cooldowns } from '../../src/core/router/cooldowns';
import { FreeTierBudget } from '../../src/core/router/budget';
import { SampleWindow } from '../../src/core/router/sampleWindow';
import { RouterStats } from '../../src/core/router/stats';
import { mergeStatsSnapshots } from '../../src/core/router/statsMerge';
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

  it('without usage from the server, counts the answer\'s tokens with the shared counter (a tokenizer would agree within 15%), also for Chinese', async () => {
    const answers = {
      [A]: '路由器把每个请求都放到上下文窗口装得下它的模型上，装不下时就明确告诉用户。'.repeat(10),
      [B]: 'The router places every request on a model whose window holds it. '.repeat(10),
    };
    const s = setup([A, B], { strategy: 'round_robin' });
    // One second from the first token to the end, so tokens per second is the answer's token count.
    for (const [model, text] of Object.entries(answers)) s.provider.script(model, { kind: 'stream', text: [text], delayMs: 100, chunkDelayMs: 1_000 });
    for (let i = 0; i < 2; i++) await s.time.run(collect(s.router.route({ messages: [] })));
    for (const [model, text] of Object.entries(answers)) {
      const counted = s.router.stats.snapshot().models.find((m) => m.model === model)?.tokensPerSecond ?? 0;
      const tokenizer = encode(text).length;
      assert.ok(counted >= tokenizer * 0.85 && counted <= tokenizer * 1.15, `${model}: ${counted} tokens counted, o200k says ${tokenizer}`);
    }
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
    // The cooldown starts as the error arrives, so a concurrent request never picks the model meanwhile.
    assert.deepEqual(seen, ['request-start', 'cooldown', 'request-end', 'request-start', 'request-end', 'route-end']);
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

describe('router: statistics of several windows added up', () => {
  const limits = { sampleCapacity: 4, outcomeCapacity: 3, maxModels: 2, recentHalfLifeMs: 1_000 };
  const windowWith = (time: FakeTime, runs: [string, number][]) => {
    const { stats } = bareStats(time);
    for (const [model, totalMs] of runs) {
      stats.requestStarted(model);
      stats.requestEnded(model, { outcome: totalMs < 0 ? 'upstream' : 'success', ttftMs: 10, totalMs: Math.abs(totalMs), message: `failed at ${time.now}` });
      stats.routeEnded(totalMs < 0 ? 'failed' : 'answered', model);
    }
    return stats;
  };

  it('adds counts, keeps the newest samples within the bound, the later error, and recomputes shares', () => {
    const time = new FakeTime();
    const older = windowWith(time, [[A, 100], [A, -1], [A, 200]]).snapshot();
    time.now += 500;
    const newer = windowWith(time, [[A, 300], [A, -2], [B, 400], [A, 500]]).snapshot();
    const merged = mergeStatsSnapshots(older, newer, limits);
    const a = merged.models.find((m) => m.model === A);
    assert.deepEqual([a?.requests, a?.successes, a?.failures.upstream], [6, 4, 2]);
    assert.deepEqual(a?.samples?.totalMs, [100, 200, 300, 500]);
    assert.deepEqual(a?.samples?.outcomes, [1, 0, 1], 'the newest three of 1 0 1 1 0 1');
    assert.equal(a?.lastError?.message, `failed at ${time.now}`);
    assert.deepEqual(merged.totals, { requests: 7, successes: 5, failures: 2 });
    assert.deepEqual(merged.routes, { answered: 5, failed: 2, cancelled: 0 });
    assert.equal(merged.models.reduce((s, m) => s + m.loadShare, 0), 1);
    // Recent requests decay to the later time and add up: 3 half a half-life older, 3 fresh.
    assert.ok(Math.abs((a?.samples?.recent.value ?? 0) - (3 * Math.SQRT1_2 + 3)) < 0.5);
  });

  it('keeps at most maxModels, the most recently active', () => {
    const time = new FakeTime();
    const merged = mergeStatsSnapshots(windowWith(time, [[A, 1], [B, 1]]).snapshot(), windowWith(time, [[C, 1]]).snapshot(), limits);
    assert.deepEqual(merged.models.map((m) => m.model), [B, C]);
  });

  it("a window shows the shared part plus its own unsaved part, and hands only the latter over", () => {
    const time = new FakeTime();
    const shared = windowWith(time, [[A, 100], [A, 100]]).snapshot();
    const { stats } = bareStats(time);
    stats.requestStarted(B);
    stats.requestEnded(B, { outcome: 'success', totalMs: 50 });
    stats.requestStarted(A);
    stats.adopt(shared, false);
    assert.equal(stats.snapshot().totals.requests, 4, 'two shared, one own, one own still running');
    assert.equal(stats.snapshot().models.find((m) => m.model === A)?.inFlight, 1);
    assert.equal(stats.pendingSnapshot()?.totals.requests, 2);
    stats.adopt(mergeStatsSnapshots(shared, stats.pendingSnapshot()!, stats.limits), true);
    assert.equal(stats.pendingSnapshot(), undefined, 'handed over');
    assert.equal(stats.snapshot().totals.requests, 4);
    stats.requestEnded(A, { outcome: 'success', totalMs: 70 });
    assert.deepEqual(stats.pendingSnapshot()?.totals, { requests: 0, successes: 1, failures: 0 }, 'the end of a request counted at its start');
  });
});

describe('router: statistics of a request a model cannot take', () => {
  it("a capability refusal (tools, images) is counted and shown, but does not lower the model's success rate", () => {
    const { stats } = bareStats();
    stats.requestStarted(A);
    stats.requestEnded(A, { outcome: 'success', totalMs: 100 });
    stats.requestStarted(A);
    stats.requestEnded(A, { outcome: 'unsupported', totalMs: 20, message: 'No endpoints found that support tool use.' });
    const snap = stats.snapshot().models[0];
    assert.equal(snap.failures.unsupported, 1);
    assert.equal(snap.lastError?.kind, 'unsupported');
    assert.equal(stats.view(A).successRate, 1);
  });
});
