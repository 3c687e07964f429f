// Per-model statistics with bounded memory: counters plus fixed windows of recent samples.
// The router records; the host reads snapshots (webview, `/stats`) and persists them.
import type { ModelHealth } from '../catalog/types';
import type { FreeTierBudget } from './budget';
import type { Breakers } from './breaker';
import type { Cooldowns } from './cooldowns';
import { SpendLedger, type LedgerLimits } from './ledger';
import type { Usage } from '../providers/types';
import { SampleWindow } from './sampleWindow';
import { MAX_ERROR_MESSAGE, parseStatsSnapshot } from './snapshotSchema';
import { CHART_POINTS, mergeStatsSnapshots, type MergeLimits } from './statsMerge';
import type { Clock, FailureKind, ModelStatsSnapshot, RouteTotals, StatsEvent, StatsSnapshot } from './types';

export interface RouterStatsOptions {
  clock: Clock;
  budget: FreeTierBudget;
  cooldowns: Cooldowns;
  /** Benches from failure rates; unset: none shown. */
  breakers?: Breakers;
  /** Samples kept per model and measure. */
  sampleCapacity?: number;
  /** Outcomes kept per model for the recent success rate. */
  outcomeCapacity?: number;
  /** Models tracked at most; the least recently used idle one is forgotten beyond that. */
  maxModels?: number;
  /** Half-life of the "recent requests" count that `least_used` breaks ties with. */
  recentHalfLifeMs?: number;
  /** The ledger's bounds (days kept, models a day, billed models). */
  ledgerLimits?: LedgerLimits;
}

export interface RequestResult {
  outcome: 'success' | FailureKind;
  ttftMs?: number;
  totalMs: number;
  /** Completion tokens (reported usage, or an estimate from the text when none was reported). */
  completionTokens?: number;
  /** What the server reported, for the ledger. */
  usage?: Usage;
  message?: string;
}

/** What strategies see of one model: read-only numbers, no methods. */
export interface ModelView {
  readonly id: string;
  readonly inFlight: number;
  /** Decayed count of recent requests. */
  readonly recentRequests: number;
  /** Finished requests with a measured first token. */
  readonly measured: number;
  readonly ttftMedianMs?: number;
  readonly tokensPerSecond?: number;
  /** Share of recent requests that succeeded (0..1); undefined when none finished yet. */
  readonly successRate?: number;
}

export type StatsListener = (event: StatsEvent) => void;

class ModelRecord {
  requests = 0;
  successes = 0;
  failures: Partial<Record<FailureKind, number>> = {};
  inFlight = 0;
  recentValue = 0;
  recentAt = 0;
  lastUsed = 0;
  lastError: ModelStatsSnapshot['lastError'];
  readonly ttft: SampleWindow;
  readonly total: SampleWindow;
  readonly tps: SampleWindow;
  readonly outcomes: SampleWindow;

  constructor(readonly id: string, sampleCapacity: number, outcomeCapacity: number) {
    this.ttft = new SampleWindow(sampleCapacity);
    this.total = new SampleWindow(sampleCapacity);
    this.tps = new SampleWindow(sampleCapacity);
    this.outcomes = new SampleWindow(outcomeCapacity);
  }
}

/**
 * A model's numbers as strategies see them. Medians are computed only when read: most strategies
 * never read them, and every new sample invalidates the sorted window they come from.
 */
class RecordView implements ModelView {
  readonly id: string;
  readonly inFlight: number;
  readonly measured: number;

  constructor(private readonly record: ModelRecord, readonly recentRequests: number) {
    this.id = record.id;
    this.inFlight = record.inFlight;
    this.measured = record.ttft.size;
  }

  get ttftMedianMs(): number | undefined {
    return this.record.ttft.quantile(0.5);
  }

  get tokensPerSecond(): number | undefined {
    return this.record.tps.quantile(0.5);
  }

  get successRate(): number | undefined {
    return this.record.outcomes.size ? (this.record.outcomes.mean() ?? 0) : undefined;
  }
}

export class RouterStats {
  private readonly models = new Map<string, ModelRecord>();
  /**
   * What this window recorded since its last hand-over to the profile's shared statistics (see
   * `pendingSnapshot` and `adopt`): the other windows have not seen it yet.
   */
  private readonly pending = new Map<string, ModelRecord>();
  private readonly listeners = new Set<StatsListener>();
  private routes: RouteTotals = { answered: 0, failed: 0, cancelled: 0 };
  private pendingRoutes: RouteTotals = { answered: 0, failed: 0, cancelled: 0 };
  private gatewayRoutes: RouteTotals = { answered: 0, failed: 0, cancelled: 0 };
  private pendingGatewayRoutes: RouteTotals = { answered: 0, failed: 0, cancelled: 0 };
  private readonly clock: Clock;
  private readonly sampleCapacity: number;
  private readonly outcomeCapacity: number;
  private readonly maxModels: number;
  private readonly halfLifeMs: number;
  /**
   * Requests, tokens and cost per day and model, and the "free" models that billed. Kept apart from
   * the statistics: a reset of the statistics leaves it, and it is saved to its own file.
   */
  readonly ledger: SpendLedger;

  constructor(private readonly options: RouterStatsOptions) {
    this.clock = options.clock;
    this.ledger = new SpendLedger(options.clock, options.ledgerLimits);
    this.sampleCapacity = options.sampleCapacity ?? 128;
    this.outcomeCapacity = options.outcomeCapacity ?? 50;
    this.maxModels = options.maxModels ?? 500;
    this.halfLifeMs = options.recentHalfLifeMs ?? 300_000;
  }

  onEvent(listener: StatsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The bounds a merge of this window's snapshots with other windows' must keep. */
  get limits(): MergeLimits {
    return { sampleCapacity: this.sampleCapacity, outcomeCapacity: this.outcomeCapacity, maxModels: this.maxModels, recentHalfLifeMs: this.halfLifeMs };
  }

  requestStarted(model: string): void {
    const now = this.clock();
    for (const r of [this.record(model), this.record(model, this.pending)]) {
      r.requests++;
      r.inFlight++;
      r.recentValue = this.decayed(r, now) + 1;
      r.recentAt = now;
      r.lastUsed = now;
    }
    this.emit({ type: 'request-start', model, at: now });
  }

  requestEnded(model: string, result: RequestResult): void {
    const now = this.clock();
    for (const r of [this.record(model), this.record(model, this.pending)]) this.recordEnd(r, result, now);
    this.ledger.record(model, result.usage);
    this.emit({ type: 'request-end', model, at: now, outcome: result.outcome, ttftMs: result.ttftMs, totalMs: result.totalMs });
  }

  /**
   * The request started for `model` never left this machine (see ProviderError.local): it is taken
   * back as if it had not started, so it counts neither as a request nor as a failure of the model.
   */
  requestNotSent(model: string): void {
    const now = this.clock();
    for (const r of [this.record(model), this.record(model, this.pending)]) {
      r.requests = Math.max(0, r.requests - 1);
      r.inFlight = Math.max(0, r.inFlight - 1);
      r.recentValue = Math.max(0, this.decayed(r, now) - 1);
      r.recentAt = now;
    }
    this.emit({ type: 'request-end', model, at: now, outcome: 'cancelled', totalMs: 0 });
  }

  private recordEnd(r: ModelRecord, result: RequestResult, now: number): void {
    r.inFlight = Math.max(0, r.inFlight - 1);
    r.lastUsed = now;
    if (result.outcome === 'success') {
      r.successes++;
      r.outcomes.push(1);
      r.total.push(result.totalMs);
      if (result.ttftMs !== undefined) r.ttft.push(result.ttftMs);
      const generationMs = result.totalMs - (result.ttftMs ?? 0);
      if (result.completionTokens && generationMs > 0) r.tps.push((result.completionTokens * 1000) / generationMs);
    } else {
      r.failures[result.outcome] = (r.failures[result.outcome] ?? 0) + 1;
      // A cancellation says nothing about the model's health, and neither does a request it was never
      // able to take (tools or images it lacks): its success rate, which strategies and the page
      // read, counts only requests it could have answered.
      if (result.outcome !== 'cancelled') {
        // The request did not suit the model (a feature, the window): not a sign of its health.
        if (result.outcome !== 'unsupported' && result.outcome !== 'context_length') r.outcomes.push(0);
        r.lastError = { kind: result.outcome, message: (result.message ?? result.outcome).slice(0, MAX_ERROR_MESSAGE), at: now };
      }
    }
  }

  routeEnded(outcome: 'answered' | 'failed' | 'cancelled', model?: string, origin?: 'gateway'): void {
    this.routes[outcome]++;
    this.pendingRoutes[outcome]++;
    if (origin === 'gateway') {
      this.gatewayRoutes[outcome]++;
      this.pendingGatewayRoutes[outcome]++;
    }
    this.emit({ type: 'route-end', at: this.clock(), outcome, model, ...(origin ? { origin } : {}) });
  }

  /** `model`, treated as free, reported `cost`: recorded in the ledger, and told once per profile. */
  billed(model: string, cost: number): void {
    if (this.ledger.markBilled(model, cost)) this.emit({ type: 'billed', model, cost, at: this.clock() });
  }

  cooldownStarted(model: string, until: number, kind: FailureKind): void {
    this.emit({ type: 'cooldown', model, until, kind });
  }

  view(model: string): ModelView {
    const r = this.models.get(model);
    if (!r) return { id: model, inFlight: 0, recentRequests: 0, measured: 0 };
    return new RecordView(r, this.decayed(r, this.clock()));
  }

  health(model: string): ModelHealth {
    const v = this.view(model);
    return {
      successRate: v.successRate,
      ttftMedianMs: v.ttftMedianMs,
      tokensPerSecond: v.tokensPerSecond,
      coolingDown: this.restOf(model, this.clock()) !== undefined,
    };
  }

  /** The longer of a model's stated cooldown and its bench, with why and what started it. */
  private restOf(model: string, now: number): Pick<ModelStatsSnapshot, 'cooldownUntil' | 'cooldownWhy' | 'cooldownKind'> | undefined {
    const cooling = this.options.cooldowns.get(model, now);
    const bench = this.options.breakers?.bench(model);
    if (bench && (!cooling || bench.until > cooling.until)) return { cooldownUntil: bench.until, cooldownWhy: 'failure_rate', cooldownKind: bench.kind };
    return cooling ? { cooldownUntil: cooling.until, cooldownWhy: cooling.why, cooldownKind: cooling.kind } : undefined;
  }

  snapshot(): StatsSnapshot {
    return { ...this.snapshotOf(this.models, this.routes, this.gatewayRoutes, true), ledger: this.ledger.snapshot() };
  }

  /**
   * What this window recorded since it last handed its statistics over (`adopt(…, true)`), or
   * undefined when that is nothing. In-flight requests are not part of it: they count when they end.
   */
  pendingSnapshot(): StatsSnapshot | undefined {
    const r = this.pendingRoutes;
    if (this.pending.size === 0 && r.answered + r.failed + r.cancelled === 0) return undefined;
    return this.snapshotOf(this.pending, this.pendingRoutes, this.pendingGatewayRoutes, false);
  }

  /**
   * Shows the statistics of every window of the profile: `shared` is what they saved together.
   * `handedOver`: `shared` already includes this window's pending part (it was just written), so
   * the part starts over; otherwise the pending part is added to what is shown. In-flight counts
   * stay this window's own. Emits 'restore' so views redraw.
   */
  adopt(shared: StatsSnapshot, handedOver: boolean): void {
    if (handedOver) this.clearPending();
    const pending = this.pendingSnapshot();
    const shown = pending ? mergeStatsSnapshots(shared, pending, this.limits) : shared;
    const inFlight = new Map([...this.models].filter(([, r]) => r.inFlight > 0).map(([id, r]) => [id, r.inFlight]));
    this.load(shown);
    for (const [id, n] of inFlight) this.record(id).inFlight = n;
    this.emit({ type: 'restore', at: this.clock() });
  }

  private snapshotOf(records: Map<string, ModelRecord>, routes: RouteTotals, gatewayRoutes: RouteTotals, withInFlight: boolean): StatsSnapshot {
    const now = this.clock();
    let requests = 0;
    let successes = 0;
    let failures = 0;
    for (const r of records.values()) {
      requests += r.requests;
      successes += r.successes;
      for (const n of Object.values(r.failures)) failures += n ?? 0;
    }
    const models: ModelStatsSnapshot[] = [];
    for (const r of records.values()) {
      models.push({
        model: r.id,
        requests: r.requests,
        successes: r.successes,
        failures: { ...r.failures },
        inFlight: withInFlight ? r.inFlight : 0,
        ttftMs: { median: r.ttft.quantile(0.5), p95: r.ttft.quantile(0.95) },
        totalMs: { median: r.total.quantile(0.5), p95: r.total.quantile(0.95) },
        tokensPerSecond: r.tps.quantile(0.5),
        loadShare: requests ? r.requests / requests : 0,
        lastError: r.lastError ? { ...r.lastError } : undefined,
        ...this.restOf(r.id, now),
        recentLatencyMs: r.total.last(CHART_POINTS),
        samples: {
          ttftMs: r.ttft.toArray(),
          totalMs: r.total.toArray(),
          tokensPerSecond: r.tps.toArray(),
          outcomes: r.outcomes.toArray(),
          recent: { value: r.recentValue, at: r.recentAt },
        },
      });
    }
    return {
      version: 1,
      at: now,
      totals: { requests, successes, failures },
      routes: { ...routes },
      gatewayRoutes: { ...gatewayRoutes },
      models,
      budget: this.options.budget.snapshot(),
    };
  }

  /**
   * Replaces all statistics with a saved snapshot (after a reload). Throws a readable error and
   * changes nothing when the snapshot is malformed. Requests that were in flight when it was
   * taken are over now, so in-flight counts start at zero.
   */
  restore(saved: unknown): void {
    const parsed = parseStatsSnapshot(saved);
    if (!parsed.ok) throw new TypeError(parsed.message);
    const snapshot = parsed.snapshot;
    this.load(snapshot);
    // A whole saved snapshot carries its ledger (the shared store keeps the ledger in a file of its own).
    if (snapshot.ledger) this.ledger.adopt(snapshot.ledger, true);
    this.options.budget.restore(snapshot.budget, snapshot.at);
    this.emit({ type: 'restore', at: this.clock() });
  }

  /** Replaces the records (not the budget) with a valid snapshot's; in-flight counts start at zero. */
  private load(snapshot: StatsSnapshot): void {
    const now = this.clock();
    this.models.clear();
    for (const m of snapshot.models.slice(-this.maxModels)) {
      const r = new ModelRecord(m.model, this.sampleCapacity, this.outcomeCapacity);
      r.requests = m.requests;
      r.successes = m.successes;
      r.failures = { ...m.failures };
      r.lastError = m.lastError ? { ...m.lastError } : undefined;
      r.lastUsed = snapshot.at;
      if (m.samples) {
        r.ttft.load(m.samples.ttftMs);
        r.total.load(m.samples.totalMs);
        r.tps.load(m.samples.tokensPerSecond);
        r.outcomes.load(m.samples.outcomes);
        r.recentValue = m.samples.recent.value;
        r.recentAt = m.samples.recent.at;
      } else {
        r.total.load(m.recentLatencyMs);
      }
      // A stated wait or a gone model still holds after a reload; a bench was an inference of this
      // window's recent failures, which start over.
      if (m.cooldownUntil !== undefined && m.cooldownUntil > now && m.cooldownWhy !== 'failure_rate') {
        this.options.cooldowns.set(m.model, m.cooldownUntil, m.cooldownKind ?? m.lastError?.kind ?? 'rate_limited', m.cooldownWhy ?? 'stated');
      }
      this.models.set(m.model, r);
    }
    this.routes = snapshot.routes ? { ...snapshot.routes } : { answered: 0, failed: 0, cancelled: 0 };
    this.gatewayRoutes = snapshot.gatewayRoutes ? { ...snapshot.gatewayRoutes } : { answered: 0, failed: 0, cancelled: 0 };
  }

  private clearPending(): void {
    this.pending.clear();
    this.pendingRoutes = { answered: 0, failed: 0, cancelled: 0 };
    this.pendingGatewayRoutes = { answered: 0, failed: 0, cancelled: 0 };
  }

  /** Forgets every count and sample (the budget and cooldowns stay: they mirror OpenRouter's state). */
  reset(): void {
    for (const [id, r] of this.models) {
      // Requests still running will end and decrement; keep their records so the counts stay whole.
      if (r.inFlight > 0) {
        const fresh = new ModelRecord(id, this.sampleCapacity, this.outcomeCapacity);
        fresh.inFlight = r.inFlight;
        this.models.set(id, fresh);
      } else {
        this.models.delete(id);
      }
    }
    this.routes = { answered: 0, failed: 0, cancelled: 0 };
    this.gatewayRoutes = { answered: 0, failed: 0, cancelled: 0 };
    this.clearPending();
    this.emit({ type: 'reset', at: this.clock() });
  }

  private record(model: string, records = this.models): ModelRecord {
    let r = records.get(model);
    if (!r) {
      if (records.size >= this.maxModels) this.evictOne(records);
      r = new ModelRecord(model, this.sampleCapacity, this.outcomeCapacity);
      records.set(model, r);
    }
    return r;
  }

  private evictOne(records: Map<string, ModelRecord>): void {
    let victim: ModelRecord | undefined;
    for (const r of records.values()) {
      if (r.inFlight === 0 && (!victim || r.lastUsed < victim.lastUsed)) victim = r;
    }
    if (victim) records.delete(victim.id);
  }

  private decayed(r: ModelRecord, now: number): number {
    if (r.recentValue === 0) return 0;
    const elapsed = Math.max(0, now - r.recentAt);
    return r.recentValue * Math.pow(0.5, elapsed / this.halfLifeMs);
  }

  private emit(event: StatsEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken listener (a closed webview) must not break routing.
      }
    }
  }
}
