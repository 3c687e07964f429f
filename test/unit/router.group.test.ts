import assert from 'node:assert/strict';
import type { RouterEvent } from '../../src/core/router/types';
import { collect, lastEvent, settle, setup, textOf } from './router.fakes';

const MODELS = ['m/one:free', 'm/two:free', 'm/three:free', 'm/four:free'];
const [A, B, C, D] = MODELS;

function modelsIn(events: RouterEvent[]): Set<string> {
  return new Set(events.flatMap((e) => ('model' in e ? [e.model] : [])));
}

describe('router: group chat (fan-out)', () => {
  it('streams each answer separately; one failing member fails on its own', async () => {
    const s = setup([A, B, C]);
    s.provider.script(A, { kind: 'stream', text: ['from ', 'A'], delayMs: 30 });
    s.provider.script(B, { kind: 'error', error: { kind: 'upstream', status: 503, message: 'B is down' } });
    s.provider.script(C, { kind: 'stream', text: ['from ', 'C'], delayMs: 10 });
    const group = s.router.group({ messages: [{ role: 'user', content: 'hi' }] }, { models: [A, B, C] });
    assert.deepEqual(group.members.map((m) => m.model), [A, B, C]);
    const [a, b, c] = await s.time.run(Promise.all(group.members.map((m) => collect(m.events))));
    assert.equal(textOf(a), 'from A');
    assert.equal(textOf(c), 'from C');
    const bEnd = lastEvent(b);
    assert.ok(bEnd.type === 'failed' && bEnd.failure.kind === 'upstream' && bEnd.failure.message.includes('B is down'));
    for (const [events, model] of [[a, A], [b, B], [c, C]] as const) {
      assert.deepEqual([...modelsIn(events)], [model], 'a member never answers with another model');
    }
    // The failing member retried its own model (maxRetries 2), never another one.
    assert.deepEqual(s.provider.requests.map((r) => r.model).sort(), [A, B, B, B, C].sort(), 'the failing member did not take another model');
    await s.time.run(group.done);
    const snap = s.router.stats.snapshot();
    assert.equal(snap.totals.requests, 5);
    assert.deepEqual(snap.routes, { answered: 2, failed: 1, cancelled: 0 });
  });

  it('runs members concurrently: wall time is the slowest member, not the sum', async () => {
    const s = setup(MODELS);
    MODELS.forEach((m, i) => s.provider.script(m, { kind: 'stream', text: ['x'], delayMs: 100 * (i + 1) }));
    const start = s.time.now;
    const group = s.router.group({ messages: [] }, { models: MODELS });
    await s.time.run(Promise.all(group.members.map((m) => collect(m.events))));
    assert.equal(s.time.now - start, 400);
  });

  it('respects the concurrency bound', async () => {
    const s = setup(MODELS);
    MODELS.forEach((m) => s.provider.script(m, { kind: 'stream', text: ['x'], delayMs: 100 }));
    let inFlight = 0;
    let peak = 0;
    s.router.stats.onEvent((e) => {
      if (e.type === 'request-start') peak = Math.max(peak, ++inFlight);
      if (e.type === 'request-end') inFlight--;
    });
    const start = s.time.now;
    const group = s.router.group({ messages: [] }, { models: MODELS, concurrency: 2 });
    const results = await s.time.run(Promise.all(group.members.map((m) => collect(m.events))));
    assert.equal(peak, 2);
    assert.equal(s.time.now - start, 200, 'two waves of two');
    assert.ok(results.every((r) => lastEvent(r).type === 'done'));
  });

  it('one cancellation stops every member and aborts every request', async () => {
    const s = setup(MODELS);
    MODELS.forEach((m) => s.provider.script(m, { kind: 'hang', text: [`${m} starts`] }));
    const controller = new AbortController();
    const group = s.router.group({ messages: [], signal: controller.signal }, { models: MODELS, concurrency: 3 });
    const all = Promise.all(group.members.map((m) => collect(m.events)));
    await s.time.advance(1_000);
    assert.equal(s.provider.requests.length, 3, 'the fourth waits for a slot');
    controller.abort();
    const results = await s.time.run(all);
    for (const events of results) {
      const end = lastEvent(events);
      assert.ok(end.type === 'failed' && end.failure.kind === 'cancelled', JSON.stringify(end));
    }
    assert.equal(s.provider.requests.length, 3, 'the waiting member never sent its request');
    assert.ok(s.provider.requests.every((r) => r.aborted));
    await s.time.run(group.done);
    assert.equal(s.router.stats.snapshot().routes?.cancelled, 4);
    assert.ok(s.router.stats.snapshot().models.every((m) => m.inFlight === 0));
  });

  it('cancel() on the handle works like the signal; a reader leaving one member stops only that one', async () => {
    const s = setup([A, B]);
    s.provider.script(A, { kind: 'hang', text: ['a'] });
    s.provider.script(B, { kind: 'hang', text: ['b'] });
    const group = s.router.group({ messages: [] }, { models: [A, B] });
    const leaveA = (async () => {
      for await (const e of group.members[0].events) if (e.type === 'text') break;
    })();
    await s.time.run(leaveA);
    await settle();
    assert.equal(s.provider.requests.find((r) => r.model === A)?.aborted, true);
    assert.equal(s.provider.requests.find((r) => r.model === B)?.aborted, false);
    group.cancel();
    const bEvents = await s.time.run(collect(group.members[1].events));
    assert.ok(lastEvent(bEvents).type === 'failed');
    assert.equal(s.provider.requests.find((r) => r.model === B)?.aborted, true);
  });

  it('picks members by the strategy, those able to answer first', async () => {
    const s = setup(MODELS, { strategy: 'round_robin' });
    assert.deepEqual(s.router.pickGroup(2), [A, B]);
    assert.deepEqual(s.router.pickGroup(3), [C, D, A]);
    s.provider.script(B, { kind: 'error', error: { kind: 'rate_limited', status: 429, retryAfterMs: 60_000 } });
    await s.time.run(collect(s.router.route({ messages: [], preferredModel: B, pinned: true })));
    s.current = { ...s.current, strategy: 'failover' };
    assert.deepEqual(s.router.pickGroup(4), [A, C, D, B]);
    const group = s.router.group({ messages: [] }, { size: 2 });
    assert.deepEqual(group.members.map((m) => m.model), [A, C]);
    await s.time.run(group.done);
  });
});
