// The core objects the host adapters share: settings, key, catalog, router, provider and log.
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { FreeModelCatalog } from '../core/catalog';
import type { CatalogModel } from '../core/catalog/types';
import { createProvider, describeProviderError, fetchKeyInfo } from '../core/providers';
import { redactSecrets } from '../core/providers/redact';
import type { ChatProvider, ProviderMode, ProviderSettings } from '../core/providers/types';
import type { ProviderError } from '../core/providers/errors';
import { APP_TITLE, APP_URL } from '../core/shared/identity';
import { ModelRouter } from '../core/router';
import { accountDailyLimit } from '../core/router/budget';
import { errorText } from '../core/shared/errorText';
import { isFreeModelId } from '../core/shared/modelIds';
import type { Log } from './status/log';
import type { ApiKeyStore, KeySource } from './key/secrets';
import type { KeyHostDecision, KeyHostGate } from './key/keyHostGate';
import type { HostSettings } from './settings/settingsReader';
import { toRouterSettings } from './settings/mapping/routerSettings';
import { reportSkippedModels } from './models/skippedModelNotice';
import type { EndpointKeyStore } from './key/endpointKeys';
import { endpointModelNamer } from './chat/render/modelNames';
import {
  DispatchingProvider,
  EndpointAvailability,
  EndpointBudgets,
  EndpointCatalog,
  describeEndpointError,
  endpointRouting,
  parseQualifiedId,
  type EndpointConfig,
  type EndpointModel,
} from '../core/endpoints';

/** The language of core's error messages follows VS Code's display language. */
export function messageLocale(): 'en' | 'zh-cn' {
  return vscode.env.language.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en';
}

export class OpenRouterServices implements vscode.Disposable {
  readonly catalog: FreeModelCatalog;
  readonly router: ModelRouter;
  /** Which endpoints answer; their models are passed over while they do not. */
  readonly availability = new EndpointAvailability();
  /** Each endpoint's model list (GET /models), kept on disk like OpenRouter's. */
  readonly endpointCatalog: EndpointCatalog;
  private readonly dispatcher: DispatchingProvider;
  /** Fires when what the model picker or status bar shows may have changed. */
  private readonly modelsChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeModels = this.modelsChanged.event;
  private readonly disposables: vscode.Disposable[] = [];
  private provider: { signature: string; provider: ChatProvider } | undefined;
  /** Kept current from the key store, so the router's synchronous provider getter can read it. */
  private apiKey: string | undefined;
  private apiKeySource: KeySource = 'none';
  /** Set once the disk cache was read at activation; refreshes before that would race it. */
  private catalogLoaded = false;
  /** Enabled ids the user was already told are gone, so each is reported once. */
  private readonly reportedGone = new Set<string>();
  /** The account's daily free-tier limit as GET /key shows it (50, or 1000 with purchased credits). */
  private accountLimit: number | undefined;
  /** Which key `accountLimit` belongs to, so a new key is checked again. */
  private accountLimitKey: string | undefined;

  constructor(
    readonly settings: HostSettings,
    readonly keys: ApiKeyStore,
    readonly log: Log,
    cacheFile: string,
    readonly keyHosts: KeyHostGate,
    readonly endpointKeys?: EndpointKeyStore,
  ) {
    const endpoints = () => this.endpoints();
    const keyOf = (id: string) => this.endpointKeyOf(id);
    this.endpointCatalog = new EndpointCatalog({
      endpoints,
      keyOf,
      cacheFile: join(dirname(cacheFile), 'endpoint-models.json'),
      availability: this.availability,
      log: (level, message) => this.log[level](message),
    });
    this.dispatcher = new DispatchingProvider({ openRouter: () => this.currentProvider(), endpoints, keyOf, appTitle: APP_TITLE, appUrl: APP_URL, availability: this.availability });
    const routing = endpointRouting({
      endpoints,
      availability: this.availability,
      budgets: new EndpointBudgets(endpoints),
      isOpenRouterFree: (id) => this.catalog.get(id)?.free ?? isFreeModelId(id),
    });
    this.catalog = new FreeModelCatalog({
      baseUrl: () => this.settings.config.baseUrl,
      cacheFile,
      maxAgeMs: () => this.settings.config.modelListMaxAgeMinutes * 60_000,
      clock: () => Date.now(),
      log: (level, message) => this.log[level](`Models: ${message}`),
      locale: messageLocale,
    });
    this.router = new ModelRouter({
      // OpenRouter's ids go to its provider in the configured mode, `@endpoint/model` ids to that endpoint.
      provider: () => this.dispatcher,
      models: () => {
        // Every request checks the list's age, so a long-running window refreshes it in the
        // background (stale data is served meanwhile); only after the disk cache was read.
        if (this.catalogLoaded) this.catalog.ensureFresh();
        return this.enabledModelIds();
      },
      settings: () => ({ ...toRouterSettings(this.settings.config), dailyLimit: this.dailyLimit() }),
      ...routing,
      // Tools and image input as the live list (or the built-in entry) records them; an id no list
      // has shown is unknown, and the router tries it only when no known model can answer.
      supports: (id, feature) => this.catalog.supports(id, feature),
      suggestModels: (features, minContext = 0) =>
        this.catalog.freeModelsSupporting(features).filter((m) => m.contextLength >= minContext).slice(0, 10).map((m) => m.id),
      // Windows as the list states them; an endpoint's models state none, until their server does.
      contextWindow: (id) => this.catalog.get(id)?.contextLength || undefined,
      // What the chat, the model picker and the connection test show: the keys in use never.
      describeError: (e) => redactSecrets(this.describeError(e), this.knownSecrets()),
      // The router's own messages (budget, cooldowns, cut-short notes) in the same language.
      locale: messageLocale,
      // ...naming an endpoint's model as users read it, "llama3.2:3b (Ollama)".
      nameModel: (id) => endpointModelNamer(this.endpoints())(id),
    });
    const offCatalog = this.catalog.onDidChange((e) => {
      if (e.gone.length || e.added.length) this.log.info(`Models: ${e.added.length} added, ${e.gone.length} gone (${e.source}).`);
      this.reportGoneEnabled();
      this.modelsChanged.fire();
    });
    this.disposables.push(
      { dispose: offCatalog },
      this.settings.onDidChange((e) => {
        if (e.changed.some((k) => k === 'enabledModels' || k === 'freeModelsOnly' || k === 'baseUrl')) {
          this.reportGoneEnabled();
          this.modelsChanged.fire();
        }
        if (e.changed.includes('baseUrl')) this.catalog.ensureFresh();
        if (e.changed.includes('endpoints')) {
          this.modelsChanged.fire();
          void this.loadEndpointKeys().then(() => this.endpointCatalog.refresh());
        }
      }),
      { dispose: this.endpointCatalog.onDidChange(() => this.modelsChanged.fire()) },
      this.endpointCatalog,
      { dispose: this.availability.onChange((id, up) => {
        const label = this.endpoints().find((e) => e.id === id)?.label ?? id;
        this.log.info(up ? `Endpoint ${label} answers again: its models are back in the routing.` : `Endpoint ${label} is not answering: its models are passed over until it does.`);
        this.modelsChanged.fire();
      }) },
      ...(endpointKeys ? [endpointKeys.onDidChange(() => this.modelsChanged.fire())] : []),
      this.keys.onDidChange(() =>
        void this.loadKey().then(() => {
          this.modelsChanged.fire();
          return this.checkAccountLimit();
        }),
      ),
      this.modelsChanged,
    );
  }

  /** Called once the disk cache is read: from now on a stale list is refreshed in the background. */
  onCatalogLoaded(): void {
    this.catalogLoaded = true;
    this.notifyModelsChanged();
    this.catalog.ensureFresh();
  }

  /** The configured endpoints besides OpenRouter. */
  endpoints(): readonly EndpointConfig[] {
    return this.settings.config.endpoints;
  }

  /** An endpoint's key, only for that endpoint and only when its host passed the key-host rule. */
  endpointKeyOf(id: string): string | undefined {
    const endpoint = this.endpoints().find((e) => e.id === id);
    const key = this.endpointKeys?.get(id);
    return endpoint && key && this.keyHosts.allowsNow(endpoint.baseUrl) ? key : undefined;
  }

  async loadEndpointKeys(): Promise<void> {
    await this.endpointKeys?.load(this.endpoints().map((e) => e.id));
  }

  /** At start: the endpoints' keys, their lists from disk, then from the servers. */
  async initEndpoints(): Promise<void> {
    if (this.endpoints().length === 0) return;
    await this.loadEndpointKeys();
    await this.endpointCatalog.load();
    await this.endpointCatalog.refresh();
  }

  /** The label users know an endpoint by ("OpenRouter" for the built-in one). */
  endpointLabel(modelId: string): string {
    const target = parseQualifiedId(modelId);
    if (!target) return 'OpenRouter';
    return this.endpoints().find((e) => e.id === target.endpointId)?.label ?? target.endpointId;
  }

  /** Keys of every kind this process knows, for redaction. */
  knownSecrets(): string[] {
    return [...this.keys.knownSecrets(), ...(this.endpointKeys?.knownSecrets() ?? [])];
  }

  private describeError(e: ProviderError): string {
    const target = e.model ? parseQualifiedId(e.model) : undefined;
    if (target) return describeEndpointError(e, this.endpointLabel(e.model ?? ''), messageLocale());
    return describeProviderError(e, messageLocale());
  }

  /** Reads the key into memory; call before anything that may reach the network. */
  async loadKey(): Promise<string | undefined> {
    const { key, source } = await this.keys.get();
    this.apiKey = key;
    this.apiKeySource = source;
    return key;
  }

  /**
   * The daily free-tier limit the router counts against: the user's setting when they set one,
   * else what the account has (GET /key), else the setting's default.
   */
  dailyLimit(): number {
    const configured = this.settings.config['freeTier.dailyLimit'];
    if (this.settings.isSetByUser('freeTier.dailyLimit')) return configured;
    return this.accountLimit ?? configured;
  }

  /**
   * Asks GET /key (which spends no free-tier request) whether the account bought credits, once per
   * key. Failures leave the previous value: the next key change or start asks again.
   */
  async checkAccountLimit(): Promise<void> {
    const key = this.apiKey;
    if (!key || key === this.accountLimitKey) return;
    // A background check never asks the host question: a host not yet confirmed waits for a request.
    if (!this.keyHosts.allowsNow(this.settings.config.baseUrl)) return;
    try {
      const info = await fetchKeyInfo(this.providerSettings());
      if (this.apiKey !== key) return;
      this.accountLimitKey = key;
      const limit = accountDailyLimit(info.isFreeTier);
      if (limit !== this.accountLimit) {
        this.accountLimit = limit;
        this.log.info(`Free tier: this account ${info.isFreeTier ? 'has not bought credits' : 'has bought credits'}, so ${limit} free requests per day.`);
        this.modelsChanged.fire();
      }
    } catch (e) {
      this.log.warn(`Free tier: could not read the account's daily limit from GET /key: ${errorText(e)}`);
    }
  }

  get hasKey(): boolean {
    return this.apiKey !== undefined;
  }

  /** Where the key in use comes from; the UI says so when it is the environment variable. */
  get keySource(): KeySource {
    return this.apiKeySource;
  }

  get mode(): ProviderMode {
    return this.settings.config.providerMode;
  }

  /**
   * Asks, when needed, whether the key may go to the configured base URL's host. Every path that
   * sends the key calls it before the request, after loadKey().
   */
  clearKeyHost(): Promise<KeyHostDecision> {
    return this.keyHosts.check(this.settings.config.baseUrl);
  }

  /** The key is handed out only for a host that passed clearKeyHost(), so a path that forgot to ask sends none. */
  providerSettings(): ProviderSettings {
    const baseUrl = this.settings.config.baseUrl;
    const apiKey = this.keyHosts.allowsNow(baseUrl) ? (this.apiKey ?? '') : '';
    return { apiKey, baseUrl, appUrl: APP_URL, appTitle: APP_TITLE };
  }

  /** One provider per (mode, base URL, key): a change to any applies to the next request. */
  currentProvider(): ChatProvider {
    const config = this.settings.config;
    const settings = this.providerSettings();
    const signature = `${config.providerMode}\u0000${settings.baseUrl}\u0000${settings.apiKey}`;
    if (this.provider?.signature !== signature) {
      this.provider = { signature, provider: createProvider(config.providerMode, settings) };
    }
    return this.provider.provider;
  }

  enabledModels(): CatalogModel[] {
    const config = this.settings.config;
    const openRouterIds = config.enabledModels.filter((id) => !parseQualifiedId(id));
    const fromEndpoints = this.enabledEndpointModels();
    const resolved = this.catalog.resolveEnabled(openRouterIds, { freeOnly: config.freeModelsOnly, health: (id) => this.router.healthOf(id) });
    // Only endpoint models chosen: OpenRouter's recommended defaults do not join them.
    if (resolved.defaulted && openRouterIds.length === 0 && fromEndpoints.length > 0) return fromEndpoints;
    const byId = new Map([...resolved.models, ...fromEndpoints].map((m) => [m.id, m]));
    const ordered = config.enabledModels.flatMap((id) => byId.get(id) ?? []);
    return resolved.defaulted ? [...resolved.models, ...fromEndpoints] : ordered;
  }

  /**
   * Enabled `@endpoint/model` ids whose endpoint is configured (paid ones left out while free-only
   * is on). A model its server has not listed is kept: the server may just be off.
   */
  enabledEndpointModels(): CatalogModel[] {
    const config = this.settings.config;
    const out: CatalogModel[] = [];
    for (const id of new Set(config.enabledModels)) {
      const target = parseQualifiedId(id);
      const endpoint = target && this.endpoints().find((e) => e.id === target.endpointId);
      if (!target || !endpoint) continue;
      const listed = this.endpointCatalog.modelsOf(endpoint).find((m) => m.id === id);
      const model = endpointCatalogModel(listed ?? this.endpointCatalog.modelsOf({ ...endpoint, models: [target.model] })[0]);
      if (config.freeModelsOnly && !model.free) continue;
      out.push(model);
    }
    return out;
  }

  /** Every model every endpoint offers, as the rest of the host reads models. */
  endpointModels(): CatalogModel[] {
    return this.endpointCatalog.models().map(endpointCatalogModel);
  }

  enabledModelIds(): string[] {
    return this.enabledModels().map((m) => m.id);
  }

  /** True when every enabled model is cooling down (the status bar warns). */
  allCoolingDown(): boolean {
    const ids = this.enabledModelIds();
    return ids.length > 0 && ids.every((id) => this.router.healthOf(id).coolingDown === true);
  }

  notifyModelsChanged(): void {
    this.modelsChanged.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** Enabled models the router skips (no longer offered, unknown, or paid under free-only): the user hears it once. */
  private reportGoneEnabled(): void {
    const config = this.settings.config;
    const openRouterIds = config.enabledModels.filter((id) => !parseQualifiedId(id));
    if (openRouterIds.length === 0 && config.enabledModels.length > 0) return;
    reportSkippedModels(this.catalog.resolveEnabled(openRouterIds, { freeOnly: config.freeModelsOnly }), this.reportedGone, this.log);
  }
}

/** An endpoint's model in the catalog's shape: named with its endpoint's label, capabilities unknown. */
function endpointCatalogModel(m: EndpointModel): CatalogModel {
  return {
    id: m.id,
    name: `${m.model} (${m.endpointLabel})`,
    provider: m.endpointId,
    contextLength: 0,
    capabilities: { reasoning: false, vision: false, toolCalling: false },
    capabilitiesUnknown: true,
    useCases: ['general'],
    description: m.endpointLabel,
    free: m.free,
    isRouter: false,
    source: 'live',
    endpoint: { id: m.endpointId, label: m.endpointLabel },
  };
}
