import assert from 'node:assert/strict';
import type { RouterEvent } from '../../src/core/router/types';
import { collect, lastEvent, setup, textOf } from './router.fakes';

const A = 'a/model-a:free';
const B = 'b/model-b:free';
const C = 'c/model-c:free';
const D = 'd/model-d:free';

function attempts(events: RouterEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'attempt' ? [e.model] : []));
}

describe('router: failover', () => {
  it('answers from the first model when it works, with a summary naming it', async () => {
    const s = setup([A, B]);
    s.provider.script(A, { kind: 'stream', text: ['Hi', ' there'], usage: { promptTokens: 3, completionTokens: 2 } });
    const events = await s.time.run(collect(s.router.route({ messages: [{ role: 'user', content: 'hello' }] })));
    assert.equal(textOf(events), 'Hi there');
    const end = lastEvent(events);
    assert.equal(end.type, 'done');
    if (end.type !== 'done') return;
    assert.equal(end.summary.model, A);
    assert.deepEqual(end.summary.usage, { promptTokens: 3, completionTokens: 2 });
    assert.equal(end.summary.attempts.length, 1);
    assert.equal(s.provider.requests.length, 1);
  });

  it('fails over across a scripted 429, 503, timeout and 404 to the first healthy model', async () => {
    const E = 'e/model-e:free';
    const s = setup([A, B, C, D, E], { maxRetries: 4, timeoutPerModelMs: 5_000 });
    s.provider.script(A, { kind: 'error', error: { kind: 'rate_limited', status: 429, retryAfterMs: 20_000 } });
    s.provider.script(B, { kind: 'error', error: { kind: 'upstream', status: 503 } });
    s.provider.script(C, { kind: 'hang' });
    s.provider.script(D, { kind: 'error', error: { kind: 'not_found', status: 404 } });
    s.provider.script(E, { kind: 'stream', text: ['answer'] });
    const started = s.time.now;
    const events = await s.time.run(collect(s.router.route({ messages: [{ role: 'user', content: 'q' }] })));
    assert.deepEqual(attempts(events), [A, B, C, D, E]);
    assert.equal(textOf(events), 'answer');
    const end = lastEvent(events);
    assert.equal(end.type, 'done');
    if (end.type !== 'done') return;
    assert.equal(end.summary.model, E);
    assert.deepEqual(
      end.summary.attempts.map((a) => [a.model, a.outcome, a.kind]),
      [[A, 'failed', 'rate_limited'], [B, 'failed', 'upstream'], [C, 'failed', 'timeout'], [D, 'failed', 'not_found'], [E, 'answered', undefined]],
    );
    // The hung attempt waited exactly the timeout (fake time), and its request was aborted.
    assert.equal(s.time.now - started, 5_000);
    assert.equal(s.provider.requests.find((r) => r.model === C)?.aborted, true);
    assert.match(end.summary.attempts[0].reason ?? '', /rate limited \(429\), retry after 20 s/);
  });

  for (const [kind, status] of [['auth', 401], ['payment', 402], ['bad_request', 400], ['forbidden', 403]] as const) {
    it(`does not fail over on ${kind} (${status}): the user gets the message at once`, async () => {
      const s = setup([A, B], {}, { describeError: (e) => `described: ${e.message}` });
      s.provider.script(A, { kind: 'error', error: { kind, status, message: `upstream says ${status}` } });
      const events = await s.time.run(collect(s.router.route({ messages: [{ role: 'user', content: 'q' }] })));
      assert.deepEqual(attempts(events), [A]);
      assert.equal(s.provider.countFor(B), 0);
      const end = lastEvent(events);
      assert.equal(end.type, 'failed');
      if (end.type !== 'failed') return;
      assert.equal(end.failure.kind, kind);
      assert.equal(end.failure.status, status);
      assert.equal(end.failure.afterOutput, false);
      assert.equal(end.failure.message, `described: upstream says ${status}`);
    });
  }

  it('never duplicates text: an error after the first token ends the answer, no second model', async () => {
    const s = setup([A, B]);
    s.provider.script(A, { kind: 'error-after-text', text: ['The answer ', 'is'], error: { kind: 'stream_error', message: 'connection dropped' } });
    const events = await s.time.run(collect(s.router.route({ messages: [{ role: 'user', content: 'q' }] })));
    assert.equal(textOf(events), 'The answer is');
    assert.equal(s.provider.countFor(B), 0);
    const end = lastEvent(events);
    assert.equal(end.type, 'failed');
    if (end.type !== 'failed') return;
    assert.equal(end.failure.afterOutput, true);
    assert.equal(end.failure.kind, 'stream_error');
    assert.match(end.failure.message, /broke off: "connection dropped".*answer above is incomplete/);
  });

  it('a stalled stream after the first token times out and ends the answer (no failover)', async () => {
    const s = setup([A, B], { timeoutPerModelMs: 3_000 });
    s.provider.script(A, { kind: 'hang', text: ['partial'] });
    const events = await s.time.run(collect(s.router.route({ messages: [{ role: 'user', content: 'q' }] })));
    assert.equal(textOf(events), 'partial');
    assert.equal(s.provider.countFor(B), 0);
    const end = lastEvent(events);
    assert.ok(end.type === 'failed' && end.failure.afterOutput && end.failure.kind === 'timeout');
    assert.equal(s.provider.requests[0].aborted, true);
  });

  // Reasoning is held back by every host until the answer starts (chat) or never shown (model
  // picker), so a model that fails while it is still reasoning has shown the user nothing.
  it('fails over when a model errors mid-reasoning: reasoning is not visible output', async () => {
    const s = setup([A, B]);
    s.provider.script(A, { kind: 'error-after-text', text: ['thinking...'], reasoningOnly: true, error: { kind: 'upstream', status: 502 } });
    s.provider.script(B, { kind: 'stream', reasoning: ['B thinks'], text: ['B answers'] });
    const events = await s.time.run(collect(s.router.route({ messages: [{ role: 'user', content: 'q' }] })));
    assert.deepEqual(attempts(events), [A, B]);
    assert.equal(textOf(events), 'B answers');
    const end = lastEvent(events);
    assert.equal(end.type, 'done');
    if (end.type !== 'done') return;
    assert.equal(end.summary.model, B);
    assert.deepEqual(end.summary.attempts.map((a) => [a.model, a.outcome, a.kind]), [[A, 'failed', 'upstream'], [B, 'answered', undefined]]);
  });

  it('fails over when a model stalls mid-reasoning (timeout), and aborts its request', async () => {
    const s = setup([A, B], { timeoutPerModelMs: 3_000 });
    s.provider.script(A, { kind: 'hang', reasoning: ['Let me think', ' about this'] });
    s.provider.script(B, { kind: 'stream', text: ['B answers'] });
    const started = s.time.now;
    const events = await s.time.run(collect(s.router.route({ messages: [{ role: 'user', content: 'q' }] })));
    assert.deepEqual(attempts(events), [A, B]);
    assert.equal(textOf(events), 'B answers');
    const end = lastEvent(events);
    assert.equal(end.type, 'done');
    if (end.type !== 'done') return;
    assert.deepEqual(end.summary.attempts.map((a) => [a.model, a.outcome, a.kind]), [[A, 'failed', 'timeout'], [B, 'answered', undefined]]);
    assert.match(end.summary.attempts[0].reason ?? '', /timed out/);
    assert.equal(s.time.now - started, 3_000);
    assert.equal(s.provider.requests.find((r) => r.model === A)?.aborted, true);
  });

  it('stops after maxRetries further attempts and says what was tried', async () => {
    const s = setup([A, B, C, D], { maxRetries: 2 });
    for (const m of [A, B, C, D]) s.provider.script(m, { kind: 'error', error: { kind: 'upstream', status: 503, message: `${m} is down` } });
    const events = await s.time.run(collect(s.router.route({ messages: [{ role: 'user', content: 'q' }] })));
    assert.deepEqual(attempts(events), [A, B, C]);
    const end = lastEvent(events);
    assert.ok(end.type === 'failed');
    if (end.type !== 'failed') return;
    assert.equal(end.failure.kind, 'upstream');
    assert.match(end.failure.message, /No model could answer/);
    assert.match(end.failure.message, new RegExp(`Tried: ${A} \\(provider unavailable \\(503\\)\\)`));
    assert.equal(end.failure.retryAt, undefined, 'no server stated a wait: none is made up');
  });

  it('retries the same model (after a back-off) when it is the only one and not cooling down', async () => {
    const s = setup([A], { maxRetries: 2 });
    s.provider.script(A, { kind: 'error', error: { kind: 'network' } }, { kind: 'stream', text: ['ok'] });
    const started = s.time.now;
    const events = await s.time.run(collect(s.router.route({ messages: [{ role: 'user', content: 'q' }] })));
    assert.deepEqual(attempts(events), [A, A]);
    assert.equal(textOf(events), 'ok');
    assert.equal(s.time.now - started, 100, 'the configured back-off, on fake time');
  });

  it('pinned requests never leave the preferred model; preferred ones go first but may fail over', async () => {
    const s = setup([A, B, C]);
    s.provider.script(C, { kind: 'error', error: { kind: 'rate_limited', status: 429, retryAfterMs: 5_000 } });
    const pinned = await s.time.run(collect(s.router.route({ messages: [], preferredModel: C, pinned: true })));
    assert.deepEqual(attempts(pinned), [C]);
    const end = lastEvent(pinned);
    assert.ok(end.type === 'failed' && end.failure.kind === 'rate_limited');

    s.provider.script(C, { kind: 'error', error: { kind: 'upstream', status: 502 } });
    await s.time.advance(5_000);
    const preferred = await s.time.run(collect(s.router.route({ messages: [], preferredModel: C })));
    assert.deepEqual(attempts(preferred), [C, A]);
  });

  it('cancellation by the caller stops at once: no further attempts, counted as cancelled', async () => {
    const s = setup([A, B]);
    s.provider.script(A, { kind: 'hang' });
    const controller = new AbortController();
    const run = collect(s.router.route({ messages: [], signal: controller.signal }));
    await s.time.advance(1_000);
    controller.abort();
    const events = await s.time.run(run);
    const end = lastEvent(events);
    assert.ok(end.type === 'failed' && end.failure.kind === 'cancelled');
    assert.equal(s.provider.countFor(B), 0);
    assert.equal(s.provider.requests[0].aborted, true);
    const snap = s.router.stats.snapshot();
    assert.equal(snap.models[0].failures.cancelled, 1);
    assert.equal(snap.models[0].inFlight, 0);
    assert.deepEqual(snap.routes, { answered: 0, failed: 0, cancelled: 1 });
  });

  it('a cancellation while the host handles the attempt event sends nothing and counts nothing', async () => {
    const s = setup([A]);
    const controller = new AbortController();
    const events: RouterEvent[] = [];
    for await (const e of s.router.route({ messages: [], signal: controller.signal })) {
      events.push(e);
      if (e.type === 'attempt') controller.abort();
    }
    assert.ok(lastEvent(events).type === 'failed');
    assert.equal(s.provider.requests.length, 0);
    assert.equal(s.router.stats.snapshot().totals.requests, 0);
  });

  it('a consumer that stops reading mid-answer aborts the request and leaves no request in flight', async () => {
    const s = setup([A]);
    s.provider.script(A, { kind: 'stream', text: ['one', 'two', 'three'], chunkDelayMs: 10 });
    const read = (async () => {
      for await (const e of s.router.route({ messages: [] })) if (e.type === 'text') break;
    })();
    await s.time.run(read);
    assert.equal(s.provider.requests[0].aborted, true);
    const model = s.router.stats.snapshot().models[0];
    assert.equal(model.inFlight, 0);
    assert.equal(model.failures.cancelled, 1);
    assert.equal(s.time.timerCount, 0, 'no watchdog left behind');
  });

  it('reports the model OpenRouter says answered', async () => {
    const s = setup([A]);
    s.provider.script(A, { kind: 'stream', text: ['x'], answeredModel: 'other/model:free' });
    const end = lastEvent(await s.time.run(collect(s.router.route({ messages: [] }))));
    assert.ok(end.type === 'done' && end.summary.model === 'other/model:free');
  });

  it('says clearly when no model is enabled', async () => {
    const s = setup([]);
    const end = lastEvent(await s.time.run(collect(s.router.route({ messages: [] }))));
    assert.ok(end.type === 'failed' && end.failure.kind === 'no_models');
    assert.match(end.type === 'failed' ? end.failure.message : '', /Open Settings/);
  });

  it('settings and the provider are read per request', async () => {
    const s = setup([A, B], { strategy: 'failover' });
    await s.time.run(collect(s.router.route({ messages: [] })));
    s.current = { ...s.current, strategy: 'round_robin' };
    s.models = [B, A];
    const events = await s.time.run(collect(s.router.route({ messages: [] })));
    assert.deepEqual(attempts(events), [B]);
  });
});
