// Free models: search, capability and use-case filters, sortable table with health and speed,
// recommended picks per use case, enable/disable, refresh with the list's age.
import { formatMs, formatPercent, formatRate, formatSeconds, formatTokens, MODEL_CAPABILITIES, secondsUntil, USE_CASES, type UseCase } from '../../src/protocol/coreTypes';
import type { CatalogStatus, FreeModelEntry, SettingsState } from '../../src/protocol/pageMessages';
import type { PageContext } from '../context';
import { h, replaceChildren, uid } from '../dom';
import { filterModels, sortModels } from '../modelTable';
import { SORT_KEYS, type SortKey } from '../vscodeApi';
import { actionButton, sectionShell, type SectionView } from './section';

export interface ModelsSection extends SectionView {
  setRefreshing(busy: boolean): void;
  /** Re-renders what depends on the clock: the list's age and running cooldowns. */
  refreshClock(now: number): void;
}


export function createModelsSection(ctx: PageContext): ModelsSection {
  const t = ctx.t;
  let state: SettingsState | undefined;

  const searchId = uid('model-search');
  const search = h('input', { type: 'search', id: searchId, placeholder: t.models.searchPlaceholder, value: ctx.ui.search, autocomplete: 'off' });
  search.addEventListener('input', () => {
    ctx.ui.search = search.value;
    ctx.saveUi();
    renderTable();
  });

  const capBoxes = MODEL_CAPABILITIES.map((cap) => {
    const box = h('input', { type: 'checkbox', value: cap, 'data-capability': cap });
    box.checked = ctx.ui.capabilities.includes(cap);
    box.addEventListener('change', () => {
      ctx.ui.capabilities = MODEL_CAPABILITIES.filter((c, i) => capBoxes[i].querySelector('input')?.checked);
      ctx.saveUi();
      renderTable();
    });
    return h('label', { class: 'chip' }, box, ` ${t.caps[cap]}`);
  });

  const useCaseId = uid('use-case');
  const useCase = h(
    'select',
    { id: useCaseId },
    h('option', { value: 'all' }, t.models.allUseCases),
    USE_CASES.map((u) => h('option', { value: u }, t.useCases[u])),
  );
  useCase.value = ctx.ui.useCase;
  useCase.addEventListener('change', () => {
    ctx.ui.useCase = useCase.value === 'all' ? 'all' : (useCase.value as UseCase);
    ctx.saveUi();
    renderTable();
  });

  const refresh = actionButton(t.models.refresh, t.models.refreshing, () => ctx.send({ type: 'refreshModels' }), true);
  const listStatus = h('p', { class: 'list-status', role: 'status' });
  const recommendations = h('div', { class: 'recommendations' });
  const summary = h('p', { class: 'table-summary', 'aria-live': 'polite' });

  const headers = new Map<SortKey, HTMLTableCellElement>();
  const headerCell = (column: keyof typeof t.models.columns) => {
    const key = SORT_KEYS.find((k) => k === column);
    if (!key) return h('th', { scope: 'col' }, t.models.columns[column]);
    const button = h('button', { type: 'button', class: 'sort', 'data-sort': key, 'aria-label': t.models.sortBy(t.models.columns[column]) }, t.models.columns[column]);
    button.addEventListener('click', () => {
      const same = ctx.ui.sort.key === key;
      ctx.ui.sort = { key, dir: same && ctx.ui.sort.dir === 'asc' ? 'desc' : 'asc' };
      ctx.saveUi();
      renderTable();
    });
    const th = h('th', { scope: 'col' }, button);
    headers.set(key, th);
    return th;
  };
  const tbody = h('tbody');
  const table = h(
    'table',
    { class: 'models-table' },
    h('caption', { class: 'visually-hidden' }, t.sections.models),
    h('thead', null, h('tr', null, (['enabled', 'name', 'capabilities', 'context', 'success', 'ttft', 'speed', 'status'] as const).map(headerCell))),
    tbody,
  );

  const element = sectionShell(
    'models',
    t.sections.models,
    h('div', { class: 'row list-row' }, listStatus, refresh),
    h('h3', null, t.models.recommended),
    recommendations,
    h(
      'div',
      { class: 'toolbar', role: 'group', 'aria-label': t.models.search },
      h('div', { class: 'field' }, h('label', { for: searchId }, t.models.search), search),
      h('fieldset', { class: 'chips' }, h('legend', null, t.models.capabilities), capBoxes),
      h('div', { class: 'field' }, h('label', { for: useCaseId }, t.models.useCase), useCase),
    ),
    summary,
    h('div', { class: 'table-scroll' }, table),
  );

  function toggle(model: FreeModelEntry, enabled: boolean): void {
    ctx.send({ type: 'toggleModel', id: model.id, enabled });
  }

  function badges(model: FreeModelEntry): HTMLElement {
    return h(
      'span',
      { class: 'badges' },
      MODEL_CAPABILITIES.filter((c) => model.capabilities[c]).map((c) => h('span', { class: `badge badge-${c}`, 'data-badge': c }, t.caps[c])),
    );
  }

  function statusCell(model: FreeModelEntry, now: number): HTMLElement {
    if (model.gone) return h('span', { class: 'badge badge-gone', title: t.models.goneTitle }, t.models.gone);
    const left = secondsUntil(model.health.cooldownUntil, now);
    if (left !== undefined) return h('span', { class: 'badge badge-cooling' }, t.models.cooling(formatSeconds(left)));
    return h('span', { class: 'muted' }, t.models.healthy);
  }

  function row(model: FreeModelEntry, now: number): HTMLTableRowElement {
    const box = h('input', { type: 'checkbox', 'aria-label': t.models.enableLabel(model.name), 'data-model': model.id });
    box.checked = model.enabled;
    box.addEventListener('change', () => toggle(model, box.checked));
    return h(
      'tr',
      { 'data-model-row': model.id, class: model.gone ? 'gone' : undefined },
      h('td', null, box),
      h('td', null, h('div', { class: 'model-name' }, model.name), h('div', { class: 'model-id muted' }, model.id)),
      h('td', null, badges(model)),
      h('td', { class: 'num' }, formatTokens(model.contextLength)),
      h('td', { class: 'num' }, formatPercent(model.health.successRate)),
      h('td', { class: 'num' }, formatMs(model.health.ttftMedianMs)),
      h('td', { class: 'num' }, formatRate(model.health.tokensPerSecond)),
      h('td', null, statusCell(model, now)),
    );
  }

  function renderTable(): void {
    for (const [key, th] of headers) {
      th.setAttribute('aria-sort', ctx.ui.sort.key === key ? (ctx.ui.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none');
    }
    if (!state) return;
    // Rows are rebuilt; keep keyboard focus on the same model's checkbox.
    const focusedModel = tbody.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.model : undefined;
    const now = Date.now();
    const shown = sortModels(filterModels(state.models, ctx.ui), ctx.ui.sort);
    replaceChildren(
      tbody,
      shown.length ? shown.map((m) => row(m, now)) : h('tr', null, h('td', { colspan: 8, class: 'muted' }, t.models.noMatch)),
    );
    if (focusedModel) tbody.querySelector<HTMLElement>(`input[data-model="${CSS.escape(focusedModel)}"]`)?.focus();
    summary.textContent = t.models.shown(shown.length, state.models.length, state.models.filter((m) => m.enabled).length);
  }

  function renderStatus(catalog: CatalogStatus): void {
    const parts: string[] = [catalog.source === 'live' ? t.models.sourceLive : catalog.source === 'cache' ? t.models.sourceCache : t.models.sourceBuiltin];
    if (catalog.fetchedAt !== undefined) parts.push(t.models.age(formatSeconds(Math.max(0, Math.round((Date.now() - catalog.fetchedAt) / 1000)))));
    if (catalog.stale) parts.push(t.models.stale);
    replaceChildren(
      listStatus,
      `${parts.join(', ')}.`,
      catalog.lastError ? h('span', { class: 'warning' }, ` ${t.models.lastError(catalog.lastError)}`) : null,
    );
    listStatus.dataset.source = catalog.source;
  }

  function renderRecommendations(s: SettingsState): void {
    const byId = new Map(s.models.map((m) => [m.id, m]));
    replaceChildren(
      recommendations,
      s.recommendations
        .filter((r) => r.picks.length)
        .map((r) =>
          h(
            'div',
            { class: 'recommendation', 'data-use-case': r.useCase },
            h('h4', null, t.useCases[r.useCase]),
            h(
              'ul',
              null,
              r.picks.map((p) => {
                const model = byId.get(p.id);
                const name = model?.name ?? p.id;
                const action =
                  model && !model.gone
                    ? model.enabled
                      ? h('span', { class: 'badge' }, t.models.enabledPick)
                      : h('button', { type: 'button', class: 'link', 'aria-label': t.models.enableLabel(name), onclick: () => toggle(model, true) }, t.models.enable)
                    : null;
                return h('li', null, h('span', { class: 'model-name' }, name), ' ', action, h('div', { class: 'why muted' }, p.why));
              }),
            ),
          ),
        ),
    );
  }

  renderTable();
  return {
    id: 'models',
    element,
    update(next) {
      state = next;
      renderStatus(next.catalog);
      renderRecommendations(next);
      renderTable();
    },
    setRefreshing: (busy) => refresh.setBusy(busy),
    refreshClock(now) {
      if (!state) return;
      renderStatus(state.catalog);
      // A cooldown that ended since the last tick must disappear too, hence the margin.
      if (state.models.some((m) => (m.health.cooldownUntil ?? 0) > now - 10_000)) renderTable();
    },
  };
}
