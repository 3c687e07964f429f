// A circuit breaker per model, for failures the server gave no wait for (an upstream 429 without
// Retry-After, a 5xx, a timeout, an error before the first token, an empty answer). One such
// failure only means "try another model now"; a model is benched only when its recent failure rate
// passes a threshold over a minimum number of recent requests (as Portkey's circuit breaker and
// LiteLLM's allowed-fails policy do), for a time that doubles with each repeat and resets on a
// success. When the bench ends, one request probes the model (half-open): a success restores it, a
// failure benches it longer, and concurrent requests do not pile onto the probe.
import type { Clock, FailureKind } from './types';

export interface BreakerPolicy {
  /** Only requests this recent count toward the failure rate. */
  windowMs: number;
  /** Fewer recent requests than this never bench a model. */
  minRequests: number;
  /** The share of recent requests that must have failed (0..1) to bench. */
  failureRate: number;
  /** The first bench; each repeat without a success in between doubles it. */
  benchMs: number;
  benchMaxMs: number;
  /** A probe that never reported back (its request was abandoned) frees the model after this long. */
  probeStaleMs: number;
}

export const DEFAULT_BREAKER_POLICY: BreakerPolicy = {
  windowMs: 60_000,
  minRequests: 4,
  failureRate: 0.5,
  benchMs: 5_000,
  benchMaxMs: 120_000,
  probeStaleMs: 60_000,
};

/** Outcomes kept per model, at most: enough for the rate over the window at chat speeds. */
const MAX_OUTCOMES = 20;

interface ModelBreaker {
  outcomes: { at: number; ok: boolean }[];
  /** Benches in a row without a success between them. */
  repeats: number;
  benchedUntil?: number;
  /** The failure that started the bench. */
  benchKind?: FailureKind;
  /** When the half-open probe went out, while it is out. */
  probeAt?: number;
}

/** Why a bench started, for the statistics and the page: how many of how many recent requests failed. */
export interface BenchEvidence {
  until: number;
  failed: number;
  of: number;
  repeats: number;
}

export class Breakers {
  private readonly byModel = new Map<string, ModelBreaker>();

  constructor(
    private readonly clock: Clock,
    private readonly policy: BreakerPolicy = DEFAULT_BREAKER_POLICY,
  ) {}

  private of(model: string): ModelBreaker {
    let b = this.byModel.get(model);
    if (!b) {
      b = { outcomes: [], repeats: 0 };
      this.byModel.set(model, b);
    }
    return b;
  }

  /** A request to `model` answered: the bench time starts over, a probe restores the model. */
  success(model: string): void {
    const b = this.of(model);
    b.repeats = 0;
    b.benchedUntil = undefined;
    b.probeAt = undefined;
    this.push(b, true);
  }

  /**
   * An untold transient failure of `model`. Returns the bench it starts, if it starts one: the
   * probe failed, or the recent failure rate passed the threshold.
   */
  failure(model: string, kind: FailureKind): BenchEvidence | undefined {
    const b = this.of(model);
    const wasProbe = b.probeAt !== undefined;
    b.probeAt = undefined;
    this.push(b, false);
    const recent = b.outcomes;
    const failed = recent.filter((o) => !o.ok).length;
    const tripped = wasProbe || (recent.length >= this.policy.minRequests && failed / recent.length >= this.policy.failureRate);
    if (!tripped) return undefined;
    const now = this.clock();
    const until = now + Math.min(this.policy.benchMaxMs, this.policy.benchMs * 2 ** b.repeats);
    b.repeats++;
    b.benchedUntil = until;
    b.benchKind = kind;
    // The evidence is spent: after the bench the model starts from a clean record (and a probe).
    b.outcomes = [];
    return { until, failed, of: recent.length, repeats: b.repeats };
  }

  /** Until when `model` is benched, if it is now. */
  benchedUntil(model: string): number | undefined {
    const until = this.byModel.get(model)?.benchedUntil;
    return until !== undefined && until > this.clock() ? until : undefined;
  }

  /** The bench in force on `model` and the failure that started it. */
  bench(model: string): { until: number; kind: FailureKind } | undefined {
    const b = this.byModel.get(model);
    return b?.benchedUntil !== undefined && b.benchedUntil > this.clock() ? { until: b.benchedUntil, kind: b.benchKind ?? 'upstream' } : undefined;
  }

  /** The bench is over but no probe has answered yet: the next request to it is the probe. */
  halfOpen(model: string): boolean {
    const b = this.byModel.get(model);
    return b?.benchedUntil !== undefined && b.benchedUntil <= this.clock();
  }

  /** A probe of `model` is out (and not stale): other requests leave the model alone meanwhile. */
  probing(model: string): boolean {
    const at = this.byModel.get(model)?.probeAt;
    return at !== undefined && this.clock() - at < this.policy.probeStaleMs;
  }

  /** The next request to a half-open `model` is its probe. */
  startProbe(model: string): void {
    this.of(model).probeAt = this.clock();
  }

  /** The probe's request never went out (cancelled before it was sent): another may probe. */
  releaseProbe(model: string): void {
    const b = this.byModel.get(model);
    if (b) b.probeAt = undefined;
  }

  /** The share of recent requests to `model` that answered, if any were made. */
  recentSuccess(model: string): number | undefined {
    const recent = this.byModel.get(model)?.outcomes;
    if (!recent?.length) return undefined;
    return recent.filter((o) => o.ok).length / recent.length;
  }

  reset(): void {
    this.byModel.clear();
  }

  private push(b: ModelBreaker, ok: boolean): void {
    const now = this.clock();
    b.outcomes.push({ at: now, ok });
    const cutoff = now - this.policy.windowMs;
    while (b.outcomes.length > MAX_OUTCOMES || (b.outcomes.length > 0 && b.outcomes[0].at < cutoff)) b.outcomes.shift();
  }
}
