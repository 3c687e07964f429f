// Filtering and statistics over a CatalogIndex.
import type { CatalogIndex } from './catalogIndex';
import { FEATURE_CAPABILITY, type CatalogFilter, type CatalogModel, type CatalogStats, type ModelCapabilities, type RequestFeature } from './types';

/** Whether `model` has what `feature` needs, by its recorded capabilities. */
export function supportsFeature(model: CatalogModel, feature: RequestFeature): boolean {
  return model.capabilities[FEATURE_CAPABILITY[feature]];
}

/** All conditions must hold. Results keep the index's order (by id). */
export function queryModels(index: CatalogIndex, filter: CatalogFilter = {}): CatalogModel[] {
  const provider = filter.provider?.trim().toLowerCase() || undefined;
  const text = filter.text?.trim().toLowerCase() || undefined;
  const minContext = filter.minContext ?? 0;
  const out: CatalogModel[] = [];
  const models = index.models;
  // A text filter narrows the candidates first through the index; the other filters check each.
  const candidates = text ? index.textMatches(text) : undefined;
  const count = candidates ? candidates.length : models.length;
  for (let c = 0; c < count; c++) {
    const i = candidates ? candidates[c] : c;
    const m = models[i];
    if (!filter.includeGone && m.goneSince !== undefined) continue;
    if (!filter.includeRouters && m.isRouter) continue;
    if (filter.freeOnly && !m.free) continue;
    if (filter.capability && !m.capabilities[filter.capability]) continue;
    if (provider && index.providerKey[i] !== provider) continue;
    if (m.contextLength < minContext) continue;
    if (filter.useCase && !m.useCases.includes(filter.useCase)) continue;
    out.push(m);
  }
  return out;
}

export type IndexStats = Pick<CatalogStats, 'total' | 'free' | 'routers' | 'byCapability' | 'byProvider' | 'gone'>;

/** `total` and `free` count usable models; the breakdowns count usable free models. */
export function computeIndexStats(index: CatalogIndex): IndexStats {
  const byCapability: Record<keyof ModelCapabilities, number> = { reasoning: 0, vision: 0, toolCalling: 0 };
  const byProvider: Record<string, number> = {};
  let total = 0;
  let free = 0;
  let routers = 0;
  let gone = 0;
  for (const m of index.models) {
    if (m.goneSince !== undefined) {
      gone++;
      continue;
    }
    if (m.isRouter) {
      routers++;
      continue;
    }
    total++;
    if (!m.free) continue;
    free++;
    byProvider[m.provider] = (byProvider[m.provider] ?? 0) + 1;
    if (m.capabilities.reasoning) byCapability.reasoning++;
    if (m.capabilities.vision) byCapability.vision++;
    if (m.capabilities.toolCalling) byCapability.toolCalling++;
  }
  return { total, free, routers, byCapability, byProvider, gone };
}
