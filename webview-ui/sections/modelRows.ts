// The models section's table and recommendations: sortable headers, one row per model (its
// checkbox, capabilities, health and status), and the recommended picks per use case.
import { formatMs, formatPercent, formatRate, formatSeconds, formatTokens, MODEL_CAPABILITIES, secondsUntil } from '../../src/protocol/coreTypes';
import type { FreeModelEntry, SettingsState } from '../../src/protocol/pageMessages';
import type { PageContext } from '../context';
import { h, replaceChildren } from '../dom';
import { filterModels, sortModels } from '../modelTable';
import { SORT_KEYS, type SortKey } from '../vscodeApi';

export type ToggleModel = (model: FreeModelEntry, enabled: boolean) => void;

const COLUMNS = ['enabled', 'name', 'capabilities', 'context', 'success', 'ttft', 'speed', 'status'] as const;

export interface ModelTable {
  /** The table in its scrolling box. */
  element: HTMLElement;
  /** "n of m shown", announced politely. */
  summary: HTMLElement;
  render(models: FreeModelEntry[] | undefined): void;
}

export function modelTable(ctx: PageContext, toggle: ToggleModel): ModelTable {
  const t = ctx.t;
  const summary = h('p', { class: 'table-summary', 'aria-live': 'polite' });
  const headers = new Map<SortKey, HTMLTableCellElement>();
  const tbody = h('tbody');
  const table: ModelTable = {
    element: h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'models-table' },
        h('caption', { class: 'visually-hidden' }, t.sections.models),
        h('thead', null, h('tr', null, COLUMNS.map((column) => headerCell(ctx, column, headers, () => table.render(current))))),
        tbody,
      ),
    ),
    summary,
    render(models) {
      current = models;
      for (const [key, th] of headers) {
        th.setAttribute('aria-sort', ctx.ui.sort.key === key ? (ctx.ui.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none');
      }
      if (!models) return;
      // Rows are rebuilt; keep keyboard focus on the same model's checkbox.
      const focusedModel = tbody.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.model : undefined;
      const now = Date.now();
      const shown = sortModels(filterModels(models, ctx.ui), ctx.ui.sort);
      replaceChildren(tbody, shown.length ? shown.map((m) => modelRow(ctx, m, now, toggle)) : h('tr', null, h('td', { colspan: COLUMNS.length, class: 'muted' }, t.models.noMatch)));
      if (focusedModel) tbody.querySelector<HTMLElement>(`input[data-model="${CSS.escape(focusedModel)}"]`)?.focus();
      summary.textContent = t.models.shown(shown.length, models.length, models.filter((m) => m.enabled).length);
    },
  };
  let current: FreeModelEntry[] | undefined;
  return table;
}

/** A column header; a sortable column's is a button that sorts by it, the other way on a second click. */
function headerCell(ctx: PageContext, column: (typeof COLUMNS)[number], headers: Map<SortKey, HTMLTableCellElement>, sorted: () => void): HTMLTableCellElement {
  const t = ctx.t;
  const key = SORT_KEYS.find((k) => k === column);
  if (!key) return h('th', { scope: 'col' }, t.models.columns[column]);
  const button = h('button', { type: 'button', class: 'sort', 'data-sort': key, 'aria-label': t.models.sortBy(t.models.columns[column]) }, t.models.columns[column]);
  button.addEventListener('click', () => {
    const same = ctx.ui.sort.key === key;
    ctx.ui.sort = { key, dir: same && ctx.ui.sort.dir === 'asc' ? 'desc' : 'asc' };
    ctx.saveUi();
    sorted();
  });
  const th = h('th', { scope: 'col' }, button);
  headers.set(key, th);
  return th;
}

function modelRow(ctx: PageContext, model: FreeModelEntry, now: number, toggle: ToggleModel): HTMLTableRowElement {
  const box = h('input', { type: 'checkbox', 'aria-label': ctx.t.models.enableLabel(model.name), 'data-model': model.id });
  box.checked = model.enabled;
  box.addEventListener('change', () => toggle(model, box.checked));
  return h(
    'tr',
    { 'data-model-row': model.id, class: model.gone ? 'gone' : undefined },
    h('td', null, box),
    h(
      'td',
      null,
      h('div', { class: 'model-name' }, model.name),
      h('div', { class: 'model-id muted' }, model.id),
      model.expiresOn ? h('div', { class: 'model-ends', 'data-ends': model.expiresOn, title: ctx.t.models.endsTitle }, ctx.t.models.endsAfter(model.expiresOn)) : null,
    ),
    h('td', null, badges(ctx, model)),
    h('td', { class: 'num' }, formatTokens(model.contextLength)),
    h('td', { class: 'num' }, formatPercent(model.health.successRate)),
    h('td', { class: 'num' }, formatMs(model.health.ttftMedianMs)),
    h('td', { class: 'num' }, formatRate(model.health.tokensPerSecond)),
    h('td', null, statusCell(ctx, model, now)),
  );
}

function badges(ctx: PageContext, model: FreeModelEntry): HTMLElement {
  return h(
    'span',
    { class: 'badges' },
    MODEL_CAPABILITIES.filter((c) => model.capabilities[c]).map((c) => h('span', { class: `badge badge-${c}`, 'data-badge': c }, ctx.t.caps[c])),
  );
}

function statusCell(ctx: PageContext, model: FreeModelEntry, now: number): HTMLElement {
  const t = ctx.t;
  if (model.gone) return h('span', { class: 'badge badge-gone', title: t.models.goneTitle }, t.models.gone);
  if (model.billed) return h('span', { class: 'badge badge-billed', 'data-billed-model': '', title: t.models.billedTitle }, t.models.billed);
  const left = secondsUntil(model.health.cooldownUntil, now);
  if (left !== undefined) return h('span', { class: 'badge badge-cooling' }, t.models.cooling(formatSeconds(left)));
  return h('span', { class: 'muted' }, t.models.healthy);
}

/** The recommended picks per use case, each with its reason and a way to enable it. */
export function renderRecommendations(ctx: PageContext, into: HTMLElement, state: SettingsState, toggle: ToggleModel): void {
  const byId = new Map(state.models.map((m) => [m.id, m]));
  replaceChildren(
    into,
    state.recommendations
      .filter((r) => r.picks.length)
      .map((r) =>
        h(
          'div',
          { class: 'recommendation', 'data-use-case': r.useCase },
          h('h4', null, ctx.t.useCases[r.useCase]),
          h('ul', null, r.picks.map((p) => pick(ctx, byId.get(p.id), p, toggle))),
        ),
      ),
  );
}

function pick(ctx: PageContext, model: FreeModelEntry | undefined, p: { id: string; why: string }, toggle: ToggleModel): HTMLElement {
  const t = ctx.t;
  const name = model?.name ?? p.id;
  const action =
    model && !model.gone
      ? model.enabled
        ? h('span', { class: 'badge' }, t.models.enabledPick)
        : h('button', { type: 'button', class: 'link', 'aria-label': t.models.enableLabel(name), onclick: () => toggle(model, true) }, t.models.enable)
      : null;
  return h('li', null, h('span', { class: 'model-name' }, name), ' ', action, h('div', { class: 'why muted' }, p.why));
}
