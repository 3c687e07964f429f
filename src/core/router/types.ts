// The router's contract with the host (chat participant, model picker, webview, API).
import type { FailureKind } from '../shared/errorKinds';
import type { ChatMessage, ChatOptions, FinishReason, StreamPart, Usage } from '../providers/types';
import type { ProviderPreferences } from '../providers/providerPreferences';
import type { RoutingStrategy } from '../config';
import type { CooldownWhy } from './cooldowns';
import type { AccountUsage, LedgerSnapshot } from './ledger';

export interface RouterSettings {
  strategy: RoutingStrategy;
  /** Further attempts after the first; each may go to another model. */
  maxRetries: number;
  /** Bound on the wait for the first token and on silence within a stream. */
  timeoutPerModelMs: number;
  dailyLimit: number;
  requestsPerMinute: number;
  /** Official mode only: send OpenRouter's `models` fallback list (enabled free models only). */
  serverSideFallback: boolean;
  freeModelsOnly: boolean;
  /** The user's provider routing preferences, sent with every OpenRouter request; undefined: none set. */
  providerPreferences?: ProviderPreferences;
  /**
   * A request no enabled window holds goes to OpenRouter's models with its context-compression
   * plugin instead of being refused (never to another endpoint's). Off (undefined) by default.
   */
  contextCompression?: boolean;
}

export interface RouteRequest {
  messages: ChatMessage[];
  options?: ChatOptions;
  signal?: AbortSignal;
  /** A model the user picked: tried first; failover to others still applies unless `pinned`. */
  preferredModel?: string;
  /** Never leave `preferredModel`. */
  pinned?: boolean;
  /** Where the request came from, when not the editor: the statistics count gateway requests apart too. */
  origin?: 'gateway';
}

export type { FailureKind };

export interface AttemptRecord {
  model: string;
  outcome: 'answered' | 'failed' | 'skipped';
  kind?: FailureKind;
  /** Why, in words a user understands ("rate limited (429), retry after 20 s"). */
  reason?: string;
  ttftMs?: number;
  durationMs: number;
}

export interface RouteSummary {
  /** The model that answered (as OpenRouter reported it), if any did. */
  model?: string;
  ttftMs?: number;
  totalMs: number;
  usage?: Usage;
  finishReason?: FinishReason;
  attempts: AttemptRecord[];
  /** The answer came from a model treated as free, yet its usage reported this cost (USD). */
  billed?: { model: string; cost: number };
  /**
   * Set when the request (about this many tokens) was larger than every enabled window and went to
   * OpenRouter with its context-compression plugin: what the model saw was shortened.
   */
  compressedFrom?: number;
}

export interface RouteFailure {
  kind: FailureKind;
  /** What happened and what to do. Never contains the API key. */
  message: string;
  /** True when some text was already shown: the answer is cut short, not replaced. */
  afterOutput: boolean;
  /** Epoch ms when trying again makes sense (cooldowns, budget). */
  retryAt?: number;
  status?: number;
  /**
   * Kind `unsupported`: free models (not enabled yet) that support what the request needed, which
   * the host offers to enable. Ids from the model list: network text, to be shown inert.
   */
  suggestedModels?: string[];
}

/**
 * The provider's parts the router forwards as they arrive, each marked with the model it came
 * from. `finish` and `error` end an attempt instead: the router turns them into `done`, `failed`
 * or a failover. A part type added to `StreamPart` is forwarded without a change here.
 */
export type ForwardedPart = Exclude<StreamPart, { type: 'finish' | 'error' }> & { model: string };

export type RouterEvent =
  | { type: 'attempt'; model: string; attempt: number }
  | { type: 'skip'; model: string; kind: FailureKind; reason: string }
  | ForwardedPart
  | { type: 'done'; summary: RouteSummary }
  | { type: 'failed'; failure: RouteFailure; summary: RouteSummary };

export interface LatencySummary {
  median?: number;
  p95?: number;
}

export interface ModelStatsSnapshot {
  model: string;
  requests: number;
  successes: number;
  failures: Partial<Record<FailureKind, number>>;
  inFlight: number;
  ttftMs: LatencySummary;
  totalMs: LatencySummary;
  tokensPerSecond?: number;
  /** Fraction (0..1) of all requests that went to this model. */
  loadShare: number;
  lastError?: { kind: FailureKind; message: string; at: number };
  /** Until when the router leaves the model alone (a stated wait, a model gone, or a bench). */
  cooldownUntil?: number;
  /** Why: the server stated the wait, the model is gone, or its recent failure rate benched it. */
  cooldownWhy?: CooldownWhy;
  /** The failure that started it. */
  cooldownKind?: FailureKind;
  /** Recent total latencies (ms), oldest first, bounded: for the webview's chart. */
  recentLatencyMs: number[];
  /** Bounded raw samples, so `restore` brings medians and rankings back exactly. */
  samples?: ModelSamples;
}

export interface ModelSamples {
  ttftMs: number[];
  totalMs: number[];
  tokensPerSecond: number[];
  /** Recent outcomes, oldest first: 1 success, 0 failure (cancellations are not recorded). */
  outcomes: number[];
  /** Decayed count of recent requests and when it was last updated (for `least_used`). */
  recent: { value: number; at: number };
}

export interface BudgetSnapshot {
  minuteUsed: number;
  minuteLimit: number;
  dayUsed: number;
  dayLimit: number;
  /** Epoch ms when the per-minute window frees a slot (when full). */
  minuteResetAt?: number;
  /** Epoch ms of the next UTC midnight. */
  dayResetAt: number;
  /** Set while OpenRouter's daily free-tier limit (a 429) closes every free model: until then. */
  dayClosedUntil?: number;
}

export interface StatsSnapshot {
  version: 1;
  at: number;
  /** Sums over models: one request is one HTTP request to one model. */
  totals: { requests: number; successes: number; failures: number };
  /** Per user request (one `route` call or one group member), however many attempts it took. */
  routes?: RouteTotals;
  /** The part of `routes` that came through the local gateway. */
  gatewayRoutes?: RouteTotals;
  models: ModelStatsSnapshot[];
  budget: BudgetSnapshot;
  /** What was spent per day and model (`RouterStats.snapshot()` only; saved in a file of its own). */
  ledger?: LedgerSnapshot;
  /** What GET /key said at its last check (added by the host for the settings page). */
  account?: AccountUsage;
}

export interface RouteTotals {
  answered: number;
  /** Ended with an error (before or after output), including refusals (budget, cooldowns). */
  failed: number;
  cancelled: number;
}

/** What `RouterStats.onEvent` listeners receive; cheap to produce, so the host can throttle. */
export type StatsEvent =
  | { type: 'request-start'; model: string; at: number }
  | { type: 'request-end'; model: string; at: number; outcome: 'success' | FailureKind; ttftMs?: number; totalMs: number }
  | { type: 'cooldown'; model: string; until: number; kind: FailureKind }
  /** A model treated as free reported a cost above zero, for the first time: it counts as paid now. */
  | { type: 'billed'; model: string; cost: number; at: number }
  | { type: 'route-end'; at: number; outcome: 'answered' | 'failed' | 'cancelled'; model?: string; origin?: 'gateway' }
  | { type: 'reset'; at: number }
  | { type: 'restore'; at: number };

export type Clock = () => number;
export type RandomSource = () => number;
