// The multi-model router: picks models by strategy, runs attempts with timeouts, fails over before
// the first visible token, honours cooldowns and the free-tier budget, and records statistics.
// Every request passes here, so "free models only" is enforced here and nowhere else: a paid
// model is never attempted and never put in OpenRouter's server-side `models` list. The same holds
// for what a request needs (tools, image input; see features.ts): only models known to support it
// are sent to, tried in failover or named in the `models` list; and for its size (see fit.ts): only
// models whose window holds it.
import type { ModelHealth } from '../catalog/types';
import type { ProviderError } from '../providers/errors';
import { describeProviderError } from '../providers/errorMessages';
import type { ChatOptions, ChatProvider } from '../providers/types';
import { withRoutingPreferences } from '../providers/sessionId';
import { runAttempt, type AttemptOutcome } from './attempt';
import { eligibility, requiredFeatures, type FeatureSupport, type RequestFeature } from './features';
import { cappedOptions, compressedOptions, compressionOrder, fitsWindow, mayCompress, LearnedWindows, requestInputTokens, reservedOutput, sizeIn, type ContextWindowOf } from './fit';
import { CapabilityMismatches } from './mismatches';
import { EndedModels, freeReplacements, isEndedCode } from './endedModels';
import { FreeTierBudget } from './budget';
import { Breakers, DEFAULT_BREAKER_POLICY, type BreakerPolicy } from './breaker';
import { Cooldowns, DEFAULT_COOLDOWN_POLICY, type CooldownPolicy } from './cooldowns';
import { runGroup, type GroupHandle, type GroupOptions } from './group';
import { routerText, type MessageLocale, type RouterText as RouteText } from './routerText';
import { Route, type RouteContext } from './route';
import { RouterStats } from './stats';
import { STRATEGIES } from './strategies';
import { realTimers, sleep, type Timers } from '../shared/timers';
import { isFreeModelId } from '../shared/modelIds';
import type { Clock, RandomSource, RouteFailure, RouteRequest, RouterEvent, RouterSettings } from './types';

export interface ModelRouterOptions {
  /** The current mode's provider; read per request, so a mode switch applies to the next one. */
  provider: () => ChatProvider;
  /** Enabled candidate model ids, in priority order. */
  models: () => string[];
  /** Read per request: changes apply to the next request. */
  settings: () => RouterSettings;
  /**
   * Which models cost nothing: the only ones sent while `freeModelsOnly` is on, and the ones that
   * spend the free-tier budget. Default: decided by the id alone (`isFreeModelId`).
   */
  isFree?: (id: string) => boolean;
  /**
   * Whether a model supports a request feature (tools, image input), as the model list records it;
   * undefined when unknown. Default: nothing is known, so every model may be tried.
   */
  supports?: FeatureSupport;
  /**
   * Free models that support every feature given (and whose window holds `minContext` tokens, when
   * given), best first: named when no enabled model can take the request.
   */
  suggestModels?: (features: readonly RequestFeature[], minContext?: number) => string[];
  /**
   * A model's context window in tokens, as the model list states it (`context_length`); undefined
   * when unknown, and such a model is assumed to fit. Default: nothing is known.
   */
  contextWindow?: ContextWindowOf;
  /**
   * The budget a request to `model` spends: OpenRouter's free tier (`openRouterBudget`), an
   * endpoint's own, or none. Default: the free tier for the models `isFree` names, none otherwise.
   */
  budgetFor?: (model: string, openRouterBudget: FreeTierBudget) => FreeTierBudget | undefined;
  /**
   * Models whose server is known not to answer (a local endpoint that is off): passed over without
   * spending an attempt or budget, and tried again once this says they are back.
   */
  offline?: (model: string) => boolean;
  clock?: Clock;
  random?: RandomSource;
  timers?: Timers;
  /** The user-facing text for a provider error. Default: the providers' messages in `locale`. */
  describeError?: (error: ProviderError) => string;
  /** Language of the router's own messages (budget, cooldowns, cut-short notes). Default English. */
  locale?: () => MessageLocale;
  /** How the router's own messages name a model (an endpoint's by its label). Default: its id. */
  nameModel?: (id: string) => string;
  cooldownPolicy?: Partial<CooldownPolicy>;
  /** When untold transient failures bench a model, and for how long (breaker.ts). */
  breakerPolicy?: Partial<BreakerPolicy>;
  /** First back-off before retrying a model already tried in the same request; doubles, capped. */
  retryBackoffMs?: number;
  /**
   * When every model is cooling down, wait for the earliest if it is back within this long (in
   * total per request) rather than fail. Default 3 s: short Retry-Afters are common on free models.
   */
  maxCooldownWaitMs?: number;
}

export class ModelRouter {
  readonly stats: RouterStats;
  readonly budget: FreeTierBudget;
  /** Waits the server stated, and models that are gone. */
  readonly cooldowns = new Cooldowns();
  /** Benches from recent failure rates, with their half-open probes. */
  readonly breakers: Breakers;
  /** Models OpenRouter recently refused for a feature (its capability 404s). */
  readonly mismatches = new CapabilityMismatches();
  /** Windows servers stated in context-length 400s: they replace the list's numbers. */
  readonly windows = new LearnedWindows();
  /** Models OpenRouter said ended for good: never sent to again (the host persists and announces them). */
  readonly ended = new EndedModels();
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private readonly timers: Timers;
  private readonly isFree: (id: string) => boolean;
  private readonly supports: FeatureSupport;
  private readonly maxCooldownWaitMs: number;
  /** What every route and attempt shares. */
  private readonly context: RouteContext;
  /** Where round robin continues. */
  private lastPicked: string | undefined;
  /** The provider preferences that decide which endpoints may serve (see policyOf), as last seen. */
  private lastPolicy: string | undefined;

  constructor(private readonly options: ModelRouterOptions) {
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;
    this.timers = options.timers ?? realTimers;
    const listedFree = options.isFree ?? isFreeModelId;
    // A model that billed although listed as free is paid from then on (in every window: the ledger is shared).
    this.isFree = (id) => listedFree(id) && !this.stats.ledger.isBilled(id);
    this.supports = options.supports ?? (() => undefined);
    this.maxCooldownWaitMs = options.maxCooldownWaitMs ?? 3_000;
    this.breakers = new Breakers(this.clock, { ...DEFAULT_BREAKER_POLICY, ...options.breakerPolicy });
    this.budget = new FreeTierBudget(this.clock, () => {
      const s = options.settings();
      return { perMinute: s.requestsPerMinute, perDay: s.dailyLimit };
    });
    this.stats = new RouterStats({ clock: this.clock, budget: this.budget, cooldowns: this.cooldowns, breakers: this.breakers });
    this.context = {
      clock: this.clock,
      timers: this.timers,
      stats: this.stats,
      budget: this.budget,
      cooldowns: this.cooldowns,
      breakers: this.breakers,
      mismatches: this.mismatches,
      policy: { ...DEFAULT_COOLDOWN_POLICY, ...options.cooldownPolicy },
      backoffMs: options.retryBackoffMs ?? 250,
      describeError: options.describeError ?? ((e: ProviderError) => describeProviderError(e, options.locale?.())),
      nameModel: options.nameModel,
      noteEnded: (model, error) => this.noteEnded(model, error),
    };
  }

  /**
   * `free_variant_ended` / `model_deprecated`: the model is gone for this user. Recorded with the
   * free entries of OpenRouter's `fallback_models` that are not enabled yet, for the one notice.
   */
  private noteEnded(model: string, error: ProviderError): void {
    const availability = error.availability;
    if (!availability || !isEndedCode(availability.code)) return;
    const now = this.clock();
    const enabled = new Set(this.options.models());
    const excluded = (id: string) => id === model || enabled.has(id) || this.ended.has(id, now);
    const replacements = freeReplacements(availability, this.isFree, excluded);
    this.ended.learn({ model, code: availability.code, at: now, replacements }, now);
  }

  route(request: RouteRequest): AsyncIterable<RouterEvent> {
    return this.run(request);
  }

  /**
   * A data-policy or provider-constraint refusal (`privacy_restricted`, `constraint_filtered`, the
   * data-policy 404) is about the preferences the request was sent with: once the user changes them,
   * the router forgets those refusals, so the models are asked again.
   */
  private notePolicy(settings: RouterSettings): void {
    const policy = policyOf(settings);
    if (this.lastPolicy !== undefined && policy !== this.lastPolicy) this.mismatches.forgetPolicyRefusals();
    this.lastPolicy = policy;
  }

  /** Fan-out: one prompt to several models at once, each answer streamed and ended on its own. */
  group(request: RouteRequest, options: GroupOptions = {}): GroupHandle {
    const models = options.models?.length
      ? dedupe(options.models)
      : this.pickGroup(options.size ?? 3, requiredFeatures(request), { input: requestInputTokens(request), options: request.options });
    return runGroup(models, request, options.concurrency ?? models.length, (memberRequest) => this.run(memberRequest));
  }

  /**
   * `size` models by the current strategy, those able to answer now first; only ones that support
   * `features` and, given a request's input, whose window holds it.
   */
  pickGroup(size: number, features: readonly RequestFeature[] = [], fit?: { input: number; options?: ChatOptions }): string[] {
    const settings = this.options.settings();
    this.notePolicy(settings);
    const capable = this.capable(this.enabledModels(settings).allowed, features);
    const order = this.strategyOrder(fit ? capable.filter((m) => this.fits(m, fit.input, fit.options)) : capable, settings);
    const now = this.clock();
    const ready = order.filter((m) => !this.cooldowns.isCooling(m, now) && !this.resting(m) && !this.options.offline?.(m));
    const picked = [...ready, ...order.filter((m) => !ready.includes(m))].slice(0, Math.max(0, size));
    if (picked.length) this.lastPicked = picked[picked.length - 1];
    return picked;
  }

  /** The window the router goes by: the one a server stated, else the model list's; undefined when unknown. */
  windowOf(model: string): number | undefined {
    const listed = this.options.contextWindow?.(model);
    return this.windows.get(model) ?? (listed !== undefined && listed > 0 ? listed : undefined);
  }

  /** Whether a request of `input` tokens, reserving its output, fits the window of `model` (unknown windows do). */
  private fits(model: string, input: number, options: ChatOptions | undefined): boolean {
    return fitsWindow(this.windowOf(model), input, options);
  }

  /** Why `model` is passed over for a request of `input` tokens: "40K window, request ~52K". */
  private tooLong(model: string, input: number, options: ChatOptions | undefined, text: RouteText): string {
    const window = this.windowOf(model) ?? 0;
    return text.skipTooLong(window, sizeIn(window, input, options));
  }

  /**
   * The refusal when no enabled model's window holds the request: how large it is, the largest
   * window enabled, and free models whose window holds it (which the host offers to enable).
   */
  private noFittingModel(input: number, request: RouteRequest, enabled: string[], settings: RouterSettings, features: readonly RequestFeature[], text: RouteText): RouteFailure {
    const size = input + reservedOutput(Number.MAX_SAFE_INTEGER, request.options?.maxTokens);
    const largest = enabled.map((model) => ({ model, window: this.windowOf(model) ?? 0 })).sort((a, b) => b.window - a.window)[0];
    const offered = this.options.suggestModels?.(features, size) ?? [];
    const suggested = offered
      .filter((m) => !enabled.includes(m) && this.mayRequest(m, settings) && !this.lacks(m, features) && this.fits(m, input, request.options))
      .slice(0, 3);
    const named = suggested.map((model) => ({ model, window: this.windowOf(model) }));
    return {
      kind: 'context_length',
      message: text.noFittingModel(size, largest && largest.window > 0 ? largest : undefined, named),
      afterOutput: false,
      suggestedModels: suggested,
    };
  }

  healthOf(id: string): ModelHealth {
    return this.stats.health(id);
  }

  /**
   * The enabled models this request may use, the paid ones "free models only" keeps out, and the
   * ones that ended on OpenRouter (left out without a word: the user was told once).
   */
  private enabledModels(settings: RouterSettings): { allowed: string[]; refused: string[]; ended: string[] } {
    const now = this.clock();
    const all = dedupe(this.options.models());
    const ended = all.filter((m) => this.ended.has(m, now));
    const enabled = ended.length ? all.filter((m) => !ended.includes(m)) : all;
    const allowed = enabled.filter((m) => this.mayRequest(m, settings));
    return { allowed, refused: enabled.filter((m) => !allowed.includes(m)), ended };
  }

  /** The refusal when every model left to send to has ended: names them and their free replacements. */
  private allEnded(models: readonly string[], text: RouteText): RouteFailure {
    const now = this.clock();
    const enabled = new Set(this.options.models());
    const replacements = dedupe(models.flatMap((m) => this.ended.get(m, now)?.replacements ?? [])).filter((m) => !enabled.has(m) && !this.ended.has(m, now));
    return { kind: 'not_found', message: text.ended(models, replacements), afterOutput: false, suggestedModels: replacements };
  }

  /** The free-only gate: whether a request for `model` may leave the extension at all. */
  private mayRequest(model: string, settings: RouterSettings): boolean {
    return !settings.freeModelsOnly || this.isFree(model);
  }

  /**
   * Why nothing may be sent, when "free models only" leaves nothing to send to: the model the
   * caller asked for is paid, or every enabled model is.
   */
  private notFree(request: RouteRequest, enabled: { allowed: string[]; refused: string[] }, settings: RouterSettings): string[] | undefined {
    const preferred = request.preferredModel;
    if (preferred) return this.mayRequest(preferred, settings) ? undefined : [preferred];
    return enabled.allowed.length === 0 && enabled.refused.length > 0 ? enabled.refused : undefined;
  }

  /** A caller's own `fallbackModels` keeps only the models the free-only gate lets through that support `features`. */
  private allowedOptions(options: ChatOptions | undefined, settings: RouterSettings, features: readonly RequestFeature[]): ChatOptions | undefined {
    const list = options?.fallbackModels;
    const now = this.clock();
    const keep = (m: string) => this.mayRequest(m, settings) && !this.lacks(m, features) && !this.ended.has(m, now);
    if (!list || list.every(keep)) return options;
    return { ...options, fallbackModels: list.filter(keep) };
  }

  /**
   * The models that may take a request needing `features`: known to support every one and not
   * refused by OpenRouter for them lately. Models nobody knows the capabilities of only when no
   * known one is left: Auto does not gamble tools on an unknown model when a known one can answer.
   * Without features every model may (a remembered refusal of plain requests, from a data policy,
   * is honoured while another model is left).
   */
  private capable(models: string[], features: readonly RequestFeature[]): string[] {
    const now = this.clock();
    const usable = models.filter((m) => !this.mismatches.refuses(m, features, now));
    if (features.length === 0) return usable.length ? usable : models;
    const known = usable.filter((m) => eligibility(m, features, this.supports) === 'capable');
    return known.length ? known : usable.filter((m) => eligibility(m, features, this.supports) === 'unknown');
  }

  /** Known to lack one of `features`, or refused by OpenRouter for them lately. */
  private lacks(model: string, features: readonly RequestFeature[]): boolean {
    if (features.length === 0) return false;
    return eligibility(model, features, this.supports) === 'incapable' || this.mismatches.refuses(model, features, this.clock());
  }

  /** The refusal when no enabled model can take the request's features, naming free models that can. */
  private noCapableModel(features: readonly RequestFeature[], enabled: string[], settings: RouterSettings, text: RouteText): RouteFailure {
    const suggested = this.suggestions(features, enabled, settings);
    return { kind: 'unsupported', message: text.noCapableModel(features, suggested), afterOutput: false, suggestedModels: suggested };
  }

  /** Up to three free models, not enabled yet, that support `features` and may be sent to. */
  private suggestions(features: readonly RequestFeature[], enabled: string[], settings: RouterSettings): string[] {
    if (features.length === 0) return [];
    const offered = this.options.suggestModels?.(features) ?? [];
    return offered.filter((m) => !enabled.includes(m) && this.mayRequest(m, settings) && !this.lacks(m, features)).slice(0, 3);
  }

  private strategyOrder(enabled: string[], settings: RouterSettings): string[] {
    const strategy = STRATEGIES[settings.strategy] ?? STRATEGIES.failover;
    return strategy({ models: enabled.map((id) => this.stats.view(id)), lastPicked: this.lastPicked, random: this.random });
  }

  private candidates(request: RouteRequest, enabled: string[], settings: RouterSettings, features: readonly RequestFeature[]): string[] {
    const preferred = request.preferredModel;
    if (preferred && request.pinned) return [preferred];
    const order = this.strategyOrder(this.capable(enabled, features), settings);
    if (!preferred || this.lacks(preferred, features) || this.ended.has(preferred, this.clock())) return order;
    return [preferred, ...order.filter((m) => m !== preferred)];
  }

  /** Benched on its failure rate, or half-open with its probe out: left alone while another can answer. */
  private resting(model: string): boolean {
    return this.breakers.benchedUntil(model) !== undefined || (this.breakers.halfOpen(model) && this.breakers.probing(model));
  }

  /**
   * The next model to send to: untried ones first in strategy order, then (for further retries)
   * ones already tried. Models cooling down on a stated wait, gone, over the free-tier budget or
   * unable to serve this request are skipped. Models benched on their failure rate are skipped
   * while another can answer; when none can, the one most likely to answer is still tried: a
   * request is refused only on waits the server stated and on the budget.
   */
  private choose(candidates: string[], route: Route, fits: (model: string) => boolean): string | undefined {
    const { tried, unavailable, features, unservable } = route;
    const now = this.clock();
    // OpenRouter said during this request (or lately) that no endpoint of a model takes these
    // features: skip it, unless every candidate was refused before this request (a plain request
    // after data-policy refusals; see capable()), then each is asked once more.
    const refused = (model: string) => this.mismatches.refuses(model, features, now);
    const anyUsable = candidates.some((m) => !refused(m));
    const resting: string[] = [];
    // Retries spread over the models already tried, the one asked least first (stable: strategy order next).
    const retryOrder = [...candidates].sort((a, b) => (route.sentTo.get(a) ?? 0) - (route.sentTo.get(b) ?? 0));
    for (const pass of [false, true]) {
      for (const model of pass ? retryOrder : candidates) {
        if (tried.has(model) !== pass || unservable.has(model)) continue;
        // Another request learned meanwhile that the model ended: it is never sent to again.
        if (this.ended.has(model, now)) continue;
        if (refused(model) && (anyUsable || tried.has(model))) continue;
        // A server said during this request that the model's window is smaller than the list's.
        if (!fits(model)) continue;
        const cooling = this.cooldowns.get(model, now);
        if (cooling) {
          if (!unavailable.cooling.some((c) => c.model === model)) unavailable.cooling.push({ model, until: cooling.until });
          continue;
        }
        if (this.options.offline?.(model)) {
          if (!unavailable.offline.includes(model)) unavailable.offline.push(model);
          continue;
        }
        if (this.resting(model)) {
          resting.push(model);
          continue;
        }
        if (this.acquire(model, route, now)) return this.probeIfHalfOpen(model, route);
      }
    }
    for (const model of this.mostLikelyFirst(resting, now)) {
      if (this.acquire(model, route, now)) return this.probeIfHalfOpen(model, route);
    }
    return undefined;
  }

  /** A half-open model's next request is its probe: the route holds it until the answer. */
  private probeIfHalfOpen(model: string, route: Route): string {
    if (this.breakers.halfOpen(model) && !this.breakers.probing(model)) {
      this.breakers.startProbe(model);
      route.probe = model;
    }
    return model;
  }

  /** Benched models, the one back soonest first, then the best recent success. */
  private mostLikelyFirst(models: string[], now: number): string[] {
    const back = (m: string) => this.breakers.benchedUntil(m) ?? now;
    const success = (m: string) => this.breakers.recentSuccess(m) ?? this.stats.view(m).successRate ?? 0;
    return [...models].sort((a, b) => back(a) - back(b) || success(b) - success(a));
  }

  /** Spends the budget a request to `model` needs; false (and why, in the route) when it is spent. */
  private acquire(model: string, route: Route, now: number): boolean {
    const { unavailable, slot } = route;
    const budget = this.budgetOf(model);
    if (!budget) return true;
    const refusal = budget.tryAcquire(now);
    if (refusal && budget !== this.budget) {
      // An endpoint's own limit: told as that, never as OpenRouter's free tier.
      if (!unavailable.overEndpointBudget.some((o) => o.model === model)) unavailable.overEndpointBudget.push({ model, retryAt: refusal.retryAt });
      return false;
    }
    if (refusal) {
      unavailable.budget = refusal;
      if (!unavailable.overBudget.includes(model)) unavailable.overBudget.push(model);
      return false;
    }
    slot.at = now;
    slot.budget = budget;
    return true;
  }

  private async *run(request: RouteRequest): AsyncGenerator<RouterEvent> {
    const settings = this.options.settings();
    this.notePolicy(settings);
    const route = new Route(this.context, request, settings, routerText(this.options.locale?.()));
    const enabledModels = this.enabledModels(settings);
    const enabled = enabledModels.allowed;
    try {
      if (request.signal?.aborted) {
        yield route.cancelled();
        return;
      }
      const preferred = request.preferredModel;
      const preferredEnded = preferred !== undefined && this.ended.has(preferred, this.clock());
      if (preferredEnded && request.pinned) {
        yield route.fail(this.allEnded([preferred], route.text));
        return;
      }
      // A model picked that has ended: the answer comes from another, and the progress says why.
      if (preferredEnded) yield route.passOver(preferred, 'not_found', route.text.skipEnded);
      const endedOnly = enabled.length === 0 && enabledModels.refused.length === 0 && (preferredEnded || (!preferred && enabledModels.ended.length > 0));
      if (endedOnly) {
        yield route.fail(this.allEnded(dedupe([...(preferredEnded ? [preferred] : []), ...enabledModels.ended]), route.text));
        return;
      }
      const refused = this.notFree(request, enabledModels, settings);
      if (refused) {
        yield route.fail({ kind: 'not_free', message: route.text.notFree(refused), afterOutput: false });
        return;
      }
      const { features } = route;
      if (preferred && this.lacks(preferred, features)) {
        if (request.pinned) {
          const others = this.capable(enabled, features).filter((m) => m !== preferred);
          yield route.fail({ kind: 'unsupported', message: route.text.modelLacks(preferred, features, others), afterOutput: false });
          return;
        }
        // A model picked for a request it cannot take: the answer comes from one that can, and the
        // progress says why the picked one was passed over.
        yield route.passOver(preferred, 'unsupported', route.text.skipLacks(features));
      }
      const input = requestInputTokens(request);
      const fits = (model: string) => this.fits(model, input, request.options);
      if (preferred && request.pinned && !this.lacks(preferred, features) && !fits(preferred)) {
        const others = this.capable(enabled, features).filter((m) => m !== preferred && fits(m));
        // With compression allowed, a pinned model no other window beats gets the request compressed.
        if (others.length > 0 || !settings.contextCompression || !mayCompress(preferred)) {
          const window = this.windowOf(preferred) ?? 0;
          yield route.fail({ kind: 'context_length', message: route.text.modelTooSmall(preferred, window, sizeIn(window, input, request.options), others), afterOutput: false });
          return;
        }
      }
      const capable = this.candidates(request, enabled, settings, features);
      if (capable.length === 0) {
        const failure = features.length && enabled.length ? this.noCapableModel(features, enabled, settings, route.text) : undefined;
        yield route.fail(failure ?? { kind: 'no_models', message: route.text.noModels, afterOutput: false });
        return;
      }
      // Models whose window cannot hold the request are never sent to, and the user sees why. When
      // none can and the user allows it, OpenRouter's models get it with the compression plugin.
      const fitting = capable.filter(fits);
      const compress = fitting.length === 0 && settings.contextCompression ? compressionOrder(capable, (m) => this.windowOf(m)) : [];
      for (const model of capable) if (!fits(model) && !compress.includes(model)) yield route.passOver(model, 'context_length', this.tooLong(model, input, request.options, route.text));
      if (fitting.length === 0 && compress.length === 0) {
        yield route.fail(this.noFittingModel(input, request, enabled, settings, features, route.text));
        return;
      }
      if (compress.length) route.compressedFrom = input + reservedOutput(Number.MAX_SAFE_INTEGER, request.options?.maxTokens);
      const candidates = compress.length ? compress : fitting;
      const mayTry = compress.length ? () => true : fits;
      const provider = this.options.provider();
      let cooldownWaited = 0;
      while (route.hasAttemptsLeft) {
        const model = this.choose(candidates, route, mayTry);
        for (const skip of route.newSkips()) yield skip;
        if (model === undefined) {
          // Every model is resting: when one is back within moments, waiting beats an error.
          const wait = route.unavailable.budget ? undefined : this.shortCooldownWait(candidates, cooldownWaited);
          if (wait === undefined) break;
          cooldownWaited += wait;
          if (!(await sleep(this.timers, wait, request.signal))) {
            yield route.cancelled();
            return;
          }
          route.unavailable.cooling = [];
          continue;
        }
        if (route.attemptCount === 0 && !request.preferredModel) this.lastPicked = model;
        if (!(yield* route.beginAttempt(model))) return;
        if (this.cooldowns.isCooling(model, this.clock())) {
          // Another request learned during the back-off (or while the attempt was announced) that
          // this model is out: nothing is sent to it, and the attempt is not spent.
          route.withdraw(model);
          continue;
        }
        const options = this.requestOptions(request, model, enabled, settings, provider, features, input, compress.length > 0);
        const timeoutMs = settings.timeoutPerModelMs;
        const onError = (error: ProviderError) => route.learn(model, error);
        const outcome = yield* runAttempt(this.context, { model, provider, request, options, timeoutMs, text: route.text, onError });
        if (outcome.type === 'failed' && outcome.error.kind === 'context_length') {
          // The server's word wins: the model is not sent a request this large again.
          const stated = outcome.error.contextWindow;
          const asked = options?.maxTokens ?? reservedOutput(stated ?? this.windowOf(model) ?? Number.MAX_SAFE_INTEGER);
          this.windows.learn(model, stated, input + asked);
        }
        if (outcome.type === 'failed' && !outcome.visible && outcome.error.notSent && this.options.offline?.(model)) {
          route.settleOffline(model, outcome);
          continue;
        }
        const billed = this.billedBy(model, outcome);
        const last = route.settle(model, outcome);
        if (billed && last?.type === 'done') last.summary.billed = billed;
        if (last) {
          yield last;
          return;
        }
      }
      const end = route.exhausted();
      // Every model that was tried said it cannot take these features: offer ones that can.
      if (end.type === 'failed' && end.failure.kind === 'unsupported') {
        const suggested = this.suggestions(features, enabled, settings);
        if (suggested.length) end.failure.suggestedModels = suggested;
      }
      // Every model tried said the request is too long for it: say how large it is and what fits.
      if (end.type === 'failed' && end.failure.kind === 'context_length' && !end.failure.afterOutput) {
        const { message, suggestedModels } = this.noFittingModel(input, request, enabled, settings, features, route.text);
        end.failure.message = message;
        if (suggestedModels?.length) end.failure.suggestedModels = suggestedModels;
      }
      yield end;
    } finally {
      route.close();
    }
  }

  /**
   * The proof of $0: an answer whose usage reports a cost, from a model treated as free (the one
   * that answered, which OpenRouter's `models` fallback may have picked), marks that model billed.
   */
  private billedBy(model: string, outcome: AttemptOutcome): { model: string; cost: number } | undefined {
    const cost = outcome.usage?.cost;
    if (cost === undefined || !Number.isFinite(cost) || cost <= 0) return undefined;
    const charged = outcome.type === 'answered' && outcome.answeredBy ? outcome.answeredBy : model;
    // A model that billed before counts as paid now: its cost is an ordinary cost.
    if (!this.isFree(charged)) return undefined;
    this.stats.billed(charged, cost);
    return { model: charged, cost };
  }

  private budgetOf(model: string): FreeTierBudget | undefined {
    if (this.options.budgetFor) return this.options.budgetFor(model, this.budget);
    return this.isFree(model) ? this.budget : undefined;
  }

  /** How long to wait for the earliest cooling candidate, if it is back within the allowed wait. */
  private shortCooldownWait(candidates: string[], alreadyWaited: number): number | undefined {
    const now = this.clock();
    const earliest = this.cooldowns.earliest(candidates, now);
    if (!earliest) return undefined;
    const wait = Math.max(1, earliest.until - now);
    return alreadyWaited + wait <= this.maxCooldownWaitMs ? wait : undefined;
  }

  /**
   * Official mode only: OpenRouter's own `models` fallback list, from the other enabled models
   * the free-only gate lets through (paid ones only when the user turned free-only off), that
   * support the request's features and are not cooling down. A list the caller set passes the same gates.
   */
  private requestOptions(
    request: RouteRequest,
    model: string,
    enabled: string[],
    settings: RouterSettings,
    provider: ChatProvider,
    features: readonly RequestFeature[],
    input: number,
    compress: boolean,
  ) {
    // The output asked for never exceeds what the chosen model's window leaves after the input
    // (after the compressed input, when OpenRouter compresses it).
    const allowed = withRoutingPreferences(this.allowedOptions(request.options, settings, features), settings.providerPreferences, request.messages);
    const options = compress ? compressedOptions(allowed, this.windowOf(model)) : cappedOptions(allowed, this.windowOf(model), input);
    // OpenRouter sends the same body to every model of the `models` list: each must hold it as sent.
    const holds = (m: string) => {
      const window = this.windowOf(m);
      return window === undefined || (options?.maxTokens !== undefined ? input + options.maxTokens <= window : fitsWindow(window, input, options));
    };
    const own = options?.fallbackModels;
    const fitted = own && !own.every(holds) ? { ...options, fallbackModels: own.filter(holds) } : options;
    if (!settings.serverSideFallback || provider.mode !== 'openrouter_sdk' || request.pinned) return fitted;
    const now = this.clock();
    const fallbackModels = this.capable(enabled, features).filter(
      (m) => m !== model && !this.cooldowns.isCooling(m, now) && !this.resting(m) && !this.lacks(m, features) && holds(m),
    );
    if (fallbackModels.length === 0) return fitted;
    return { ...fitted, fallbackModels };
  }
}

/** The preferences that decide which endpoints may serve a request: all but the sort. */
function policyOf(settings: RouterSettings): string {
  const { sort: _sort, ...policy } = settings.providerPreferences ?? {};
  return JSON.stringify(policy, Object.keys(policy).sort());
}

function dedupe(models: readonly string[]): string[] {
  return [...new Set(models.filter((m) => typeof m === 'string' && m.length > 0))];
}

