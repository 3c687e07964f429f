// Turns the `enabledModels` setting into the models the router may use, reporting every id it
// drops (gone, unknown, paid) so the host can tell the user instead of silently changing routing.
import { providerOf } from './builtin';
import type { CatalogIndex } from './catalogIndex';
import { isKnownRouterId } from './derive';
import { recommendModels } from './recommend';
import type { CatalogModel, CatalogSource, ModelHealth, ResolvedModels } from './types';
import { isFreeModelId } from '../shared/modelIds';

/** How many recommended general models stand in for an empty `enabledModels` setting. */
export const DEFAULT_ENABLED_COUNT = 5;

export interface ResolveEnabledResult extends ResolvedModels {
  /**
   * Enabled ids kept without verification because only the built-in list is known (the live list
   * was never reached): dropping them would lose a user's choice for a network blip.
   */
  unverified: string[];
}

export interface ResolveEnabledOptions {
  freeOnly: boolean;
  health?: (id: string) => ModelHealth | undefined;
}

/**
 * Gone, unknown and (with `freeOnly`) paid ids are left out and reported. When nothing usable
 * remains, or nothing was enabled, the top DEFAULT_ENABLED_COUNT recommended free general models
 * stand in, with `defaulted: true`: free, so a fallback never costs money.
 */
export function resolveEnabledModels(
  index: CatalogIndex,
  source: CatalogSource,
  enabled: readonly string[],
  opts: ResolveEnabledOptions,
): ResolveEnabledResult {
  const result: ResolveEnabledResult = { models: [], gone: [], unknown: [], paidRemoved: [], unverified: [], defaulted: false };
  const seen = new Set<string>();
  for (const raw of enabled) {
    const id = raw.trim();
    if (!id || seen.has(id)) continue;
    seen.add(id);
    const known = index.get(id);
    const model = known ?? (source === 'builtin' ? unverifiedModel(id) : undefined);
    if (!model) {
      result.unknown.push(id);
    } else if (model.goneSince !== undefined) {
      result.gone.push(id);
    } else if (opts.freeOnly && !model.free) {
      result.paidRemoved.push(id);
    } else {
      if (!known) result.unverified.push(id);
      result.models.push(model);
    }
  }
  if (result.models.length === 0) {
    result.defaulted = true;
    result.models = recommendModels(index, 'general', { limit: DEFAULT_ENABLED_COUNT, health: opts.health, freeOnly: true }).map((r) => r.model);
  }
  return result;
}

/** Stand-in for an enabled id the built-in list does not know, used only before any live list. */
function unverifiedModel(id: string): CatalogModel | undefined {
  if (!/^[^\s/]+\/\S+$/.test(id)) return undefined;
  return {
    id,
    name: id,
    provider: providerOf(id),
    contextLength: 0,
    capabilities: { reasoning: false, vision: false, toolCalling: false },
    useCases: ['general'],
    description: '',
    // Only the id can tell: a `:free` variant (or the free router) is free, anything else may cost money.
    free: isFreeModelId(id),
    isRouter: isKnownRouterId(id),
    source: 'builtin',
  };
}
