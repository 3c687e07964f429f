// The chat and the settings page show the same measurements; they must read the same. The page
// formats through what src/protocol/coreTypes gives it, the chat through its renderers: both end in
// src/core/shared/format.ts, and these tests pin that a value reads identically in each.
import assert from 'node:assert/strict';
import { renderFooter } from '../../src/host/chat/render/footer';
import { renderStatsTable } from '../../src/host/chat/render/reportTables';
import { formatPlain } from '../../src/host/shared/translate';
import type { RouteSummary, StatsSnapshot } from '../../src/core/router/types';
import * as page from '../../src/protocol/coreTypes';

const NOW = 1_700_000_000_000;

describe('number formatting shared by the chat and the page', () => {
  it('reads latencies with about three significant digits everywhere', () => {
    assert.equal(page.formatMs(850), '850 ms');
    assert.equal(page.formatMs(1234), '1.23 s');
    assert.equal(page.formatMs(12_345), '12.3 s');
    assert.equal(page.formatMs(undefined), page.NONE);
  });

  it("the chat's footer shows a latency as the page does", () => {
    const summary: RouteSummary = { model: 'a/m:free', ttftMs: 1234, totalMs: 5678, attempts: [{ model: 'b/m:free', outcome: 'failed', kind: 'timeout', durationMs: 2345 }] };
    const footer = renderFooter(summary, formatPlain);
    assert.ok(footer.includes(`first token ${page.formatMs(1234)}`), footer);
    assert.ok(footer.includes(`total ${page.formatMs(5678)}`), footer);
    assert.ok(footer.includes(`failed after ${page.formatMs(2345)}`), footer);
    assert.ok(footer.includes('first token 1.23 s · total 5.68 s'), footer);
  });

  it("the chat's /stats table shows each measurement as the page's statistics table does", () => {
    const snapshot: StatsSnapshot = {
      version: 1,
      at: NOW,
      totals: { requests: 6, successes: 5, failures: 1 },
      models: [
        {
          model: 'a/m:free',
          requests: 6,
          successes: 5,
          failures: { rate_limited: 1 },
          inFlight: 0,
          ttftMs: { median: 1234, p95: 4321 },
          totalMs: { median: 2000, p95: 15_678 },
          tokensPerSecond: 42.4,
          loadShare: 0.25,
          cooldownUntil: NOW + 19_500,
          recentLatencyMs: [],
        },
      ],
      budget: { minuteUsed: 1, minuteLimit: 20, dayUsed: 6, dayLimit: 50, dayResetAt: NOW + 3_600_000 },
    };
    const row = renderStatsTable(snapshot, formatPlain, NOW).split('\n').find((line) => line.includes('a/m:free')) ?? '';
    const cells = row.split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, '').trim());
    const m = snapshot.models[0];
    const expected = {
      success: page.formatPercent(m.successes / m.requests),
      ttft: page.formatMs(m.ttftMs.median),
      totalP95: page.formatMs(m.totalMs.p95),
      speed: page.formatRate(m.tokensPerSecond),
      load: page.formatPercent(m.loadShare),
      cooldown: `cooling down ${page.formatSeconds(page.secondsUntil(m.cooldownUntil, NOW) ?? 0)}`,
    };
    assert.deepEqual(
      { success: cells[2], ttft: cells[4], totalP95: cells[5], speed: cells[6], load: cells[7], cooldown: cells[8] },
      expected,
    );
    assert.deepEqual(Object.values(expected), ['83%', '1.23 s', '15.7 s', '42 tok/s', '25%', 'cooling down 20 s']);
  });
});
