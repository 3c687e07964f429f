// The core objects the host adapters share: settings, key, catalog, router, provider and log.
import * as vscode from 'vscode';
import { FreeModelCatalog } from '../core/catalog';
import type { CatalogModel } from '../core/catalog/types';
import { createProvider, describeProviderError } from '../core/providers';
import type { ChatProvider, ProviderMode, ProviderSettings } from '../core/providers/types';
import { APP_TITLE, APP_URL } from '../core/shared/identity';
import { ModelRouter } from '../core/router';
import { isFreeModelId } from '../core/shared/modelIds';
import type { Log } from './status/log';
import type { ApiKeyStore, KeySource } from './key/secrets';
import type { HostSettings } from './settings/settingsReader';
import { toRouterSettings } from './settings/mapping/routerSettings';
import { reportSkippedModels } from './models/skippedModelNotice';

/** The language of core's error messages follows VS Code's display language. */
export function messageLocale(): 'en' | 'zh-cn' {
  return vscode.env.language.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en';
}

export class OpenRouterServices implements vscode.Disposable {
  readonly catalog: FreeModelCatalog;
  readonly router: ModelRouter;
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

  constructor(
    readonly settings: HostSettings,
    readonly keys: ApiKeyStore,
    readonly log: Log,
    cacheFile: string,
  ) {
    this.catalog = new FreeModelCatalog({
      baseUrl: () => this.settings.config.baseUrl,
      cacheFile,
      maxAgeMs: () => this.settings.config.modelListMaxAgeMinutes * 60_000,
      clock: () => Date.now(),
      log: (level, message) => this.log[level](`Models: ${message}`),
      locale: messageLocale,
    });
    this.router = new ModelRouter({
      provider: () => this.currentProvider(),
      models: () => {
        // Every request checks the list's age, so a long-running window refreshes it in the
        // background (stale data is served meanwhile); only after the disk cache was read.
        if (this.catalogLoaded) this.catalog.ensureFresh();
        return this.enabledModelIds();
      },
      settings: () => toRouterSettings(this.settings.config),
      isFree: (id) => this.catalog.get(id)?.free ?? isFreeModelId(id),
      describeError: (e) => describeProviderError(e, messageLocale()),
      // The router's own messages (budget, cooldowns, cut-short notes) in the same language.
      locale: messageLocale,
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
      }),
      this.keys.onDidChange(() => void this.loadKey().then(() => this.modelsChanged.fire())),
      this.modelsChanged,
    );
  }

  /** Called once the disk cache is read: from now on a stale list is refreshed in the background. */
  onCatalogLoaded(): void {
    this.catalogLoaded = true;
    this.notifyModelsChanged();
    this.catalog.ensureFresh();
  }

  /** Reads the key into memory; call before anything that may reach the network. */
  async loadKey(): Promise<string | undefined> {
    const { key, source } = await this.keys.get();
    this.apiKey = key;
    this.apiKeySource = source;
    return key;
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

  providerSettings(): ProviderSettings {
    return { apiKey: this.apiKey ?? '', baseUrl: this.settings.config.baseUrl, appUrl: APP_URL, appTitle: APP_TITLE };
  }

  /** One provider per (mode, base URL, key): a change to any applies to the next request. */
  currentProvider(): ChatProvider {
    const config = this.settings.config;
    const signature = `${config.providerMode}\u0000${config.baseUrl}\u0000${this.apiKey ?? ''}`;
    if (this.provider?.signature !== signature) {
      this.provider = {
        signature,
        provider: createProvider(config.providerMode, this.providerSettings()),
      };
    }
    return this.provider.provider;
  }

  enabledModels(): CatalogModel[] {
    const config = this.settings.config;
    return this.catalog.resolveEnabled(config.enabledModels, { freeOnly: config.freeModelsOnly, health: (id) => this.router.healthOf(id) }).models;
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
    reportSkippedModels(this.catalog.resolveEnabled(config.enabledModels, { freeOnly: config.freeModelsOnly }), this.reportedGone, this.log);
  }
}
