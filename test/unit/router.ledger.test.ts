// The ledger and the proof of $0: requests, tokens and cost per UTC day and model (rolled over by
// the clock, bounded, merged across windows), and a "free" model whose answer reports a cost is
// caught from the real wire usage in both modes, shown as billed and never sent to again while
// free-only is on.
import assert from 'node:assert/strict';
import { createProvider } from '../../src/core/providers';
import { PROVIDER_MODES, type ChatProvider } from '../../src/core/providers/types';
import { ModelRouter } from '../../src/core/router';
import { dayTotals, mergeLedgers, OTHER_MODELS, SpendLedger, utcDay, DEFAULT_LEDGER_LIMITS } from '../../src/core/router/ledger';
import { parseLedger } from '../../src/core/router/ledgerSchema';
import type { RouterEvent, RouterSettings } from '../../src/core/router/types';
import { BILLED_FREE_COST, billedFreeAnswer, OpenRouterDouble } from '../fixtures/double';
import { collect, lastEvent, settings, textOf } from './router.fakes';

const A = 'a/model-a:free';
const B = 'b/model-b:free';
const DAY = 86_400_000;
/** 2026-03-09 23:59:59 UTC. */
const BEFORE_MIDNIGHT = Date.UTC(2026, 2, 9, 23, 59, 59);

describe('ledger: per day and model, bounded, shared', () => {
  it('rolls over at UTC midnight by the injected clock: today shows only what today spent', () => {
    let now = BEFORE_MIDNIGHT;
    const ledger = new SpendLedger(() => now);
    ledger.record(A, { promptTokens: 100, completionTokens: 20, cost: 0 });
    now += 2_000;
    ledger.record(A, { promptTokens: 7, completionTokens: 3, cost: 0 });
    ledger.record(B, undefined);
    const snapshot = ledger.snapshot();
    assert.deepEqual(snapshot.days.map((d) => d.day), ['2026-03-09', '2026-03-10']);
    const today = dayTotals(snapshot, utcDay(now));
    assert.deepEqual({ requests: today.requests, prompt: today.promptTokens, completion: today.completionTokens, cost: today.cost }, { requests: 2, prompt: 7, completion: 3, cost: 0 });
    assert.equal(dayTotals(snapshot, '2026-03-09').promptTokens, 100);
  });

  it('keeps the last 30 days and 100 models a day; the rest of a day is summed, so its totals stay whole', () => {
    let now = BEFORE_MIDNIGHT;
    const ledger = new SpendLedger(() => now);
    for (let d = 0; d < 40; d++, now += DAY) ledger.record(A, { promptTokens: 1, completionTokens: 1, cost: 0.5 });
    now -= DAY;
    const days = ledger.snapshot().days;
    assert.equal(days.length, DEFAULT_LEDGER_LIMITS.days);
    assert.equal(days[0]?.day, utcDay(now - 29 * DAY));
    for (let m = 0; m < 150; m++) ledger.record(`m/model-${m}:free`, { promptTokens: 2, completionTokens: 1, cost: 0 });
    const today = dayTotals(ledger.snapshot(), utcDay(now));
    assert.equal(today.models.length, DEFAULT_LEDGER_LIMITS.modelsPerDay);
    assert.equal(today.requests, 151, 'every request of the day is still counted');
    assert.equal(today.promptTokens, 301);
    assert.equal(today.cost, 0.5);
    assert.ok(today.models.some((m) => m.model === OTHER_MODELS));
  });

  it('two windows: the shared file gets both parts, each shows the sum, the first billed record is kept', () => {
    let now = BEFORE_MIDNIGHT + 5_000;
    const one = new SpendLedger(() => now);
    const two = new SpendLedger(() => now);
    one.record(A, { promptTokens: 10, completionTokens: 5, cost: 0 });
    two.record(A, { promptTokens: 1, completionTokens: 1, cost: 0 });
    two.record(B, { promptTokens: 3, completionTokens: 2, cost: 0.001 });
    assert.equal(two.markBilled(B, 0.001), true);
    now += 1_000;
    assert.equal(one.markBilled(B, 0.002), true, 'the first window did not know yet');
    // Window one saves first, then window two adds its part to what the file holds.
    let file = mergeLedgers({ days: [], billed: [] }, one.pendingPart()!, now, one.limits);
    one.adopt(file, true);
    file = mergeLedgers(file, two.pendingPart()!, now, two.limits);
    two.adopt(file, true);
    one.adopt(file, false);
    for (const w of [one, two]) {
      const today = dayTotals(w.snapshot(), utcDay(now));
      assert.equal(today.requests, 3);
      assert.equal(today.promptTokens, 14);
      assert.equal(today.cost, 0.001);
      assert.deepEqual(w.snapshot().billed.map((b) => [b.model, b.cost]), [[B, 0.002]]);
      assert.equal(w.isBilled(B), true);
      assert.equal(w.pendingPart(), undefined, 'nothing left to save twice');
    }
    assert.equal(parseLedger(JSON.parse(JSON.stringify(file))).ok, true);
    assert.equal(parseLedger({ days: [{ day: 'yesterday', models: [] }], billed: [] }).ok, false);
  });
});

for (const mode of PROVIDER_MODES) {
  describe(`router: the proof of $0 over HTTP (${mode})`, () => {
    let double: OpenRouterDouble;
    let provider: ChatProvider;
    let current: RouterSettings;
    let router: ModelRouter;

    before(async () => {
      double = await OpenRouterDouble.start();
      provider = createProvider(mode, { apiKey: 'sk-or-v1-ledger', baseUrl: double.baseUrl, appTitle: 'T' });
    });
    beforeEach(() => {
      double.reset();
      current = settings({ timeoutPerModelMs: 10_000 });
      router = new ModelRouter({ provider: () => provider, models: () => [A, B], settings: () => current });
    });
    after(() => double.close());

    const ask = (text = 'hi') => collect(router.route({ messages: [{ role: 'user', content: text }] }));
    const summaryOf = (events: RouterEvent[]) => {
      const end = lastEvent(events);
      assert.equal(end.type, 'done');
      return end.type === 'done' ? end.summary : undefined;
    };

    it('a free model whose usage reports a cost is billed: summary, ledger, once; free-only never sends to it again', async () => {
      double.script(A, billedFreeAnswer(A));
      const billed: string[] = [];
      router.stats.onEvent((e) => e.type === 'billed' && billed.push(`${e.model} ${e.cost}`));
      const first = await ask();
      assert.match(textOf(first), /Billed answer/);
      assert.deepEqual(summaryOf(first)?.billed, { model: A, cost: BILLED_FREE_COST });
      assert.equal(summaryOf(first)?.usage?.cost, BILLED_FREE_COST);
      const today = dayTotals(router.stats.ledger.snapshot(), utcDay(Date.now()));
      assert.deepEqual(today.models.map((m) => [m.model, m.requests, m.promptTokens, m.completionTokens, m.cost]), [[A, 1, 21, 9, BILLED_FREE_COST]]);

      const second = await ask('again');
      assert.equal(summaryOf(second)?.model, B);
      assert.equal(summaryOf(second)?.billed, undefined);
      assert.deepEqual(double.chatRequests.map((r) => r.model), [A, B], 'the billing model got nothing more');
      assert.deepEqual(billed, [`${A} ${BILLED_FREE_COST}`], 'told once');

      // With free-only off it is a paid model like any other: it may answer, and its cost is shown as a cost.
      current = settings({ timeoutPerModelMs: 10_000, freeModelsOnly: false });
      double.script(A, billedFreeAnswer(A));
      const paid = await ask('paid is fine now');
      assert.equal(summaryOf(paid)?.model, A);
      assert.equal(summaryOf(paid)?.billed, undefined, 'no longer "listed as free" to the router');
    });

    it('an answer that reports cost 0 proves $0: nothing billed, the ledger reads $0.00', async () => {
      double.script(A, { kind: 'stream', text: ['free'], usage: { prompt: 5, completion: 2, cost: 0 } });
      const events = await ask();
      assert.equal(summaryOf(events)?.billed, undefined);
      assert.equal(router.stats.ledger.isBilled(A), false);
      const today = dayTotals(router.stats.ledger.snapshot(), utcDay(Date.now()));
      assert.deepEqual([today.requests, today.promptTokens, today.completionTokens, today.cost], [1, 5, 2, 0]);
    });

    it('a cost reported by a paid model is a cost, not a billed "free" model', async () => {
      const paid = 'p/paid-model';
      current = settings({ timeoutPerModelMs: 10_000, freeModelsOnly: false });
      router = new ModelRouter({ provider: () => provider, models: () => [paid], settings: () => current });
      double.script(paid, { kind: 'stream', text: ['paid'], usage: { prompt: 5, completion: 2, cost: 0.01 } });
      const events = await ask();
      assert.equal(summaryOf(events)?.billed, undefined);
      assert.equal(dayTotals(router.stats.ledger.snapshot(), utcDay(Date.now())).cost, 0.01);
    });
  });
}
