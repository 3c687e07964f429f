// The multi-model router: picks models by strategy, runs attempts with timeouts, fails over before
// the first visible token, honours cooldowns and the free-tier budget, and records statistics.
import type { ModelHealth } from '../catalog/types';
import { isRetryableKind, type ProviderError } from '../providers/errors';
import { describeProviderError } from '../providers/errorMessages';
import type { ChatProvider, ChatRequest, FinishReason, Usage } from '../providers/types';
import { FreeTierBudget } from './budget';
import { Cooldowns, DEFAULT_COOLDOWN_POLICY, cooldownFor, type CooldownPolicy } from './cooldowns';
import { runGroup, type GroupHandle, type GroupOptions } from './group';
import { guardedStream } from './guardedStream';
import { routerText, type MessageLocale } from './routerText';
import { finalFailure, newSkips, type Unavailable } from './routeFailure';
import { RouterStats } from './stats';
import { STRATEGIES } from './strategies';
import { realTimers, sleep } from './timers';
import type {
  AttemptRecord,
  Clock,
  RandomSource,
  RouteFailure,
  RouteRequest,
  RouteSummary,
  RouterEvent,
  RouterSettings,
  Timers,
} from './types';

/** The free-tier request choose() spent for the next attempt, until that attempt is sent. */
interface BudgetSlot {
  at?: number;
}

/** What one route's attempts share with the route around them. */
interface RunState {
  started: number;
  settings: RouterSettings;
  text: ReturnType<typeof routerText>;
  enabled: string[];
  attempts: AttemptRecord[];
  summary: (extra?: Partial<RouteSummary>) => RouteSummary;
  fail: (failure: RouteFailure, extra?: Partial<RouteSummary>) => RouterEvent;
  endRoute: (outcome: 'answered' | 'failed' | 'cancelled', model?: string) => void;
  slot: BudgetSlot;
}

export interface ModelRouterOptions {
  /** The current mode's provider; read per request, so a mode switch applies to the next one. */
  provider: () => ChatProvider;
  /** Enabled candidate model ids, in priority order. */
  models: () => string[];
  /** Read per request: changes apply to the next request. */
  settings: () => RouterSettings;
  /** Which models spend the free-tier budget. Default: the id ends with `:free`. */
  isFree?: (id: string) => boolean;
  clock?: Clock;
  random?: RandomSource;
  timers?: Timers;
  /** The user-facing text for a provider error. Default: the providers' messages in `locale`. */
  describeError?: (error: ProviderError) => string;
  /** Language of the router's own messages (budget, cooldowns, cut-short notes). Default English. */
  locale?: () => MessageLocale;
  cooldownPolicy?: Partial<CooldownPolicy>;
  /** First back-off before retrying a model already tried in the same request; doubles, capped. */
  retryBackoffMs?: number;
  /**
   * When every model is cooling down, wait for the earliest if it is back within this long (in
   * total per request) rather than fail. Default 3 s: short Retry-Afters are common on free models.
   */
  maxCooldownWaitMs?: number;
}

const MAX_BACKOFF_MS = 2_000;

export const isFreeModelId = (id: string): boolean => id.endsWith(':free');

export class ModelRouter {
  readonly stats: RouterStats;
  readonly budget: FreeTierBudget;
  readonly cooldowns = new Cooldowns();
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private readonly timers: Timers;
  private readonly isFree: (id: string) => boolean;
  private readonly describeError: (error: ProviderError) => string;
  private readonly policy: CooldownPolicy;
  private readonly backoffMs: number;
  private readonly maxCooldownWaitMs: number;
  /** Where round robin continues. */
  private lastPicked: string | undefined;

  constructor(private readonly options: ModelRouterOptions) {
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;
    this.timers = options.timers ?? realTimers;
    this.isFree = options.isFree ?? isFreeModelId;
    this.describeError = options.describeError ?? ((e) => describeProviderError(e, options.locale?.()));
    this.policy = { ...DEFAULT_COOLDOWN_POLICY, ...options.cooldownPolicy };
    this.backoffMs = options.retryBackoffMs ?? 250;
    this.maxCooldownWaitMs = options.maxCooldownWaitMs ?? 3_000;
    this.budget = new FreeTierBudget(this.clock, () => {
      const s = options.settings();
      return { perMinute: s.requestsPerMinute, perDay: s.dailyLimit };
    });
    this.stats = new RouterStats({ clock: this.clock, budget: this.budget, cooldowns: this.cooldowns });
  }

  route(request: RouteRequest): AsyncIterable<RouterEvent> {
    return this.run(request);
  }

  /** Fan-out: one prompt to several models at once, each answer streamed and ended on its own. */
  group(request: RouteRequest, options: GroupOptions = {}): GroupHandle {
    const models = options.models?.length ? dedupe(options.models) : this.pickGroup(options.size ?? 3);
    return runGroup(models, request, options.concurrency ?? models.length, (memberRequest) => this.run(memberRequest));
  }

  /** `size` models by the current strategy, those able to answer now first. */
  pickGroup(size: number): string[] {
    const order = this.strategyOrder(this.enabledModels(), this.options.settings());
    const now = this.clock();
    const ready = order.filter((m) => !this.cooldowns.isCooling(m, now));
    const picked = [...ready, ...order.filter((m) => !ready.includes(m))].slice(0, Math.max(0, size));
    if (picked.length) this.lastPicked = picked[picked.length - 1];
    return picked;
  }

  healthOf(id: string): ModelHealth {
    return this.stats.health(id);
  }

  private enabledModels(): string[] {
    return dedupe(this.options.models());
  }

  private strategyOrder(enabled: string[], settings: RouterSettings): string[] {
    const strategy = STRATEGIES[settings.strategy] ?? STRATEGIES.failover;
    return strategy({ models: enabled.map((id) => this.stats.view(id)), lastPicked: this.lastPicked, random: this.random });
  }

  private candidates(request: RouteRequest, enabled: string[], settings: RouterSettings): string[] {
    const preferred = request.preferredModel;
    if (preferred && request.pinned) return [preferred];
    const order = this.strategyOrder(enabled, settings);
    return preferred ? [preferred, ...order.filter((m) => m !== preferred)] : order;
  }

  /**
   * The next model to send to: untried ones first in strategy order, then (for further retries)
   * ones already tried. Models cooling down or over the free-tier budget are skipped.
   */
  private choose(candidates: string[], tried: ReadonlySet<string>, unavailable: Unavailable, slot: BudgetSlot): string | undefined {
    const now = this.clock();
    for (const pass of [false, true]) {
      for (const model of candidates) {
        if (tried.has(model) !== pass) continue;
        const cooling = this.cooldowns.get(model, now);
        if (cooling) {
          if (!unavailable.cooling.some((c) => c.model === model)) unavailable.cooling.push({ model, until: cooling.until });
          continue;
        }
        if (this.isFree(model)) {
          const refusal = this.budget.tryAcquire();
          if (refusal) {
            unavailable.budget = refusal;
            if (!unavailable.overBudget.includes(model)) unavailable.overBudget.push(model);
            continue;
          }
          slot.at = now;
        }
        return model;
      }
    }
    return undefined;
  }

  private async *run(request: RouteRequest): AsyncGenerator<RouterEvent> {
    const started = this.clock();
    const settings = this.options.settings();
    const text = routerText(this.options.locale?.());
    const enabled = this.enabledModels();
    const attempts: AttemptRecord[] = [];
    const summary = (extra: Partial<RouteSummary> = {}): RouteSummary => ({
      totalMs: this.clock() - started,
      attempts,
      ...extra,
    });
    // Each route ends exactly once in the statistics, also when the consumer stops reading early.
    let routeOpen = true;
    const endRoute = (outcome: 'answered' | 'failed' | 'cancelled', model?: string): void => {
      if (!routeOpen) return;
      routeOpen = false;
      this.stats.routeEnded(outcome, model);
    };
    const fail = (failure: RouteFailure, extra: Partial<RouteSummary> = {}): RouterEvent => {
      endRoute(failure.kind === 'cancelled' ? 'cancelled' : 'failed', extra.model);
      return { type: 'failed', failure, summary: summary(extra) };
    };
    // A free-tier request spent by choose() and not yet sent: given back if the route ends first.
    const slot: BudgetSlot = {};
    try {
      yield* this.attempts(request, { started, settings, text, enabled, attempts, summary, fail, endRoute, slot });
    } finally {
      if (slot.at !== undefined) this.budget.release(slot.at);
      endRoute('cancelled');
    }
  }

  private async *attempts(request: RouteRequest, run: RunState): AsyncGenerator<RouterEvent> {
    const { started, settings, text, enabled, attempts, summary, fail, endRoute, slot } = run;

    if (request.signal?.aborted) {
      yield fail({ kind: 'cancelled', message: text.cancelled, afterOutput: false });
      return;
    }
    const candidates = this.candidates(request, enabled, settings);
    if (candidates.length === 0) {
      yield fail({ kind: 'no_models', message: text.noModels, afterOutput: false });
      return;
    }

    const provider = this.options.provider();
    const tried = new Set<string>();
    const failedAttempts: { model: string; reason: string }[] = [];
    const skipped = new Set<string>();
    const unavailable: Unavailable = { cooling: [], overBudget: [] };
    let lastError: ProviderError | undefined;
    let retriesOfTried = 0;

    let attempt = 0;
    let cooldownWaited = 0;
    while (attempt < 1 + settings.maxRetries) {
      const model = this.choose(candidates, tried, unavailable, slot);
      for (const skip of newSkips(unavailable, skipped, this.clock(), text)) {
        attempts.push({ model: skip.model, outcome: 'skipped', kind: skip.kind, reason: skip.reason, durationMs: 0 });
        yield { type: 'skip', ...skip };
      }
      if (model === undefined) {
        // Every model is resting: when one is back within moments, waiting beats an error.
        const wait = unavailable.budget ? undefined : this.shortCooldownWait(candidates, cooldownWaited);
        if (wait === undefined) break;
        cooldownWaited += wait;
        if (!(await sleep(this.timers, wait, request.signal))) {
          yield fail({ kind: 'cancelled', message: text.cancelled, afterOutput: false });
          return;
        }
        unavailable.cooling = [];
        continue;
      }
      attempt++;
      if (attempt === 1 && !request.preferredModel) this.lastPicked = model;
      if (tried.has(model)) {
        const wait = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2 ** retriesOfTried++);
        if (!(await sleep(this.timers, wait, request.signal))) {
          yield fail({ kind: 'cancelled', message: text.cancelled, afterOutput: false });
          return;
        }
      }
      tried.add(model);
      yield { type: 'attempt', model, attempt };
      if (request.signal?.aborted) {
        // Cancelled while the host handled the attempt event: nothing was sent, nothing to count.
        yield fail({ kind: 'cancelled', message: text.cancelled, afterOutput: false });
        return;
      }

      const attemptStart = this.clock();
      let visible = false;
      let ttftMs: number | undefined;
      let usage: Usage | undefined;
      let finishReason: FinishReason | undefined;
      let answeredBy = model;
      let textChars = 0;
      let error: ProviderError | undefined;
      this.stats.requestStarted(model);
      slot.at = undefined;

      const chatRequest: Omit<ChatRequest, 'signal'> = {
        model,
        messages: request.messages,
        options: this.requestOptions(request, model, enabled, settings, provider),
      };
      const parts = guardedStream({
        text,
        provider,
        request: chatRequest,
        callerSignal: request.signal,
        timeoutMs: settings.timeoutPerModelMs,
        clock: this.clock,
        timers: this.timers,
      });
      let streamEnded = false;
      try {
        for await (const part of parts) {
          switch (part.type) {
            case 'text':
            case 'reasoning':
            case 'tool-call': {
              if (ttftMs === undefined) ttftMs = this.clock() - attemptStart;
              if (part.type !== 'reasoning' || !request.reasoningHidden) visible = true;
              if (part.type === 'text') {
                textChars += part.text.length;
                yield { type: 'text', model, text: part.text };
              } else if (part.type === 'reasoning') {
                yield { type: 'reasoning', model, text: part.text };
              } else {
                yield { type: 'tool-call', model, call: part.call };
              }
              break;
            }
            case 'usage':
              usage = part.usage;
              yield { type: 'usage', model, usage: part.usage };
              break;
            case 'finish':
              finishReason = part.reason;
              answeredBy = part.model || model;
              break;
            case 'error':
              error = part.error;
              break;
          }
        }
        streamEnded = true;
      } finally {
        // The consumer stopped reading mid-answer (leaving the loop closed the HTTP request):
        // the attempt and the route end as cancelled, so in-flight counts stay true.
        if (!streamEnded) {
          this.stats.requestEnded(model, { outcome: 'cancelled', ttftMs, totalMs: this.clock() - attemptStart });
          endRoute('cancelled', model);
        }
      }

      const durationMs = this.clock() - attemptStart;
      if (!error) {
        const completionTokens = usage?.completionTokens ?? (textChars ? Math.ceil(textChars / 4) : undefined);
        this.stats.requestEnded(model, { outcome: 'success', ttftMs, totalMs: durationMs, completionTokens });
        attempts.push({ model, outcome: 'answered', ttftMs, durationMs });
        endRoute('answered', answeredBy);
        const routeTtft = ttftMs === undefined ? undefined : attemptStart + ttftMs - started;
        yield { type: 'done', summary: summary({ model: answeredBy, ttftMs: routeTtft, usage, finishReason: finishReason ?? 'other' }) };
        return;
      }

      const message = this.describeError(error);
      this.stats.requestEnded(model, { outcome: error.kind, ttftMs, totalMs: durationMs, message });
      const reason = text.shortReason(error.kind, error.status, error.retryAfterMs);
      attempts.push({ model, outcome: 'failed', kind: error.kind, reason, ttftMs, durationMs });
      this.startCooldown(model, error);

      if (error.kind === 'cancelled') {
        yield fail({ kind: 'cancelled', message: text.cancelled, afterOutput: visible }, { usage });
        return;
      }
      if (visible) {
        // Failing over now would show a second answer after part of the first: end this one.
        yield fail({ kind: error.kind, message: text.cutShort(message), afterOutput: true, status: error.status }, { usage });
        return;
      }
      if (!isRetryableKind(error.kind)) {
        yield fail({ kind: error.kind, message, afterOutput: false, status: error.status });
        return;
      }
      lastError = error;
      failedAttempts.push({ model, reason });
    }

    yield fail(
      finalFailure({ lastError, failedAttempts, unavailable, cooldowns: this.cooldowns, now: this.clock(), text, describeError: this.describeError }),
    );
  }

  /** How long to wait for the earliest cooling candidate, if it is back within the allowed wait. */
  private shortCooldownWait(candidates: string[], alreadyWaited: number): number | undefined {
    const now = this.clock();
    const earliest = this.cooldowns.earliest(candidates, now);
    if (!earliest) return undefined;
    const wait = Math.max(1, earliest.until - now);
    return alreadyWaited + wait <= this.maxCooldownWaitMs ? wait : undefined;
  }

  private startCooldown(model: string, error: ProviderError): void {
    const now = this.clock();
    const ms = cooldownFor(error, now, this.policy);
    if (ms === undefined || ms <= 0) return;
    this.cooldowns.set(model, now + ms, error.kind);
    this.stats.cooldownStarted(model, now + ms, error.kind);
  }

  /**
   * Official mode only: OpenRouter's own `models` fallback list, from the other enabled models
   * that are free (paid ones only when the user turned free-only off) and not cooling down.
   */
  private requestOptions(request: RouteRequest, model: string, enabled: string[], settings: RouterSettings, provider: ChatProvider) {
    if (!settings.serverSideFallback || provider.mode !== 'openrouter_sdk' || request.pinned) return request.options;
    const now = this.clock();
    const fallbackModels = enabled.filter(
      (m) => m !== model && (!settings.freeModelsOnly || this.isFree(m)) && !this.cooldowns.isCooling(m, now),
    );
    if (fallbackModels.length === 0) return request.options;
    return { ...request.options, fallbackModels };
  }
}

function dedupe(models: readonly string[]): string[] {
  return [...new Set(models.filter((m) => typeof m === 'string' && m.length > 0))];
}

