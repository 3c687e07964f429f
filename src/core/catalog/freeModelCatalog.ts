// The one catalog the chat participant, model picker, webview, router and extension API read.
// Serves what it has at once (live, else the disk cache, else the built-in list) and refreshes in
// the background; a failed, empty or malformed answer never replaces a good list.
import { builtinModels } from './builtin';
import { readCatalogCache, writeCatalogCache, type CatalogLog } from './cache';
import { CatalogIndex } from './catalogIndex';
import { catalogText, DEFAULT_MODELS_TIMEOUT_MS, fetchLiveModels, ModelListError, type LiveModelList } from './fetchModels';
import { mergeLiveList } from './merge';
import { computeIndexStats, queryModels, supportsFeature } from './query';
import { recommendModels } from './recommend';
import { resolveEnabledModels, type ResolveEnabledOptions, type ResolveEnabledResult } from './resolveEnabled';
import type {
  CatalogChangeEvent,
  CatalogFilter,
  CatalogModel,
  CatalogSource,
  CatalogStats,
  Recommendation,
  RequestFeature,
  RecommendOptions,
  RefreshResult,
  UseCase,
} from './types';
import { trimTrailingSlashes } from '../shared/baseUrl';
import type { MessageLocale } from '../shared/errorKinds';

/** Skipped entries named in the log after a refresh; the rest are counted. */
const SKIPPED_LOG_LIMIT = 5;

export interface FreeModelCatalogOptions {
  /** Read on every refresh, so a changed `openrouterDual.baseUrl` applies without a restart. */
  baseUrl: () => string;
  /** Where the last good list is kept between sessions; no disk cache when absent. */
  cacheFile?: string;
  /** Age after which the list counts as stale; read on every check, so the setting applies live. */
  maxAgeMs: () => number;
  clock?: () => number;
  fetch?: typeof fetch;
  log?: CatalogLog;
  /** Bound on one GET /models. */
  timeoutMs?: number;
  /** The language of refresh errors, read on every refresh (default English). */
  locale?: () => MessageLocale;
  /** After a failed refresh, ensureFresh waits this long before trying again (default: min(1 min, maxAge)). */
  retryAfterFailureMs?: number;
}

export class FreeModelCatalog {
  private index: CatalogIndex;
  private source: CatalogSource = 'builtin';
  private fetchedAt?: number;
  /** The base URL the current list came from. */
  private fetchedFrom?: string;
  private skippedEntries = 0;
  private lastError?: string;
  private lastFailureAt?: number;
  /** Set while answers without a free model are being refused, so that is logged as a warning once. */
  private refusingFreeless = false;
  private inflight?: Promise<RefreshResult>;
  /** The base URL the running refresh asks, and how to abandon it when that URL is no longer wanted. */
  private inflightFrom?: { baseUrl: string | undefined; abort: AbortController };
  private initPromise?: Promise<void>;
  private cacheWrites: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(e: CatalogChangeEvent) => void>();
  private readonly clock: () => number;
  private readonly httpFetch: typeof fetch;
  private readonly log: CatalogLog;
  private readonly builtinDescriptions: Map<string, string>;

  constructor(private readonly opts: FreeModelCatalogOptions) {
    this.clock = opts.clock ?? Date.now;
    this.httpFetch = opts.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
    this.log = opts.log ?? (() => undefined);
    const builtin = builtinModels();
    this.builtinDescriptions = new Map(builtin.map((m) => [m.id, m.description]));
    this.index = new CatalogIndex(builtin);
  }

  /** Reads the disk cache (cold start). Never throws; calling it again returns the same promise. */
  init(): Promise<void> {
    this.initPromise ??= this.loadCache();
    return this.initPromise;
  }

  /**
   * Fetches the live list. Concurrent calls share one request. Without `force`, fresh data is kept
   * and nothing is fetched. Never throws: failures come back as `{ ok: false, error }`.
   */
  refresh(opts: { force?: boolean } = {}): Promise<RefreshResult> {
    if (this.inflight) {
      if (this.inflightFrom?.baseUrl === this.currentBaseUrl()) return this.inflight;
      // The base URL changed while a refresh ran (the user fixed a wrong proxy, say): its answer is
      // for the old URL, so drop it and ask the new one rather than report the old URL's outcome.
      this.inflightFrom?.abort.abort();
      return this.inflight.then(() => this.refresh({ force: true }));
    }
    if (!opts.force && !this.isStale()) {
      return Promise.resolve({ ok: true, count: this.usableCount(), skipped: this.skippedEntries, gone: [], added: [], fetched: false });
    }
    const abort = new AbortController();
    this.inflightFrom = { baseUrl: this.currentBaseUrl(), abort };
    const run = this.fetchAndApply(abort.signal)
      .catch((err: Error): RefreshResult => {
        // Only a bug (or a throwing logger or listener) lands here; callers were promised no throw.
        const message = catalogText(this.opts.locale?.()).unexpected(err.message);
        this.lastError = message;
        this.lastFailureAt = this.clock();
        return { ok: false, count: this.usableCount(), skipped: 0, error: message, gone: [], added: [], fetched: true };
      })
      .finally(() => {
        if (this.inflight === run) {
          this.inflight = undefined;
          this.inflightFrom = undefined;
        }
      });
    this.inflight = run;
    return run;
  }

  /** Stale → starts a background refresh and returns at once; callers keep using the current list. */
  ensureFresh(): void {
    if (this.inflight || !this.isStale()) return;
    const retryAfter = this.opts.retryAfterFailureMs ?? Math.min(60_000, this.opts.maxAgeMs());
    if (this.lastFailureAt !== undefined && this.clock() - this.lastFailureAt < retryAfter) return;
    void this.refresh({ force: true });
  }

  /** Resolves when no cache read or refresh is in progress (for tests and orderly shutdown). */
  async idle(): Promise<void> {
    await this.initPromise;
    while (this.inflight) await this.inflight;
    await this.cacheWrites;
  }

  /** Every entry, including routers and gone models, sorted by id. */
  all(): CatalogModel[] {
    return this.index.models.slice();
  }

  /** Usable free models: present in the latest list, routers excluded. */
  free(): CatalogModel[] {
    return queryModels(this.index, { freeOnly: true });
  }

  get(id: string): CatalogModel | undefined {
    return this.index.get(id);
  }

  query(filter: CatalogFilter = {}): CatalogModel[] {
    return queryModels(this.index, filter);
  }

  recommend(useCase: UseCase, opts: RecommendOptions = {}): Recommendation[] {
    return recommendModels(this.index, useCase, opts);
  }

  /**
   * Whether `id` supports `feature`, as the live list (or the built-in entry) records it; undefined
   * for an id no list has shown, whose capabilities nobody knows.
   */
  supports(id: string, feature: RequestFeature): boolean | undefined {
    const model = this.index.get(id);
    return model ? supportsFeature(model, feature) : undefined;
  }

  /** Usable free models that support every feature in `features`, best recommended first. */
  freeModelsSupporting(features: readonly RequestFeature[], opts: RecommendOptions = {}): CatalogModel[] {
    const ranked = recommendModels(this.index, 'general', { ...opts, limit: Number.MAX_SAFE_INTEGER, freeOnly: true });
    const out = ranked.map((r) => r.model).filter((m) => features.every((f) => supportsFeature(m, f)));
    return opts.limit === undefined ? out : out.slice(0, opts.limit);
  }

  /** The models the router may use for the `enabledModels` setting; see resolveEnabled.ts. */
  resolveEnabled(enabled: readonly string[], opts: ResolveEnabledOptions): ResolveEnabledResult {
    return resolveEnabledModels(this.index, this.source, enabled, opts);
  }

  stats(): CatalogStats {
    const s = computeIndexStats(this.index);
    const stats: CatalogStats = {
      ...s,
      source: this.source,
      stale: this.isStale(),
      refreshing: this.inflight !== undefined,
      skippedEntries: this.skippedEntries,
    };
    if (this.fetchedAt !== undefined) {
      stats.fetchedAt = this.fetchedAt;
      stats.ageMs = Math.max(0, this.clock() - this.fetchedAt);
    }
    if (this.lastError) stats.lastError = this.lastError;
    return stats;
  }

  onDidChange(listener: (e: CatalogChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Old, never fetched, or fetched from another base URL (the user switched proxies). A fetch time
   * in the future (a cache written while the clock was wrong) is stale too: otherwise the list
   * would count as fresh, and never be refreshed, until the clock caught up.
   */
  private isStale(): boolean {
    if (this.fetchedAt === undefined) return true;
    if (this.fetchedFrom !== undefined && this.fetchedFrom !== this.currentBaseUrl()) return true;
    const age = this.clock() - this.fetchedAt;
    return age < 0 || age >= this.opts.maxAgeMs();
  }

  private currentBaseUrl(): string | undefined {
    try {
      return trimTrailingSlashes(this.opts.baseUrl());
    } catch {
      return undefined;
    }
  }

  private usableCount(): number {
    return computeIndexStats(this.index).total;
  }

  private async loadCache(): Promise<void> {
    const file = this.opts.cacheFile;
    if (!file) return;
    try {
      const cached = await readCatalogCache(file, this.log);
      if (!cached) return;
      // A refresh that finished while the file was being read has newer data.
      if (this.fetchedAt !== undefined && this.fetchedAt >= cached.fetchedAt) return;
      const before = new Set(this.usableIds());
      this.index = new CatalogIndex(cached.models);
      this.source = 'cache';
      this.fetchedAt = cached.fetchedAt;
      this.fetchedFrom = cached.baseUrl;
      this.skippedEntries = cached.skippedEntries;
      const ageMin = Math.round(Math.max(0, this.clock() - cached.fetchedAt) / 60_000);
      this.log('info', `Loaded ${this.usableCount()} models from the model list cache (${ageMin} min old).`);
      this.emit({ gone: [], added: this.usableIds().filter((id) => !before.has(id)), source: 'cache' });
    } catch (err) {
      this.log('error', `Reading the model list cache failed (${(err as Error).message}); using the built-in list.`);
    }
  }

  private async fetchAndApply(signal: AbortSignal): Promise<RefreshResult> {
    let list: LiveModelList;
    let baseUrl: string;
    try {
      baseUrl = trimTrailingSlashes(this.opts.baseUrl());
      list = await fetchLiveModels(baseUrl, {
        fetch: this.httpFetch,
        timeoutMs: this.opts.timeoutMs ?? DEFAULT_MODELS_TIMEOUT_MS,
        describeFallback: (id) => this.builtinDescriptions.get(id),
        signal,
        locale: this.opts.locale?.(),
      });
    } catch (err) {
      const message =
        err instanceof ModelListError
          ? err.message
          : catalogText(this.opts.locale?.()).unexpected((err as Error).message);
      // Abandoned for a newer base URL: not a failure of the list, and the next refresh is already queued.
      if (signal.aborted) return { ok: false, count: this.usableCount(), skipped: 0, error: message, gone: [], added: [], fetched: false };
      this.lastError = message;
      this.lastFailureAt = this.clock();
      this.log('warn', message);
      return { ok: false, count: this.usableCount(), skipped: 0, error: message, gone: [], added: [], fetched: true };
    }

    // Merge against the cached list, not the built-in one, so models gone since last session are noticed.
    await this.initPromise;
    // A list without one free model is a broken or hostile answer for a free-model catalog (OpenRouter
    // has always offered some): taking it would mark every free model gone and route nowhere.
    if (computeIndexStats(this.index).free > 0 && !list.models.some((m) => m.free && !m.isRouter)) {
      const message = catalogText(this.opts.locale?.()).noFreeModel(String(list.models.length));
      this.lastError = message;
      this.lastFailureAt = this.clock();
      this.log(this.refusingFreeless ? 'info' : 'warn', message);
      this.refusingFreeless = true;
      return { ok: false, count: this.usableCount(), skipped: list.skipped.length, error: message, gone: [], added: [], fetched: true };
    }
    this.refusingFreeless = false;
    const now = this.clock();
    const merged = mergeLiveList(this.index.models, list.models, now);
    this.index = new CatalogIndex(merged.models);
    this.source = 'live';
    this.fetchedAt = now;
    this.fetchedFrom = baseUrl;
    this.skippedEntries = list.skipped.length;
    this.lastError = undefined;
    this.lastFailureAt = undefined;
    this.logRefresh(list, merged.gone);
    await this.saveCache();
    this.emit({ gone: merged.gone, added: merged.added, source: 'live' });
    return { ok: true, count: this.usableCount(), skipped: list.skipped.length, gone: merged.gone, added: merged.added, fetched: true };
  }

  private logRefresh(list: LiveModelList, gone: string[]): void {
    const s = computeIndexStats(this.index);
    this.log('info', `Model list refreshed: ${s.total} models, ${s.free} free, ${s.routers} routers.`);
    if (list.skipped.length) {
      const named = list.skipped
        .slice(0, SKIPPED_LOG_LIMIT)
        .map((k) => `#${k.index}${k.id ? ` (${k.id})` : ''}: ${k.reason}`)
        .join('; ');
      const more = list.skipped.length > SKIPPED_LOG_LIMIT ? ` and ${list.skipped.length - SKIPPED_LOG_LIMIT} more` : '';
      this.log('warn', `Skipped ${list.skipped.length} malformed entries in the model list: ${named}${more}.`);
    }
    if (gone.length) this.log('warn', `No longer offered by OpenRouter: ${gone.join(', ')}.`);
  }

  private saveCache(): Promise<void> {
    const file = this.opts.cacheFile;
    if (!file || this.fetchedAt === undefined) return Promise.resolve();
    const snapshot = { fetchedAt: this.fetchedAt, baseUrl: this.fetchedFrom, skippedEntries: this.skippedEntries, models: this.index.models };
    // Serialized, so an older snapshot can never be renamed over a newer one.
    this.cacheWrites = this.cacheWrites.then(() =>
      writeCatalogCache(file, snapshot).catch((err: Error) => {
        this.log('warn', `Could not save the model list cache ${file} (${err.message}); the list will be fetched again next session.`);
      }),
    );
    return this.cacheWrites;
  }

  private usableIds(): string[] {
    return this.index.models.filter((m) => m.goneSince === undefined && !m.isRouter).map((m) => m.id);
  }

  private emit(e: CatalogChangeEvent): void {
    if (e.gone.length === 0 && e.added.length === 0) return;
    for (const listener of [...this.listeners]) {
      try {
        listener(e);
      } catch (err) {
        this.log('error', `A model list listener failed: ${(err as Error).message}`);
      }
    }
  }
}
