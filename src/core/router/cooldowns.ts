// Per-model cooldowns from what the server said: a model that stated "not before then" is left
// alone exactly that long, and one that is gone much longer, so the next requests go to models that
// can answer instead of collecting the same answer again. Failures without a stated wait do not
// cool a model down here: they feed its failure rate (breaker.ts).
import { isGoneForUser } from '../providers/availability';
import type { ProviderError } from '../providers/errors';
import type { FailureKind } from './types';

export interface CooldownPolicy {
  /** "No endpoints found" by message: the model is probably gone; the catalog refresh decides for good. */
  notFoundMs: number;
  /** OpenRouter said by code that the model is gone for this user (ended, deprecated, not served here). */
  goneMs: number;
  /** Upper bound for a wait the server states, whatever Retry-After says. */
  maxMs: number;
}

export const DEFAULT_COOLDOWN_POLICY: CooldownPolicy = {
  notFoundMs: 600_000,
  goneMs: 24 * 3_600_000,
  maxMs: 600_000,
};

/** Why a model is left alone: a wait the server stated, a model that is gone, or its recent failure rate. */
export type CooldownWhy = 'stated' | 'gone' | 'failure_rate';

/** The kinds of failure that say something about the model now, not about the request or the account. */
const TRANSIENT: ReadonlySet<FailureKind> = new Set<FailureKind>(['rate_limited', 'upstream', 'timeout', 'stream_error', 'empty_answer']);

/**
 * What `error` means for the model: a rest of exactly the wait the server stated (`Retry-After`,
 * `X-RateLimit-Reset`, `error.availability.retry_after`), a long one for a model that is gone, a
 * transient failure without a wait (which only feeds the model's failure rate, see breaker.ts), or
 * nothing (network errors are about the connection; the rest do not fail over at all).
 */
export function cooldownFor(
  error: ProviderError,
  now: number,
  policy: CooldownPolicy,
): { ms: number; why: 'stated' | 'gone' } | 'transient' | undefined {
  if (isGoneForUser(error.availability)) return { ms: policy.goneMs, why: 'gone' };
  if (error.kind === 'not_found') return { ms: policy.notFoundMs, why: 'gone' };
  if (!TRANSIENT.has(error.kind)) return undefined;
  const told = error.retryAfterMs ?? (error.rateLimit?.resetAt !== undefined ? error.rateLimit.resetAt - now : undefined);
  if (told !== undefined && told > 0) return { ms: Math.min(policy.maxMs, told), why: 'stated' };
  return 'transient';
}

export interface Cooldown {
  until: number;
  kind: FailureKind;
  why: 'stated' | 'gone';
}

export class Cooldowns {
  private readonly byModel = new Map<string, Cooldown>();

  set(model: string, until: number, kind: FailureKind, why: Cooldown['why'] = 'stated'): void {
    const current = this.byModel.get(model);
    // A concurrent request's shorter cooldown must not shorten one already announced.
    if (!current || current.until < until) this.byModel.set(model, { until, kind, why });
  }

  /** The cooldown in force at `now`, if any; expired ones are forgotten. */
  get(model: string, now: number): Cooldown | undefined {
    const c = this.byModel.get(model);
    if (!c) return undefined;
    if (c.until <= now) {
      this.byModel.delete(model);
      return undefined;
    }
    return c;
  }

  isCooling(model: string, now: number): boolean {
    return this.get(model, now) !== undefined;
  }

  /** The model among `models` that comes back first, when all of them are cooling. */
  earliest(models: readonly string[], now: number): { model: string; until: number } | undefined {
    let best: { model: string; until: number } | undefined;
    for (const model of models) {
      const c = this.get(model, now);
      if (c && (!best || c.until < best.until)) best = { model, until: c.until };
    }
    return best;
  }

  clear(model: string): void {
    this.byModel.delete(model);
  }

  reset(): void {
    this.byModel.clear();
  }
}
