// Combines a new live list with the previous one: models missing from the new list are kept but
// marked gone (so a user who enabled one is told, and the router stops using it) instead of
// silently disappearing or silently staying selected.
import type { CatalogModel } from './types';

/** Gone models are forgotten after this long, so the cache does not grow without bound. */
export const GONE_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export interface MergeResult {
  models: CatalogModel[];
  /** Ids this merge marked gone. */
  gone: string[];
  /** Ids new in this list, or back after being gone. */
  added: string[];
}

/**
 * `previous`: the current catalog (built-in entries in it are not "live" and are never marked gone:
 * they were never in a live list). `incoming`: the models of a good live answer.
 */
export function mergeLiveList(
  previous: readonly CatalogModel[],
  incoming: readonly CatalogModel[],
  now: number,
  retainGoneMs: number = GONE_RETENTION_MS,
): MergeResult {
  const before = new Map<string, CatalogModel>();
  for (const m of previous) if (m.source === 'live') before.set(m.id, m);

  const models: CatalogModel[] = [];
  const added: string[] = [];
  const present = new Set<string>();
  for (const m of incoming) {
    present.add(m.id);
    const old = before.get(m.id);
    if (!old || old.goneSince !== undefined) added.push(m.id);
    models.push(m.goneSince === undefined ? m : withoutGone(m));
  }

  const gone: string[] = [];
  for (const [id, old] of before) {
    if (present.has(id)) continue;
    if (old.goneSince === undefined) {
      models.push({ ...old, goneSince: now });
      gone.push(id);
    } else if (now - old.goneSince <= retainGoneMs) {
      models.push(old);
    }
  }
  return { models, gone: gone.sort(), added: added.sort() };
}

function withoutGone(m: CatalogModel): CatalogModel {
  const copy = { ...m };
  delete copy.goneSince;
  return copy;
}
