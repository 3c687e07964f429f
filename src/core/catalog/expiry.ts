// OpenRouter's `expiration_date` on the live model list: "the date after which the model may be
// removed" (an ISO date, "YYYY-MM-DD"), set on free variants about to end. The model is promised
// through that whole day (UTC); after it, OpenRouter answers `free_variant_ended` (see endedModels.ts).
// Users hear of it a few days before, once per model and end date, with free models to move to.
import type { CatalogModel, RequestFeature } from './types';

const DAY_MS = 86_400_000;
/** How long before its end an enabled model is announced. */
export const EXPIRY_NOTICE_MS = 3 * DAY_MS;
/** Replacements offered at most. */
export const MAX_EXPIRY_REPLACEMENTS = 3;

/** The day of an `expiration_date` ("2026-12-07", or a timestamp on that day), or undefined when it is no date. */
export function expiryDay(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const day = /^(\d{4}-\d{2}-\d{2})(?:$|T)/.exec(value.trim())?.[1];
  if (!day) return undefined;
  const at = Date.parse(`${day}T00:00:00Z`);
  // Rejects "2026-02-31": a real day prints back as itself.
  return Number.isFinite(at) && new Date(at).toISOString().startsWith(day) ? day : undefined;
}

/** Epoch ms when the day `expiresOn` is over (UTC): from then on the model may be gone. */
export function expiryEnd(expiresOn: string): number {
  return Date.parse(`${expiresOn}T00:00:00Z`) + DAY_MS;
}

/** The models among `models` whose end is near (within `withinMs`, not yet past) at `now`. */
export function endingSoon<M extends Pick<CatalogModel, 'id' | 'expiresOn'>>(models: readonly M[], now: number, withinMs = EXPIRY_NOTICE_MS): M[] {
  return models.filter((m) => {
    if (!m.expiresOn) return false;
    const left = expiryEnd(m.expiresOn) - now;
    return left > 0 && left <= withinMs;
  });
}

/** What `model` can do that a replacement must too: tool calls and image input. */
export function featuresOf(model: Pick<CatalogModel, 'capabilities'>): RequestFeature[] {
  return [...(model.capabilities.toolCalling ? (['tools'] as const) : []), ...(model.capabilities.vision ? (['image'] as const) : [])];
}

/**
 * Free models to move to from `model` before it ends: from `candidates` (free models that do what it
 * does, best first), those not enabled, not gone, not a router, and not ending themselves before long.
 */
export function expiryReplacements(
  model: Pick<CatalogModel, 'id'>,
  candidates: readonly CatalogModel[],
  enabled: ReadonlySet<string>,
  now: number,
): string[] {
  const out: string[] = [];
  for (const c of candidates) {
    if (out.length >= MAX_EXPIRY_REPLACEMENTS) break;
    if (c.id === model.id || enabled.has(c.id) || !c.free || c.isRouter || c.goneSince !== undefined) continue;
    if (c.expiresOn && expiryEnd(c.expiresOn) - now <= 2 * EXPIRY_NOTICE_MS) continue;
    out.push(c.id);
  }
  return out;
}
