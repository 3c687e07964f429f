// Why a request could not be answered, in the user's words: models passed over (cooling down,
// over the free-tier budget) and the final failure once no attempt is left.
import type { ProviderError } from '../providers/errors';
import type { BudgetRefusal } from './budget';
import type { Cooldowns } from './cooldowns';
import type { RouterText } from './routerText';
import type { FailureKind, RouteFailure } from './types';

/** Why the models not chosen were passed over, for the message when none could be tried. */
export interface Unavailable {
  cooling: { model: string; until: number }[];
  budget?: BudgetRefusal;
  /** Free models passed over because the free-tier budget is spent. */
  overBudget: string[];
  /** Models passed over because their endpoint's server does not answer (nothing was spent on them). */
  offline: string[];
  /** Models over their endpoint's own request limit (not OpenRouter's free tier), and when it frees a slot. */
  overEndpointBudget: { model: string; retryAt: number }[];
}

export interface Skip {
  model: string;
  kind: FailureKind;
  reason: string;
}

/** Models passed over since the last call, each reported once per request (`reported` remembers). */
export function newSkips(unavailable: Unavailable, reported: Set<string>, now: number, text: RouterText): Skip[] {
  const out: Skip[] = [];
  for (const c of unavailable.cooling) {
    if (reported.has(c.model)) continue;
    reported.add(c.model);
    out.push({ model: c.model, kind: 'all_cooling_down', reason: text.skipCooling(c.until - now) });
  }
  for (const model of unavailable.overBudget) {
    if (reported.has(model) || !unavailable.budget) continue;
    reported.add(model);
    out.push({ model, kind: 'budget_exhausted', reason: text.skipBudget(unavailable.budget.window) });
  }
  for (const o of unavailable.overEndpointBudget) {
    if (reported.has(o.model)) continue;
    reported.add(o.model);
    out.push({ model: o.model, kind: 'budget_exhausted', reason: text.skipEndpointBudget(Math.max(0, o.retryAt - now)) });
  }
  for (const model of unavailable.offline) {
    if (reported.has(model)) continue;
    reported.add(model);
    out.push({ model, kind: 'network', reason: text.skipOffline });
  }
  return out;
}

export interface FinalFailureInput {
  lastError?: ProviderError;
  failedAttempts: { model: string; reason: string }[];
  unavailable: Unavailable;
  cooldowns: Cooldowns;
  now: number;
  text: RouterText;
  describeError: (error: ProviderError) => string;
  /** The user allows paid models (free-only is off): they can still answer when the free tier is closed. */
  paidAllowed: boolean;
  /** How models are named in the messages (an endpoint's by its label); unset: by their ids. */
  nameModel?: (id: string) => string;
}

/** The failure once no model is left to try: the last error if any was tried, else why none was. */
export function finalFailure(input: FinalFailureInput): RouteFailure {
  const { lastError, unavailable, cooldowns, now, text, paidAllowed } = input;
  const name = input.nameModel ?? ((id: string) => id);
  const failedAttempts = input.failedAttempts.map((f) => ({ ...f, model: name(f.model) }));
  const cooling = unavailable.cooling.map((c) => c.model);
  if (lastError?.freeTier && unavailable.budget) {
    // OpenRouter's free-tier 429: its own words would say "retry later", ours say when and what else.
    return {
      kind: lastError.kind,
      message: text.exhausted(text.budget(unavailable.budget, now, paidAllowed), failedAttempts),
      afterOutput: false,
      status: lastError.status,
      retryAt: unavailable.budget.retryAt,
    };
  }
  if (lastError) {
    const earliest = cooldowns.earliest([...cooling, ...input.failedAttempts.map((f) => f.model)], now);
    const budget = unavailable.budget ? ` ${text.budget(unavailable.budget, now, paidAllowed)}` : '';
    return {
      kind: lastError.kind,
      message: text.exhausted(input.describeError(lastError), failedAttempts) + budget,
      afterOutput: false,
      status: lastError.status,
      retryAt: earliest?.until,
    };
  }
  if (unavailable.budget) {
    return { kind: 'budget_exhausted', message: text.budget(unavailable.budget, now, paidAllowed), afterOutput: false, retryAt: unavailable.budget.retryAt };
  }
  const overOwn = unavailable.overEndpointBudget;
  if (overOwn.length > 0 && cooling.length === 0) {
    const retryAt = Math.min(...overOwn.map((o) => o.retryAt));
    return { kind: 'budget_exhausted', message: text.endpointBudget(overOwn.map((o) => name(o.model)), Math.max(0, retryAt - now)), afterOutput: false, retryAt };
  }
  if (unavailable.offline.length > 0 && cooling.length === 0) {
    return { kind: 'network', message: text.offline(unavailable.offline.map(name)), afterOutput: false };
  }
  const earliest = cooldowns.earliest(cooling, now);
  if (earliest) {
    return {
      kind: 'all_cooling_down',
      message: text.cooling(name(earliest.model), earliest.until, now, unavailable.cooling.length),
      afterOutput: false,
      retryAt: earliest.until,
    };
  }
  return { kind: 'no_models', message: text.noModels, afterOutput: false };
}
