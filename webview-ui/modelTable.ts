// Filtering and sorting of the free-model table, kept apart from the DOM.
import type { FreeModelEntry } from '../src/protocol/pageMessages';
import type { Capability, SortKey, UiState } from './vscodeApi';

export function filterModels(models: FreeModelEntry[], ui: UiState): FreeModelEntry[] {
  const query = ui.search.trim().toLowerCase();
  return models.filter((m) => {
    if (query && !`${m.id} ${m.name} ${m.provider}`.toLowerCase().includes(query)) return false;
    if (ui.capabilities.some((c: Capability) => !m.capabilities[c])) return false;
    if (ui.useCase !== 'all' && !m.useCases.includes(ui.useCase)) return false;
    return true;
  });
}

function sortValue(m: FreeModelEntry, key: SortKey): string | number | undefined {
  switch (key) {
    case 'name':
      return m.name.toLowerCase();
    case 'context':
      return m.contextLength;
    case 'success':
      return m.health.successRate;
    case 'ttft':
      return m.health.ttftMedianMs;
    case 'speed':
      return m.health.tokensPerSecond;
  }
}

/** Unmeasured values sort last whatever the direction; ties keep the catalog's order. */
export function sortModels(models: FreeModelEntry[], sort: UiState['sort']): FreeModelEntry[] {
  const factor = sort.dir === 'asc' ? 1 : -1;
  return models
    .map((m, index) => ({ m, index, v: sortValue(m, sort.key) }))
    .sort((a, b) => {
      if (a.v === undefined || b.v === undefined) return a.v === b.v ? a.index - b.index : a.v === undefined ? 1 : -1;
      if (a.v < b.v) return -factor;
      if (a.v > b.v) return factor;
      return a.index - b.index;
    })
    .map((x) => x.m);
}
