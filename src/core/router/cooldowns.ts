// Per-model cooldowns: a model that said "not now" is left alone for that long, so the next
// requests go to models that can answer instead of collecting the same 429 again.
import type { ProviderError } from '../providers/errors';
import type { FailureKind } from './types';

export interface CooldownPolicy {
  /** 429 without Retry-After. */
  rateLimitedDefaultMs: number;
  /** 502/503 without Retry-After: providers come back sooner than rate windows reset. */
  upstreamDefaultMs: number;
  /** No first token (or a stalled stream) within the timeout. */
  timeoutMs: number;
  /** "No endpoints found": the model is probably gone; the catalog refresh decides for good. */
  notFoundMs: number;
  /** An error event before the first token. */
  streamErrorMs: number;
  /** Upper bound for any cooldown, whatever Retry-After says. */
  maxMs: number;
}

export const DEFAULT_COOLDOWN_POLICY: CooldownPolicy = {
  rateLimitedDefaultMs: 30_000,
  upstreamDefaultMs: 10_000,
  timeoutMs: 30_000,
  notFoundMs: 600_000,
  streamErrorMs: 5_000,
  maxMs: 600_000,
};

/** How long a model should rest after `error`; undefined when the error says nothing about the model. */
export function cooldownFor(error: ProviderError, now: number, policy: CooldownPolicy): number | undefined {
  const told = error.retryAfterMs ?? (error.rateLimit?.resetAt !== undefined ? error.rateLimit.resetAt - now : undefined);
  const bounded = (ms: number) => Math.min(policy.maxMs, Math.max(0, ms));
  switch (error.kind) {
    case 'rate_limited':
      return bounded(told ?? policy.rateLimitedDefaultMs);
    case 'upstream':
      return bounded(told ?? policy.upstreamDefaultMs);
    case 'timeout':
      return bounded(policy.timeoutMs);
    case 'not_found':
      return bounded(policy.notFoundMs);
    case 'stream_error':
      return bounded(policy.streamErrorMs);
    default:
      // network errors are about the connection, not the model; the rest do not fail over at all.
      return undefined;
  }
}

export interface Cooldown {
  until: number;
  kind: FailureKind;
}

export class Cooldowns {
  private readonly byModel = new Map<string, Cooldown>();

  set(model: string, until: number, kind: FailureKind): void {
    const current = this.byModel.get(model);
    // A concurrent request's shorter cooldown must not shorten one already announced.
    if (!current || current.until < until) this.byModel.set(model, { until, kind });
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
