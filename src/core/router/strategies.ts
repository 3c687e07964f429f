// Routing strategies: pure functions from a read-only view of the models to an order of preference.
// The router walks that order, skipping models that are cooling down or over budget.
import type { RoutingStrategy } from '../config';
import type { ModelView } from './stats';
import type { RandomSource } from './types';

export interface RoutingView {
  /** Enabled models in priority order. */
  readonly models: readonly ModelView[];
  /** The model the previous request started with (round robin continues after it). */
  readonly lastPicked?: string;
  readonly random: RandomSource;
}

export type Strategy = (view: RoutingView) => string[];

export const roundRobin: Strategy = ({ models, lastPicked }) => {
  const ids = models.map((m) => m.id);
  const start = lastPicked === undefined ? 0 : ids.indexOf(lastPicked) + 1;
  return [...ids.slice(start), ...ids.slice(0, start)];
};

export const randomOrder: Strategy = ({ models, random }) => {
  const ids = models.map((m) => m.id);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  return ids;
};

/** Fewest requests in flight, then fewest recent requests; ties keep the priority order. */
export const leastUsed: Strategy = ({ models }) =>
  models
    .map((m, index) => ({ m, index }))
    .sort((a, b) => a.m.inFlight - b.m.inFlight || a.m.recentRequests - b.m.recentRequests || a.index - b.index)
    .map(({ m }) => m.id);

/** Answer length the speed estimate assumes: a short reply, where first-token time still matters. */
const REFERENCE_TOKENS = 200;
/** Share of requests that try a measured model out of turn, so stale measurements get refreshed. */
export const EXPLORE_RATE = 0.1;

/** Estimated ms to deliver a reference answer, inflated by the recent failure rate. */
export function speedScore(m: ModelView): number {
  const ttft = m.ttftMedianMs ?? 0;
  const generation = m.tokensPerSecond ? (REFERENCE_TOKENS * 1000) / m.tokensPerSecond : 0;
  const reliability = Math.max(0.05, m.successRate ?? 1);
  return (ttft + generation) / reliability;
}

/**
 * Untried models first (least busy first), so every model gets measured; then measured ones by
 * `speedScore`. Models that never succeeded have no measurement but a failure rate: they go last.
 * Now and then a model other than the best is moved to the front, so slow or failing ones get a
 * chance to show they recovered.
 */
export const fastestFirst: Strategy = ({ models, random }) => {
  const untried: ModelView[] = [];
  const measured: ModelView[] = [];
  const failing: ModelView[] = [];
  for (const m of models) {
    if (m.measured > 0) measured.push(m);
    else if (m.successRate !== undefined) failing.push(m);
    else untried.push(m);
  }
  untried.sort((a, b) => a.inFlight - b.inFlight);
  measured.sort((a, b) => speedScore(a) - speedScore(b));
  const ranked = [...untried, ...measured, ...failing];
  if (untried.length === 0 && ranked.length > 1 && random() < EXPLORE_RATE) {
    const pick = 1 + Math.min(ranked.length - 2, Math.floor(random() * (ranked.length - 1)));
    ranked.unshift(...ranked.splice(pick, 1));
  }
  return ranked.map((m) => m.id);
};

/** The fixed priority order: the order of the enabled models. */
export const failoverOrder: Strategy = ({ models }) => models.map((m) => m.id);

export const STRATEGIES: Readonly<Record<RoutingStrategy, Strategy>> = {
  round_robin: roundRobin,
  random: randomOrder,
  least_used: leastUsed,
  fastest_first: fastestFirst,
  failover: failoverOrder,
};
