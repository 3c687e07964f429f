// Statistics: totals and budget, the per-model table and the charts; re-rendered on every live
// update from the host.
import { dayTotals, displayModelName, formatCredits, formatMs, todaySpend, formatPercent, formatRate, formatSeconds, NONE, secondsUntil, type StatsSnapshot } from '../../src/protocol/coreTypes';
import type { PageContext } from '../context';
import { h, replaceChildren } from '../dom';
import { latencyChart, legend, loadChart } from '../chart';
import { actionButton, sectionShell, type SectionView } from './section';

export interface StatsSection extends SectionView {
  showStats(stats: StatsSnapshot): void;
  setBusy(busy: boolean): void;
  /** Re-renders running cooldowns. */
  refreshClock(now: number): void;
}

export function createStatsSection(ctx: PageContext): StatsSection {
  const s = ctx.t.stats;
  const totals = h('p', { class: 'stats-totals' });
  const budget = h('p', { class: 'stats-budget' });
  // Like /stats: shown once the local gateway has routed a request.
  const gateway = h('p', { class: 'stats-gateway' });
  const charts = h('div', { class: 'charts' });
  // The ledger's today: like the status bar's tooltip and /stats.
  const spend = h('div', { class: 'stats-spend', 'data-ledger': '' });
  const tbody = h('tbody');
  const columns = ['model', 'requests', 'success', 'ttft', 'p95', 'speed', 'lastError', 'cooldown'] as const;
  const table = h(
    'table',
    { class: 'stats-table' },
    h('caption', { class: 'visually-hidden' }, ctx.t.sections.statistics),
    h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col' }, s.columns[c])))),
    tbody,
  );
  const reset = actionButton(s.reset, s.resetting, () => ctx.send({ type: 'resetStats' }), true);
  const updatedAt = h('span', { class: 'muted live', 'data-updated-at': '' });

  let last: StatsSnapshot | undefined;
  /** Endpoint labels, so an endpoint's model reads "llama3.2:3b (Ollama)" (its row keeps the id). */
  let labels = new Map<string, string>();
  const nameOf = (id: string) => displayModelName(id, (endpointId) => labels.get(endpointId));

  /** How long the router leaves the model alone, why, and until when (in the cell's title). */
  function cooldownCell(m: StatsSnapshot['models'][number], left: number | undefined): HTMLElement {
    if (left === undefined || m.cooldownUntil === undefined) return h('td', { 'data-col': 'cooldown' }, NONE);
    const why = m.cooldownWhy ? ` · ${s.cooldownWhy[m.cooldownWhy]}` : '';
    const until = s.cooldownUntil(new Date(m.cooldownUntil).toLocaleTimeString());
    return h('td', { 'data-col': 'cooldown', 'data-why': m.cooldownWhy, title: until }, `${formatSeconds(left)}${why}`);
  }

  function showSpend(stats: StatsSnapshot, now: number): void {
    const l = s.ledger;
    const ledger = stats.ledger ?? { days: [], billed: [] };
    const today = todaySpend(ledger, stats.budget, now, stats.account);
    const lines = [l.today(today.requests, today.promptTokens, today.completionTokens, formatCredits(today.cost)), l.freeLeft(today.freeLeft, today.freeLimit)];
    const account = today.account;
    if (account?.freeRequests) lines.push(l.accountFree(account.freeRequests.remaining, account.freeRequests.limit));
    if (account?.usageDaily !== undefined) lines.push(l.accountSpent(formatCredits(account.usageDaily)));
    if (account && account.limitRemaining !== null) lines.push(l.limitRemaining(formatCredits(account.limitRemaining)));
    const facts = lines.map((line) => h('p', { class: 'stats-spend-line' }, line));
    if (today.billed.length) facts.push(h('p', { class: 'stats-billed warning', 'data-billed': '' }, l.billed(today.billed.map(nameOf).join(', '))));
    const rows = [...dayTotals(ledger, today.day).models].sort((a, b) => b.requests - a.requests);
    const cols = ['model', 'requests', 'input', 'output', 'cost'] as const;
    const table = rows.length
      ? h(
          'table',
          { class: 'stats-table ledger-table' },
          h('caption', { class: 'visually-hidden' }, l.heading),
          h('thead', null, h('tr', null, cols.map((c) => h('th', { scope: 'col' }, l.columns[c])))),
          h(
            'tbody',
            null,
            rows.map((m) =>
              h(
                'tr',
                { 'data-ledger-row': m.model },
                h('th', { scope: 'row', class: 'model-id' }, nameOf(m.model)),
                h('td', { class: 'num', 'data-col': 'requests' }, String(m.requests)),
                h('td', { class: 'num', 'data-col': 'input' }, String(m.promptTokens)),
                h('td', { class: 'num', 'data-col': 'output' }, String(m.completionTokens)),
                h('td', { class: 'num', 'data-col': 'cost' }, formatCredits(m.cost)),
              ),
            ),
          ),
        )
      : undefined;
    replaceChildren(spend, h('h3', null, l.heading), ...facts, ...(table ? [h('div', { class: 'table-scroll' }, table)] : []));
  }

  function showStats(stats: StatsSnapshot): void {
    last = stats;
    const now = Date.now();
    totals.textContent = s.totals(stats.totals.requests, stats.totals.successes, stats.totals.failures);
    const b = stats.budget;
    budget.textContent = s.budget(b.dayUsed, b.dayLimit, b.minuteUsed, b.minuteLimit);
    const g = stats.gatewayRoutes;
    gateway.hidden = !g || g.answered + g.failed + g.cancelled === 0;
    gateway.textContent = g && !gateway.hidden ? s.gatewayRoutes(g.answered, g.failed, g.cancelled) : '';
    showSpend(stats, now);
    updatedAt.dataset.updatedAt = String(stats.at);
    updatedAt.textContent = `${s.live} · ${new Date(stats.at).toLocaleTimeString()}`;
    const models = [...stats.models].sort((a, b2) => b2.requests - a.requests);
    if (models.length === 0) {
      replaceChildren(tbody, h('tr', null, h('td', { colspan: columns.length, class: 'muted' }, s.empty)));
      replaceChildren(charts);
      return;
    }
    replaceChildren(
      tbody,
      models.map((m) => {
        const cooldown = secondsUntil(m.cooldownUntil, now);
        return h(
          'tr',
          { 'data-stats-row': m.model },
          h('th', { scope: 'row', class: 'model-id' }, nameOf(m.model)),
          h('td', { class: 'num', 'data-col': 'requests' }, String(m.requests)),
          h('td', { class: 'num', 'data-col': 'success' }, formatPercent(m.requests ? m.successes / m.requests : undefined)),
          h('td', { class: 'num', 'data-col': 'ttft' }, formatMs(m.ttftMs.median)),
          h('td', { class: 'num', 'data-col': 'p95' }, formatMs(m.ttftMs.p95)),
          h('td', { class: 'num', 'data-col': 'speed' }, formatRate(m.tokensPerSecond)),
          h('td', { class: 'error-cell', 'data-col': 'lastError', title: m.lastError?.message }, m.lastError ? `${m.lastError.kind}: ${m.lastError.message}` : NONE),
          cooldownCell(m, cooldown),
        );
      }),
    );
    const describe = (m: (typeof models)[number]) =>
      s.chartSummary(nameOf(m.model), formatMs(m.recentLatencyMs[m.recentLatencyMs.length - 1]), formatPercent(m.loadShare));
    replaceChildren(
      charts,
      h('figure', null, h('figcaption', null, s.latencyChart), latencyChart(models, `${s.latencyChart}: ${models.map(describe).join('; ')}`)),
      h('figure', null, h('figcaption', null, s.loadChart), loadChart(models, `${s.loadChart}: ${models.map(describe).join('; ')}`)),
      legend(models, describe),
    );
  }

  return {
    id: 'statistics',
    element: sectionShell(
      'statistics',
      ctx.t.sections.statistics,
      h('div', { class: 'row' }, totals, updatedAt),
      budget,
      spend,
      gateway,
      h('div', { class: 'table-scroll' }, table),
      charts,
      h('div', { class: 'buttons' }, reset),
    ),
    update: (state) => {
      labels = new Map((state.endpoints ?? []).map((e) => [e.id, e.label]));
      showStats(state.stats);
    },
    showStats,
    setBusy: (busy) => reset.setBusy(busy),
    refreshClock(now) {
      if (last?.models.some((m) => (m.cooldownUntil ?? 0) > now - 10_000)) showStats(last);
    },
  };
}
