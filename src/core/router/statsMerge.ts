// Adds two statistics snapshots: what every window of the profile saved, plus what one window
// recorded since. Counts add up, sample windows keep the newest samples of both (bounded), the
// decayed "recent requests" add up at the later time, the later error wins. Pure: the host's
// shared store calls it under its file lock, so two windows spending at once lose no update.
import { SampleWindow } from './sampleWindow';
import type { FailureKind, ModelStatsSnapshot, RouteTotals, StatsSnapshot } from './types';

export interface MergeLimits {
  /** Samples kept per model and measure. */
  sampleCapacity: number;
  /** Outcomes kept per model. */
  outcomeCapacity: number;
  /** Models kept at most (the most recently active ones). */
  maxModels: number;
  /** Half-life of the decayed recent-request count. */
  recentHalfLifeMs: number;
}

/** The part of a chart a snapshot carries per model. */
export const CHART_POINTS = 50;

type Samples = NonNullable<ModelStatsSnapshot['samples']>;

function samplesOf(m: ModelStatsSnapshot): Samples {
  // A snapshot from before samples were saved keeps only its chart points.
  return m.samples ?? { ttftMs: [], totalMs: m.recentLatencyMs, tokensPerSecond: [], outcomes: [], recent: { value: 0, at: 0 } };
}

function decayedTo(recent: Samples['recent'], at: number, halfLifeMs: number): number {
  if (recent.value === 0) return 0;
  return recent.value * Math.pow(0.5, Math.max(0, at - recent.at) / halfLifeMs);
}

function windowOf(values: readonly number[], capacity: number): SampleWindow {
  const w = new SampleWindow(capacity);
  w.load(values);
  return w;
}

/** A model's snapshot rebuilt from its counts and samples (medians, chart and share recomputed). */
export function modelFromSamples(
  base: Pick<ModelStatsSnapshot, 'model' | 'requests' | 'successes' | 'failures' | 'inFlight' | 'lastError' | 'cooldownUntil' | 'cooldownWhy' | 'cooldownKind'>,
  samples: Samples,
  limits: Pick<MergeLimits, 'sampleCapacity' | 'outcomeCapacity'>,
): ModelStatsSnapshot {
  const ttft = windowOf(samples.ttftMs, limits.sampleCapacity);
  const total = windowOf(samples.totalMs, limits.sampleCapacity);
  const tps = windowOf(samples.tokensPerSecond, limits.sampleCapacity);
  const outcomes = windowOf(samples.outcomes, limits.outcomeCapacity);
  return {
    ...base,
    ttftMs: { median: ttft.quantile(0.5), p95: ttft.quantile(0.95) },
    totalMs: { median: total.quantile(0.5), p95: total.quantile(0.95) },
    tokensPerSecond: tps.quantile(0.5),
    loadShare: 0,
    recentLatencyMs: total.last(CHART_POINTS),
    samples: { ttftMs: ttft.toArray(), totalMs: total.toArray(), tokensPerSecond: tps.toArray(), outcomes: outcomes.toArray(), recent: samples.recent },
  };
}

function mergeModel(a: ModelStatsSnapshot, b: ModelStatsSnapshot, limits: MergeLimits): ModelStatsSnapshot {
  const sa = samplesOf(a);
  const sb = samplesOf(b);
  const failures: Partial<Record<FailureKind, number>> = { ...a.failures };
  for (const [kind, n] of Object.entries(b.failures) as [FailureKind, number][]) failures[kind] = (failures[kind] ?? 0) + n;
  const at = Math.max(sa.recent.at, sb.recent.at);
  const later = (x?: number, y?: number) => (x === undefined ? y : y === undefined ? x : Math.max(x, y));
  const lastError = !a.lastError ? b.lastError : !b.lastError ? a.lastError : b.lastError.at >= a.lastError.at ? b.lastError : a.lastError;
  return modelFromSamples(
    {
      model: a.model,
      requests: a.requests + b.requests,
      successes: a.successes + b.successes,
      failures,
      inFlight: a.inFlight + b.inFlight,
      lastError,
      cooldownUntil: later(a.cooldownUntil, b.cooldownUntil),
      // Why and what go with the cooldown that lasts longer.
      ...((b.cooldownUntil ?? 0) >= (a.cooldownUntil ?? 0)
        ? { cooldownWhy: b.cooldownWhy ?? a.cooldownWhy, cooldownKind: b.cooldownKind ?? a.cooldownKind }
        : { cooldownWhy: a.cooldownWhy, cooldownKind: a.cooldownKind }),
    },
    {
      // `b` is the newer part: its samples come last, so a full window keeps them.
      ttftMs: [...sa.ttftMs, ...sb.ttftMs],
      totalMs: [...sa.totalMs, ...sb.totalMs],
      tokensPerSecond: [...sa.tokensPerSecond, ...sb.tokensPerSecond],
      outcomes: [...sa.outcomes, ...sb.outcomes],
      recent: { value: decayedTo(sa.recent, at, limits.recentHalfLifeMs) + decayedTo(sb.recent, at, limits.recentHalfLifeMs), at },
    },
    limits,
  );
}

function addRoutes(a: RouteTotals | undefined, b: RouteTotals | undefined): RouteTotals {
  const sum = (x?: number, y?: number) => (x ?? 0) + (y ?? 0);
  return { answered: sum(a?.answered, b?.answered), failed: sum(a?.failed, b?.failed), cancelled: sum(a?.cancelled, b?.cancelled) };
}

/** `base` plus `newer`: a snapshot of everything both recorded. */
export function mergeStatsSnapshots(base: StatsSnapshot, newer: StatsSnapshot, limits: MergeLimits): StatsSnapshot {
  const byModel = new Map<string, ModelStatsSnapshot>();
  for (const m of base.models) byModel.set(m.model, m);
  for (const m of newer.models) {
    const known = byModel.get(m.model);
    // Re-inserted, so the most recently active models come last.
    byModel.delete(m.model);
    byModel.set(m.model, known ? mergeModel(known, m, limits) : m);
  }
  const models = [...byModel.values()].slice(-limits.maxModels);
  const requests = models.reduce((sum, m) => sum + m.requests, 0);
  return {
    version: 1,
    at: Math.max(base.at, newer.at),
    totals: {
      requests,
      successes: models.reduce((n, m) => n + m.successes, 0),
      failures: models.reduce((n, m) => n + Object.values(m.failures).reduce((k, v) => k + (v ?? 0), 0), 0),
    },
    routes: addRoutes(base.routes, newer.routes),
    gatewayRoutes: addRoutes(base.gatewayRoutes, newer.gatewayRoutes),
    models: models.map((m) => ({ ...m, loadShare: requests ? m.requests / requests : 0 })),
    budget: newer.budget,
  };
}

/** A snapshot with nothing recorded (what a reset leaves). */
export function emptyStatsSnapshot(at: number, budget: StatsSnapshot['budget']): StatsSnapshot {
  return { version: 1, at, totals: { requests: 0, successes: 0, failures: 0 }, routes: { answered: 0, failed: 0, cancelled: 0 }, models: [], budget };
}
