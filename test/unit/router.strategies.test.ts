import assert from 'node:assert/strict';
import type { ModelView } from '../../src/core/router/stats';
import { fastestFirst, leastUsed, randomOrder, roundRobin, speedScore } from '../../src/core/router/strategies';
import type { RouterEvent } from '../../src/core/router/types';
import { collect, seededRandom, settle, setup } from './router.fakes';

const MODELS = ['m/one:free', 'm/two:free', 'm/three:free', 'm/four:free', 'm/five:free'];
const [A, B, C, D, E] = MODELS;

function firstAttempt(events: RouterEvent[]): string | undefined {
  const e = events.find((x) => x.type === 'attempt');
  return e?.type === 'attempt' ? e.model : undefined;
}

function counts(models: (string | undefined)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of models) if (m) out[m] = (out[m] ?? 0) + 1;
  return out;
}

function view(id: string, v: Partial<ModelView> = {}): ModelView {
  return { id, inFlight: 0, recentRequests: 0, measured: 0, ...v };
}

describe('router: strategies', () => {
  it('round robin cycles through the models in order over many requests', async () => {
    const s = setup(MODELS, { strategy: 'round_robin' });
    const picks: (string | undefined)[] = [];
    for (let i = 0; i < 100; i++) picks.push(firstAttempt(await s.time.run(collect(s.router.route({ messages: [] })))));
    assert.deepEqual(picks.slice(0, 7), [A, B, C, D, E, A, B]);
    assert.deepEqual(counts(picks), { [A]: 20, [B]: 20, [C]: 20, [D]: 20, [E]: 20 });
  });

  it('round robin continues after the last model even when the list changes', () => {
    const order = roundRobin({ models: [view(A), view(B), view(C)], lastPicked: B, random: Math.random });
    assert.deepEqual(order, [C, A, B]);
    assert.deepEqual(roundRobin({ models: [view(A), view(C)], lastPicked: B, random: Math.random }), [A, C]);
  });

  it('random follows the injected source: reproducible, and spread evenly over many requests', async () => {
    const run = async (seed: number) => {
      const s = setup(MODELS, { strategy: 'random' }, { random: seededRandom(seed) });
      const picks: (string | undefined)[] = [];
      for (let i = 0; i < 1000; i++) picks.push(firstAttempt(await s.time.run(collect(s.router.route({ messages: [] })))));
      return picks;
    };
    const first = await run(42);
    assert.deepEqual(await run(42), first, 'same seed, same order');
    assert.notDeepEqual(await run(43), first, 'another seed, another order');
    for (const [model, n] of Object.entries(counts(first))) assert.ok(n > 150 && n < 250, `${model} got ${n} of 1000`);
    assert.notDeepEqual(first.slice(0, 5), [A, B, C, D, E]);
  });

  it('random is a permutation whatever the source returns (even 0.999999)', () => {
    const order = randomOrder({ models: MODELS.map((m) => view(m)), random: () => 0.9999999 });
    assert.deepEqual([...order].sort(), [...MODELS].sort());
  });

  it('least used avoids models with requests in flight, then the most recently used', async () => {
    const s = setup([A, B, C], { strategy: 'least_used' });
    s.provider.script(A, { kind: 'hang' });
    const held = collect(s.router.route({ messages: [] }));
    await settle();
    assert.equal(s.router.stats.view(A).inFlight, 1);
    const picks: (string | undefined)[] = [];
    for (let i = 0; i < 6; i++) picks.push(firstAttempt(await s.time.run(collect(s.router.route({ messages: [] })))));
    assert.deepEqual(picks, [B, C, B, C, B, C]);
    await s.time.run(held);
  });

  it('least used breaks ties by fewest recent requests, then priority', () => {
    const order = leastUsed({
      models: [view(A, { inFlight: 1 }), view(B, { recentRequests: 3 }), view(C, { recentRequests: 1 }), view(D, { recentRequests: 1 })],
      random: Math.random,
    });
    assert.deepEqual(order, [C, D, B, A]);
  });

  it('fastest first measures untried models, then prefers the fastest, and a failing one loses rank', async () => {
    const s = setup([A, B, C], { strategy: 'fastest_first' }, { breakerPolicy: { minRequests: 1_000 } });
    s.provider.script(A, { kind: 'stream', text: ['a'], delayMs: 500 });
    s.provider.script(B, { kind: 'stream', text: ['b'], delayMs: 100 });
    s.provider.script(C, { kind: 'stream', text: ['c'], delayMs: 300 });
    const picks: (string | undefined)[] = [];
    for (let i = 0; i < 100; i++) picks.push(firstAttempt(await s.time.run(collect(s.router.route({ messages: [] })))));
    assert.deepEqual(picks.slice(0, 3), [A, B, C], 'every model measured first');
    const later = counts(picks.slice(3));
    assert.ok((later[B] ?? 0) >= 80, `the fastest took most requests: ${JSON.stringify(later)}`);
    assert.ok((later[A] ?? 0) + (later[C] ?? 0) > 0, 'others are re-measured now and then');
    assert.equal(s.router.healthOf(B).ttftMedianMs, 100);

    s.provider.script(B, { kind: 'error', error: { kind: 'upstream', status: 503 } });
    const afterFailures: (string | undefined)[] = [];
    for (let i = 0; i < 60; i++) afterFailures.push(firstAttempt(await s.time.run(collect(s.router.route({ messages: [] })))));
    const tail = counts(afterFailures.slice(-20));
    assert.ok((tail[C] ?? 0) >= 15, `the failing fastest model lost its rank to the next fastest: ${JSON.stringify(tail)}`);
  });

  it('fastest first: untried first (least busy first), measured by score, never-succeeded last', () => {
    const order = fastestFirst({
      models: [
        view(A, { measured: 5, ttftMedianMs: 800, tokensPerSecond: 50, successRate: 1 }),
        view(B, { measured: 0, successRate: 0 }),
        view(C, { measured: 0, inFlight: 2 }),
        view(D, { measured: 5, ttftMedianMs: 200, tokensPerSecond: 100, successRate: 1 }),
        view(E, { measured: 0 }),
      ],
      random: () => 0.5,
    });
    assert.deepEqual(order, [E, C, D, A, B]);
    assert.ok(speedScore(view(A, { ttftMedianMs: 100, successRate: 0.5 })) > speedScore(view(A, { ttftMedianMs: 100, successRate: 1 })));
  });

  it('fastest first explores a measured model out of turn when the random source says so', () => {
    const models = [view(A, { measured: 3, ttftMedianMs: 100 }), view(B, { measured: 3, ttftMedianMs: 200 }), view(C, { measured: 3, ttftMedianMs: 300 })];
    const values = [0.05, 0.99];
    assert.deepEqual(fastestFirst({ models, random: () => values.shift() ?? 0 }), [C, A, B]);
    assert.deepEqual(fastestFirst({ models, random: () => 0.5 }), [A, B, C]);
    const withFailing = [...models, view(D, { successRate: 0 })];
    const again = [0.05, 0.99];
    assert.deepEqual(fastestFirst({ models: withFailing, random: () => again.shift() ?? 0 }), [D, A, B, C], 'a failing model gets re-tried too');
  });

  it('failover keeps the priority order and only moves on when a model cannot answer', async () => {
    const s = setup([A, B, C], { strategy: 'failover' });
    const picks: (string | undefined)[] = [];
    for (let i = 0; i < 50; i++) picks.push(firstAttempt(await s.time.run(collect(s.router.route({ messages: [] })))));
    assert.deepEqual(counts(picks), { [A]: 50 });
    s.provider.script(A, { kind: 'error', error: { kind: 'rate_limited', status: 429, retryAfterMs: 60_000 } });
    await s.time.run(collect(s.router.route({ messages: [] })));
    const next = await s.time.run(collect(s.router.route({ messages: [] })));
    assert.equal(firstAttempt(next), B, 'A is cooling down, so B goes first');
    assert.ok(next.some((e) => e.type === 'skip' && e.model === A));
  });
});
