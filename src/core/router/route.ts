// One route: one user request, however many attempts it takes. Keeps what the attempts share
// (models tried and passed over, the budget slot, the attempt records), turns each attempt's
// outcome into an answer, a failover or a failure, and ends in the statistics exactly once.
// Which model to try next is the router's choice, not the route's.
import { isRetryableKind, type ProviderError } from '../providers/errors';
import type { AttemptContext, AttemptOutcome } from './attempt';
import type { FreeTierBudget } from './budget';
import type { Breakers } from './breaker';
import { cooldownFor, type CooldownPolicy, type Cooldowns } from './cooldowns';
import { cannotServe } from './unservable';
import { isEndedCode } from './endedModels';
import { requiredFeatures, type RequestFeature } from './features';
import type { CapabilityMismatches } from './mismatches';
import type { RouterText } from './routerText';
import { finalFailure, newSkips, type Unavailable } from './routeFailure';
import { sleep } from '../shared/timers';
import type { AttemptRecord, FailureKind, RouteFailure, RouteRequest, RouteSummary, RouterEvent, RouterSettings } from './types';

const MAX_BACKOFF_MS = 2_000;

/** What every route of a router shares. */
export interface RouteContext extends AttemptContext {
  budget: FreeTierBudget;
  cooldowns: Cooldowns;
  breakers: Breakers;
  mismatches: CapabilityMismatches;
  policy: CooldownPolicy;
  /** First back-off before retrying a model already tried in the same request; doubles, capped. */
  backoffMs: number;
  /** How the router's own messages name a model (an endpoint's by its label); unset: by its id. */
  nameModel?: (id: string) => string;
  /** Told of every error that says something about the model: records a model that ended for good. */
  noteEnded?: (model: string, error: ProviderError) => void;
}

/** The budget request choose() spent for the next attempt, until that attempt is sent. */
export interface BudgetSlot {
  at?: number;
  /** Whose budget: OpenRouter's free tier, or an endpoint's own. */
  budget?: FreeTierBudget;
}

type RouteEnd = 'answered' | 'failed' | 'cancelled';

export class Route {
  readonly started: number;
  /** What the request needs beyond plain text (tools, image input). */
  readonly features: RequestFeature[];
  readonly records: AttemptRecord[] = [];
  /** Models sent to so far; the router tries untried ones first. */
  readonly tried = new Set<string>();
  /** Attempts per model in this request: retries go to the model asked least so far. */
  readonly sentTo = new Map<string, number>();
  /** Why models were passed over; the router fills it while choosing. */
  readonly unavailable: Unavailable = { cooling: [], overBudget: [], offline: [], overEndpointBudget: [] };
  // A free-tier request spent by choose() and not yet sent: given back if the route ends first.
  readonly slot: BudgetSlot = {};
  /** Models that said they cannot serve this request at all: passed over for the rest of it. */
  readonly unservable = new Set<string>();
  /** The half-open model this route probes, while its answer is awaited. */
  probe: string | undefined;
  /** The request's size when it goes out with OpenRouter's context-compression plugin (see fit.ts). */
  compressedFrom: number | undefined;
  /** The free-tier request spent by the attempt now out, given back if it never reached OpenRouter. */
  private sentSlot: BudgetSlot | undefined;
  private readonly skipped = new Set<string>();
  private readonly failedAttempts: { model: string; reason: string }[] = [];
  private lastError: ProviderError | undefined;
  private attempts = 0;
  private retriesOfTried = 0;
  /** The model whose request is out, so a route abandoned mid-answer ends with it. */
  private sending: string | undefined;
  private open = true;
  /** The error whose lesson was applied already (learn() is told early and again by settle()). */
  private learned: ProviderError | undefined;

  constructor(
    private readonly context: RouteContext,
    private readonly request: RouteRequest,
    readonly settings: RouterSettings,
    readonly text: RouterText,
  ) {
    this.started = context.clock();
    this.features = requiredFeatures(request);
  }

  get attemptCount(): number {
    return this.attempts;
  }

  get hasAttemptsLeft(): boolean {
    return this.attempts < 1 + this.settings.maxRetries;
  }

  /** Models passed over since the last call, each reported once, as records and events. */
  newSkips(): RouterEvent[] {
    return newSkips(this.unavailable, this.skipped, this.context.clock(), this.text).map((skip) => {
      this.records.push({ model: skip.model, outcome: 'skipped', kind: skip.kind, reason: skip.reason, durationMs: 0 });
      return { type: 'skip', ...skip };
    });
  }

  /** `model` is not tried for this request, and the user hears why (once). */
  passOver(model: string, kind: FailureKind, reason: string): RouterEvent {
    this.skipped.add(model);
    this.records.push({ model, outcome: 'skipped', kind, reason, durationMs: 0 });
    return { type: 'skip', model, kind, reason };
  }

  /**
   * Announces the next attempt to `model`, after a back-off when it was tried before. Returns
   * false when the request was cancelled meanwhile: the route has then ended.
   */
  async *beginAttempt(model: string): AsyncGenerator<RouterEvent, boolean> {
    const { signal } = this.request;
    this.attempts++;
    if (this.tried.has(model)) {
      const wait = Math.min(MAX_BACKOFF_MS, this.context.backoffMs * 2 ** this.retriesOfTried++);
      if (!(await sleep(this.context.timers, wait, signal))) {
        yield this.cancelled();
        return false;
      }
    }
    this.tried.add(model);
    this.sentTo.set(model, (this.sentTo.get(model) ?? 0) + 1);
    yield { type: 'attempt', model, attempt: this.attempts };
    if (signal?.aborted) {
      // Cancelled while the host handled the attempt event: nothing was sent, nothing to count.
      yield this.cancelled();
      return false;
    }
    this.sentSlot = this.slot.at === undefined ? undefined : { ...this.slot };
    this.slot.at = undefined;
    this.slot.budget = undefined;
    this.sending = model;
    return true;
  }

  /**
   * Records how the attempt to `model` ended and decides what follows: the route's last event
   * (the answer, or a failure that ends it), or undefined to fail over to another model.
   */
  settle(model: string, outcome: AttemptOutcome): RouterEvent | undefined {
    this.sending = undefined;
    const { ttftMs, durationMs, usage } = outcome;
    if (outcome.type === 'answered') {
      this.context.breakers.success(model);
      if (this.probe === model) this.probe = undefined;
      this.records.push({ model, outcome: 'answered', ttftMs, durationMs });
      this.end('answered', outcome.answeredBy);
      const routeTtft = ttftMs === undefined ? undefined : outcome.startedAt + ttftMs - this.started;
      return {
        type: 'done',
        summary: this.summary({ model: outcome.answeredBy, ttftMs: routeTtft, usage, finishReason: outcome.finishReason ?? 'other' }),
      };
    }

    const { error, message, visible } = outcome;
    this.releaseSent(error);
    const short = this.text.shortReason(error.kind, error.status, error.retryAfterMs);
    // A data-policy refusal says which setting to change, right where the failover is listed; an
    // ended model says that it ended (the one notice names its replacements).
    const hint = error.privacy ? this.text.privacyHint(error.privacy) : isEndedCode(error.availability?.code) ? this.text.skipEnded : undefined;
    const reason = hint ? `${short}; ${hint}` : short;
    this.records.push({ model, outcome: 'failed', kind: error.kind, reason, ttftMs, durationMs });
    if (error.freeTier) {
      // The account, not this model, is out of free requests: the budget closes every free
      // model until OpenRouter's reset, so the router neither fails over to them nor retries.
      this.context.budget.serverLimit(error.freeTier, error.rateLimit);
      this.unavailable.budget = this.context.budget.check();
    } else if (error.kind === 'unsupported') {
      // Not the model's fault, and it still answers requests without these features: no cooldown,
      // but the next request needing them skips it without asking.
      this.context.mismatches.record(model, error.unsupported, this.features, this.context.clock());
    } else {
      this.learn(model, error);
    }
    if (this.probe === model) {
      // A failure that said nothing about the model (cancelled, say) leaves the probe to another request.
      this.context.breakers.releaseProbe(model);
      this.probe = undefined;
    }

    if (error.kind === 'cancelled') return this.fail({ kind: 'cancelled', message: this.text.cancelled, afterOutput: visible }, { usage });
    if (visible) {
      // Failing over now would show a second answer after part of the first: end this one.
      return this.fail({ kind: error.kind, message: this.text.cutShort(message), afterOutput: true, status: error.status }, { usage });
    }
    if (!isRetryableKind(error.kind)) return this.fail({ kind: error.kind, message, afterOutput: false, status: error.status });
    this.lastError = error;
    this.failedAttempts.push({ model, reason });
    if (cannotServe(error)) {
      // Retries bound failures that may pass; finding out that a model cannot serve this request at
      // all (ended, private, lacking a feature) costs none, as an endpoint that is off costs none.
      this.attempts--;
      this.unservable.add(model);
    }
    return undefined;
  }

  /**
   * The attempt to `model` never reached its server because the server is off (a local endpoint
   * that refused the connection): recorded as passed over, and the attempt is given back, so a
   * dead endpoint costs no retry.
   */
  settleOffline(model: string, outcome: Extract<AttemptOutcome, { type: 'failed' }>): void {
    this.sending = undefined;
    this.releaseSent(outcome.error);
    this.attempts--;
    this.lastError = outcome.error;
    if (!this.skipped.has(model)) {
      this.skipped.add(model);
      this.records.push({ model, outcome: 'skipped', kind: 'network', reason: this.text.skipOffline, durationMs: outcome.durationMs });
    }
  }

  /** The model turned out to be out after it was chosen and before anything was sent: the attempt is given back. */
  withdraw(model: string): void {
    this.sending = undefined;
    this.attempts--;
    const sent = this.sentSlot;
    this.sentSlot = undefined;
    if (sent?.at !== undefined) (sent.budget ?? this.context.budget).release(sent.at);
    if (this.probe === model) {
      this.context.breakers.releaseProbe(model);
      this.probe = undefined;
    }
  }

  /**
   * What an error says about `model` (a stated wait, a model gone, a failure toward its rate),
   * applied once per attempt: as soon as the error arrives, and from settle() if it did not.
   */
  learn(model: string, error: ProviderError): void {
    if (this.learned === error) return;
    this.learned = error;
    // A request that failed on this machine (error.local) says nothing about the model.
    if (error.freeTier || error.kind === 'unsupported' || error.local) return;
    this.context.noteEnded?.(model, error);
    this.startCooldown(model, error);
  }

  private releaseSent(error: ProviderError): void {
    const sent = this.sentSlot;
    this.sentSlot = undefined;
    if (error.notSent && sent?.at !== undefined) (sent.budget ?? this.context.budget).release(sent.at);
  }

  /** The failure once no attempt is left or no model could be tried. */
  exhausted(): RouterEvent {
    const { cooldowns, clock, describeError, nameModel } = this.context;
    const { lastError, failedAttempts, unavailable, text } = this;
    const paidAllowed = !this.settings.freeModelsOnly;
    return this.fail(finalFailure({ lastError, failedAttempts, unavailable, cooldowns, now: clock(), text, describeError, paidAllowed, nameModel }));
  }

  cancelled(): RouterEvent {
    return this.fail({ kind: 'cancelled', message: this.text.cancelled, afterOutput: false });
  }

  fail(failure: RouteFailure, extra: Partial<RouteSummary> = {}): RouterEvent {
    this.end(failure.kind === 'cancelled' ? 'cancelled' : 'failed', extra.model);
    return { type: 'failed', failure, summary: this.summary(extra) };
  }

  summary(extra: Partial<RouteSummary> = {}): RouteSummary {
    const compressed = this.compressedFrom !== undefined ? { compressedFrom: this.compressedFrom } : {};
    return { totalMs: this.context.clock() - this.started, attempts: this.records, ...compressed, ...extra };
  }

  /** Whatever way the route stopped, also when the consumer stopped reading early. */
  close(): void {
    if (this.slot.at !== undefined) (this.slot.budget ?? this.context.budget).release(this.slot.at);
    if (this.probe !== undefined) this.context.breakers.releaseProbe(this.probe);
    this.probe = undefined;
    this.end('cancelled', this.sending);
  }

  // Each route ends exactly once in the statistics, also when the consumer stops reading early.
  private end(outcome: RouteEnd, model?: string): void {
    if (!this.open) return;
    this.open = false;
    this.context.stats.routeEnded(outcome, model, this.request.origin);
  }

  private startCooldown(model: string, error: ProviderError): void {
    const { clock, policy, cooldowns, breakers, stats } = this.context;
    const now = clock();
    const rest = cooldownFor(error, now, policy);
    if (rest === 'transient') {
      const bench = breakers.failure(model, error.kind);
      if (bench) stats.cooldownStarted(model, bench.until, error.kind);
      return;
    }
    if (rest === undefined || rest.ms <= 0) return;
    cooldowns.set(model, now + rest.ms, error.kind, rest.why);
    stats.cooldownStarted(model, now + rest.ms, error.kind);
  }
}
