// The router under sustained faults (issue 21): cooldowns from evidence, not from one error. Every
// rule on an injected clock: one untold failure benches nothing, a failure rate over a threshold
// does, for a time that doubles and resets; a half-open probe; no refusal while a model could
// answer; stated waits exactly; no retry spent on a model that cannot serve; an empty answer fails over.
import assert from 'node:assert/strict';
import type { Availability } from '../../src/core/providers/availability';
import type { RouterEvent } from '../../src/core/router/types';
import { renderStatsTable } from '../../src/host/chat/render/reportTables';
import { formatPlain } from '../../src/host/shared/translate';
import { collect, lastEvent, setup, textOf, type Behavior } from './router.fakes';

const A = 'a/alpha:free';
const B = 'b/beta:free';
const C = 'c/gamma:free';
const D = 'd/delta:free';
const ASK = { messages: [{ role: 'user' as const, content: 'q' }] };

const attempts = (events: RouterEvent[]) => events.filter((e) => e.type === 'attempt').map((e) => (e as { model: string }).model);
const down: Behavior = { kind: 'error', error: { kind: 'upstream', status: 503 } };
const ok = (text = 'fine'): Behavior => ({ kind: 'stream', text: [text] });
const availability = (code: string, retryable: boolean, extra: Partial<Availability> = {}): Availability => ({ code, retryable, fallbackModels: [], excludedBy: [], ...extra });

function restOf(s: ReturnType<typeof setup>, model: string) {
  const m = s.router.stats.snapshot().models.find((x) => x.model === model);
  return { until: m?.cooldownUntil, why: m?.cooldownWhy, kind: m?.cooldownKind };
}

describe('router: under sustained faults', () => {
  it('one untold failure benches nothing: the next request goes to the same model first', async () => {
    const s = setup([A, B]);
    s.provider.script(A, down, ok('A again'));
    const first = await s.time.run(collect(s.router.route(ASK)));
    assert.deepEqual(attempts(first), [A, B]);
    assert.deepEqual(restOf(s, A), { until: undefined, why: undefined, kind: undefined });
    const second = await s.time.run(collect(s.router.route(ASK)));
    assert.deepEqual(attempts(second), [A]);
    assert.equal(textOf(second), 'A again');
  });

  it('benches a model only once its recent failure rate passes the threshold over the minimum of requests', async () => {
    const s = setup([A, B]);
    // 3 of 4 recent requests fail: the 4th request crosses both the minimum (4) and the rate (50%).
    s.provider.script(A, down, ok(), down, down, ok('A back'));
    for (let i = 0; i < 3; i++) await s.time.run(collect(s.router.route(ASK)));
    assert.equal(restOf(s, A).until, undefined, 'three requests are fewer than the minimum');
    const fourth = await s.time.run(collect(s.router.route(ASK)));
    assert.deepEqual(attempts(fourth), [A, B]);
    const now = s.time.now;
    assert.deepEqual(restOf(s, A), { until: now + 5_000, why: 'failure_rate', kind: 'upstream' });
    assert.equal(s.router.healthOf(A).coolingDown, true);
    const fifth = await s.time.run(collect(s.router.route(ASK)));
    assert.deepEqual(attempts(fifth), [B], 'a benched model is left alone while another answers');
  });

  it('bench time doubles with each repeat and starts over after a success', async () => {
    const s = setup([A, B], {}, { breakerPolicy: { minRequests: 1, failureRate: 0.5 } });
    const benchAfter = async (behavior: Behavior): Promise<number | undefined> => {
      s.provider.script(A, behavior);
      await s.time.run(collect(s.router.route(ASK)));
      const until = restOf(s, A).until;
      return until === undefined ? undefined : until - s.time.now;
    };
    assert.equal(await benchAfter(down), 5_000);
    await s.time.advance(5_000);
    assert.equal(await benchAfter(down), 10_000, 'the probe failed: benched twice as long');
    await s.time.advance(10_000);
    assert.equal(await benchAfter(down), 20_000);
    await s.time.advance(20_000);
    assert.equal(await benchAfter(ok()), undefined, 'the probe answered: the model is back');
    assert.equal(await benchAfter(down), 5_000, 'and the next bench starts from the first length again');
  });

  it('half-open: one probe when the bench ends; concurrent requests go elsewhere meanwhile', async () => {
    const s = setup([A, B], {}, { breakerPolicy: { minRequests: 1, failureRate: 1 } });
    s.provider.script(A, down);
    await s.time.run(collect(s.router.route(ASK)));
    await s.time.advance(5_000);
    s.provider.script(A, { kind: 'stream', text: ['probe answered'], delayMs: 1_000 });
    const before = s.provider.requests.length;
    const routes = await s.time.run(Promise.all([1, 2, 3].map(() => collect(s.router.route(ASK)))));
    const sent = s.provider.requests.slice(before).map((r) => r.model);
    assert.deepEqual(sent.filter((m) => m === A), [A], 'exactly one probe');
    assert.equal(sent.filter((m) => m === B).length, 2);
    assert.deepEqual(routes.map(textOf).sort(), ['Hello from b/beta:free', 'Hello from b/beta:free', 'probe answered']);
    const after = await s.time.run(collect(s.router.route(ASK)));
    assert.deepEqual(attempts(after), [A], 'the probe answered: the model is back for everyone');
  });

  it('when every model is benched on its failure rate, the one most likely to answer is tried instead of a refusal', async () => {
    const s = setup([A, B], { maxRetries: 0 }, { breakerPolicy: { minRequests: 1, failureRate: 1 } });
    s.provider.script(B, down);
    await s.time.run(collect(s.router.route({ ...ASK, preferredModel: B })));
    await s.time.advance(1_000);
    s.provider.script(A, down, ok('A answers'));
    await s.time.run(collect(s.router.route(ASK)));
    // A is back 1 s after B: B is back sooner and is tried first, then (its bench over) A.
    assert.ok((restOf(s, B).until ?? 0) < (restOf(s, A).until ?? 0));
    s.provider.script(B, ok('B answers'));
    const events = await s.time.run(collect(s.router.route(ASK)));
    assert.deepEqual(attempts(events), [B]);
    assert.equal(lastEvent(events).type, 'done');
    assert.equal(textOf(events), 'B answers');
  });

  it('a stated wait (capacity_exhausted retry_after) is honoured exactly and never taken for the free-tier limit', async () => {
    const s = setup([A, B]);
    s.provider.script(A, { kind: 'error', error: { kind: 'rate_limited', status: 429, retryAfterMs: 3_000, availability: availability('capacity_exhausted', true, { retryAfterMs: 3_000 }) } }, ok('A back'));
    const first = await s.time.run(collect(s.router.route(ASK)));
    assert.deepEqual(attempts(first), [A, B], 'failed over at once');
    const start = s.time.now;
    assert.deepEqual(restOf(s, A), { until: start + 3_000, why: 'stated', kind: 'rate_limited' });
    assert.equal(s.router.budget.snapshot().dayClosedUntil, undefined, 'the account\'s free tier is not closed');
    await s.time.advance(2_999);
    assert.deepEqual(attempts(await s.time.run(collect(s.router.route(ASK)))), [B]);
    await s.time.advance(1);
    assert.deepEqual(attempts(await s.time.run(collect(s.router.route(ASK)))), [A]);
  });

  it('only stated waits refuse, and the message says when the first model is back', async () => {
    const s = setup([A, B], { maxRetries: 1 }, { maxCooldownWaitMs: 0 });
    s.provider.script(A, { kind: 'error', error: { kind: 'rate_limited', status: 429, retryAfterMs: 40_000, availability: availability('capacity_exhausted', true, { retryAfterMs: 40_000 }) } });
    s.provider.script(B, { kind: 'error', error: { kind: 'upstream', status: 503, retryAfterMs: 25_000 } });
    await s.time.run(collect(s.router.route(ASK)));
    const before = s.provider.requests.length;
    const end = lastEvent(await s.time.run(collect(s.router.route(ASK))));
    assert.ok(end.type === 'failed' && end.failure.kind === 'all_cooling_down', JSON.stringify(end));
    assert.match(end.failure.message, new RegExp(`earliest back is ${B}, in 25 s`));
    assert.equal(s.provider.requests.length, before, 'nothing was sent');
  });

  it('models that cannot serve the request are passed over without spending a retry, and the gone one is never asked again', async () => {
    const s = setup([A, B, C, D], { maxRetries: 0 });
    s.provider.script(A, { kind: 'error', error: { kind: 'not_found', status: 404, availability: availability('free_variant_ended', false, { fallbackModels: ['a/alpha'] }) } });
    s.provider.script(B, { kind: 'error', error: { kind: 'unsupported', unsupported: 'data_policy', status: 404, availability: availability('privacy_restricted', false, { excludedBy: ['data_policy:training'] }) } });
    s.provider.script(C, { kind: 'error', error: { kind: 'unsupported', unsupported: 'data_policy', status: 404, message: 'No endpoints found matching your data policy' } });
    s.provider.script(D, ok('D answers'));
    const events = await s.time.run(collect(s.router.route(ASK)));
    assert.deepEqual(attempts(events), [A, B, C, D], 'with maxRetries 0, three unservable models still leave the good one its attempt');
    assert.equal(textOf(events), 'D answers');
    const end = lastEvent(events);
    assert.ok(end.type === 'done');
    if (end.type !== 'done') return;
    assert.deepEqual(end.summary.attempts.map((a) => [a.model, a.outcome]), [[A, 'failed'], [B, 'failed'], [C, 'failed'], [D, 'answered']]);
    const again = await s.time.run(collect(s.router.route(ASK)));
    assert.deepEqual(attempts(again), [D], 'the ended model and the private ones are skipped without asking');
    assert.equal(restOf(s, A).why, 'gone');
  });

  it('retryable failures still spend retries: maxRetries bounds them', async () => {
    const s = setup([A, B, C], { maxRetries: 1 });
    for (const m of [A, B, C]) s.provider.script(m, down);
    const events = await s.time.run(collect(s.router.route(ASK)));
    assert.deepEqual(attempts(events), [A, B]);
    assert.equal(lastEvent(events).type, 'failed');
  });

  it('an empty answer is failed over before anything shows, counted, and named in the attempts', async () => {
    const s = setup([A, B]);
    s.provider.script(A, { kind: 'stream', text: [], reasoning: ['thinking only'] });
    const events = await s.time.run(collect(s.router.route(ASK)));
    assert.deepEqual(attempts(events), [A, B]);
    assert.equal(textOf(events), 'Hello from b/beta:free');
    const end = lastEvent(events);
    assert.ok(end.type === 'done');
    if (end.type !== 'done') return;
    assert.deepEqual(end.summary.attempts.map((a) => [a.model, a.outcome, a.kind, a.reason]), [
      [A, 'failed', 'empty_answer', 'empty answer'],
      [B, 'answered', undefined, undefined],
    ]);
    assert.equal(s.router.stats.snapshot().models.find((m) => m.model === A)?.failures.empty_answer, 1);
  });

  it('/stats shows a benched model with why and for how long, and a stated wait as the server\'s', async () => {
    const s = setup([A, B, C], {}, { breakerPolicy: { minRequests: 1, failureRate: 0.5 } });
    s.provider.script(A, down);
    s.provider.script(B, { kind: 'error', error: { kind: 'rate_limited', status: 429, retryAfterMs: 40_000 } });
    await s.time.run(collect(s.router.route(ASK)));
    const table = renderStatsTable(s.router.stats.snapshot(), formatPlain, s.time.now, 'en');
    assert.match(table, new RegExp(`${A}.*benched 5 s: too many recent failures \\(provider unavailable\\)`));
    assert.match(table, new RegExp(`${B}.*waiting 40 s: rate limited, as the server asked`));
  });
});
