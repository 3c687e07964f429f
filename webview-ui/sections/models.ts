// Free models: search, capability and use-case filters, sortable table with health and speed,
// recommended picks per use case, enable/disable, refresh with the list's age.
import { formatSeconds } from '../../src/protocol/coreTypes';
import type { CatalogStatus, SettingsState } from '../../src/protocol/pageMessages';
import type { PageContext } from '../context';
import { h, replaceChildren } from '../dom';
import { modelFilters } from './modelFilters';
import { modelTable, renderRecommendations, type ToggleModel } from './modelRows';
import { actionButton, sectionShell, type SectionView } from './section';

export interface ModelsSection extends SectionView {
  setRefreshing(busy: boolean): void;
  /** Re-renders what depends on the clock: the list's age and running cooldowns. */
  refreshClock(now: number): void;
}

export function createModelsSection(ctx: PageContext): ModelsSection {
  const t = ctx.t;
  let state: SettingsState | undefined;
  const toggle: ToggleModel = (model, enabled) => ctx.send({ type: 'toggleModel', id: model.id, enabled });
  const table = modelTable(ctx, toggle);
  const renderTable = () => table.render(state?.models);

  const refresh = actionButton(t.models.refresh, t.models.refreshing, () => ctx.send({ type: 'refreshModels' }), true);
  const listStatus = h('p', { class: 'list-status', role: 'status' });
  const recommendations = h('div', { class: 'recommendations' });
  const element = sectionShell(
    'models',
    t.sections.models,
    h('div', { class: 'row list-row' }, listStatus, refresh),
    h('h3', null, t.models.recommended),
    recommendations,
    modelFilters(ctx, renderTable),
    table.summary,
    table.element,
  );

  renderTable();
  return {
    id: 'models',
    element,
    update(next) {
      state = next;
      renderStatus(ctx, listStatus, next.catalog);
      renderRecommendations(ctx, recommendations, next, toggle);
      renderTable();
    },
    setRefreshing: (busy) => refresh.setBusy(busy),
    refreshClock(now) {
      if (!state) return;
      renderStatus(ctx, listStatus, state.catalog);
      // A cooldown that ended since the last tick must disappear too, hence the margin.
      if (state.models.some((m) => (m.health.cooldownUntil ?? 0) > now - 10_000)) renderTable();
    },
  };
}

/** Where the list comes from, how old it is, and the last refresh's error. */
function renderStatus(ctx: PageContext, listStatus: HTMLElement, catalog: CatalogStatus): void {
  const t = ctx.t;
  const parts: string[] = [catalog.source === 'live' ? t.models.sourceLive : catalog.source === 'cache' ? t.models.sourceCache : t.models.sourceBuiltin];
  if (catalog.fetchedAt !== undefined) parts.push(t.models.age(formatSeconds(Math.max(0, Math.round((Date.now() - catalog.fetchedAt) / 1000)))));
  if (catalog.stale) parts.push(t.models.stale);
  replaceChildren(listStatus, `${parts.join(', ')}.`, catalog.lastError ? h('span', { class: 'warning' }, ` ${t.models.lastError(catalog.lastError)}`) : null);
  listStatus.dataset.source = catalog.source;
}
