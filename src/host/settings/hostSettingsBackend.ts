// The settings page's backend over the host services (see SettingsBackend in settingsBackend.ts).
import type { SettingKey } from '../../core/config';
import { USE_CASES } from '../../core/catalog/types';
import type { StatsSnapshot } from '../../core/router/types';
import type { ConnectionStep, EndpointDraft, FreeModelEntry, SettingsState } from '../../protocol/pageMessages';
import type { FreeModelCatalog } from '../../core/catalog';
import { endpointEntries, removeEndpoint, saveEndpoint, setEndpointKey, testEndpoint, type EndpointEdits, type EndpointListing } from '../endpoints/endpointOperations';
import { exportConfig, importConfig, setSetting, toggleModel, type GuardedWrites, type ModelToggles } from './settingsWriter';
import { runConnectionTest, type ConnectionTesting } from '../key/connectionTest';
import { clearStoredKey, promptAndStoreKey, type KeyCommands } from '../key/keyOperations';
import { refreshModelList, type ModelListRefresh } from '../models/modelListRefresh';
import type { BackendResult, DisposableLike, LogLevel, SettingsBackend } from '../../protocol/settingsBackend';
import { messageLocale } from '../status/messageLocale';
import * as vscode from 'vscode';
import type { LocalGateway } from '../gateway/localGateway';
import type { EnabledModels } from '../models/modelSelection';
import type { KeyStatus } from '../openrouter/openRouterAccess';
import type { RouterView } from '../openrouter/routes';
import type { HostSettings } from './hostSettings';

/** What the settings page reads and does, each through its own narrow part. */
export type PageServices = KeyCommands &
  ConnectionTesting &
  ModelListRefresh &
  GuardedWrites &
  ModelToggles &
  EndpointEdits &
  EndpointListing & {
    access: KeyStatus;
    settings: Pick<HostSettings, 'onDidChange'>;
    catalog: Pick<FreeModelCatalog, 'query' | 'recommend' | 'stats'>;
    models: EnabledModels;
    router: RouterView & { stats: { reset(): void } };
  };

export class HostSettingsBackend implements SettingsBackend {
  constructor(
    private readonly services: PageServices,
    /** Every secret this process knows, so the page's log lines never carry one. */
    private readonly secrets: () => string[],
    private readonly gateway?: Pick<LocalGateway, 'start' | 'stop' | 'status' | 'clientEnvironment' | 'onDidChange'>,
  ) {}

  async snapshot(): Promise<SettingsState> {
    const { services } = this;
    await services.access.refreshKey();
    const enabled = new Set(services.models.enabledModelIds());
    const health = (id: string) => services.router.healthOf(id);
    const stats = services.catalog.stats();
    const snapshot = this.statsSnapshot();
    const cooldownOf = new Map(snapshot.models.map((m) => [m.model, m.cooldownUntil]));
    const models: FreeModelEntry[] = services.catalog.query({ freeOnly: services.settings.config.freeModelsOnly, includeGone: true }).map((m) => {
      const h = health(m.id);
      return {
        id: m.id,
        name: m.name,
        provider: m.provider,
        contextLength: m.contextLength,
        description: m.description,
        capabilities: { ...m.capabilities },
        useCases: [...m.useCases],
        enabled: enabled.has(m.id),
        gone: m.goneSince !== undefined,
        ...(m.expiresOn ? { expiresOn: m.expiresOn } : {}),
        health: { successRate: h.successRate, ttftMedianMs: h.ttftMedianMs, tokensPerSecond: h.tokensPerSecond, cooldownUntil: cooldownOf.get(m.id) },
      };
    });
    return {
      config: services.settings.config,
      key: { set: services.access.hasKey, source: services.access.keySource },
      models,
      recommendations: USE_CASES.map((useCase) => ({
        useCase,
        picks: services.catalog.recommend(useCase, { limit: 3, health, locale: messageLocale() }).map((r) => ({ id: r.model.id, why: r.why })),
      })),
      catalog: { source: stats.source, fetchedAt: stats.fetchedAt, stale: stats.stale, count: stats.free, lastError: stats.lastError },
      stats: snapshot,
      ...(this.gateway ? { gateway: this.gateway.status() } : {}),
      endpoints: endpointEntries(services),
    };
  }

  saveEndpoint(endpoint: EndpointDraft, originalId?: string): Promise<BackendResult> {
    return saveEndpoint(this.services, endpoint, originalId);
  }

  removeEndpoint(id: string): Promise<BackendResult> {
    return removeEndpoint(this.services, id);
  }

  testEndpoint(id: string): Promise<BackendResult> {
    return testEndpoint(this.services, id);
  }

  /** The Set Endpoint Key command for this endpoint: the key goes into VS Code's password box, never the page. */
  setEndpointKey(id: string): Promise<BackendResult> {
    return setEndpointKey(this.services, id);
  }

  async startGateway(): Promise<BackendResult> {
    if (!this.gateway) return { ok: false, message: vscode.l10n.t('There is no local gateway here.') };
    const result = await this.gateway.start();
    return result.ok ? { ok: true, message: result.message } : { ok: false, message: result.message ?? '' };
  }

  async stopGateway(): Promise<BackendResult> {
    if (!this.gateway) return { ok: false, message: vscode.l10n.t('There is no local gateway here.') };
    const result = await this.gateway.stop();
    return result.ok ? { ok: true, message: result.message } : { ok: false, message: result.message ?? '' };
  }

  /** To the clipboard by the host: the token never passes through the page. */
  async copyGatewayUrl(): Promise<BackendResult> {
    if (!this.gateway) return { ok: false, message: vscode.l10n.t('There is no local gateway here.') };
    await vscode.env.clipboard.writeText(await this.gateway.clientEnvironment());
    return { ok: true, message: vscode.l10n.t('Copied OPENAI_BASE_URL={0} and OPENAI_API_KEY (the gateway token) to the clipboard. Keep the token private.', this.gateway.status().url) };
  }

  setSetting(key: SettingKey, value: unknown): Promise<BackendResult> {
    return setSetting(this.services, key, value);
  }

  toggleModel(id: string, enabled: boolean): Promise<BackendResult> {
    return toggleModel(this.services, id, enabled);
  }

  setApiKey(): Promise<BackendResult> {
    return promptAndStoreKey(this.services);
  }

  clearApiKey(): Promise<BackendResult> {
    return clearStoredKey(this.services);
  }

  async testConnection(report: (step: ConnectionStep) => void): Promise<void> {
    await runConnectionTest(this.services, report);
  }

  refreshModels(): Promise<BackendResult> {
    return refreshModelList(this.services);
  }

  async resetStats(): Promise<BackendResult> {
    this.services.router.stats.reset();
    this.services.log.info('Statistics reset.');
    return { ok: true };
  }

  exportConfig(): Promise<BackendResult> {
    return exportConfig(this.services);
  }

  importConfig(): Promise<BackendResult> {
    return importConfig(this.services);
  }

  onDidChange(listener: () => void): DisposableLike {
    // The models' event also carries the key's, the account limit's and the endpoints' (see services.ts).
    const subs = [this.services.settings.onDidChange(() => listener()), this.services.models.onDidChange(() => listener())];
    if (this.gateway) subs.push(this.gateway.onDidChange(() => listener()));
    return { dispose: () => subs.forEach((s) => s.dispose()) };
  }

  /** The statistics with the ledger, and what GET /key said at its last check. */
  private statsSnapshot(): StatsSnapshot {
    const account = this.services.access.accountUsage;
    return { ...this.services.router.stats.snapshot(), ...(account ? { account } : {}) };
  }

  onStats(listener: (stats: StatsSnapshot) => void): DisposableLike {
    // Events come per request start and end; one snapshot per burst is enough for the page.
    let pending: ReturnType<typeof setTimeout> | undefined;
    const off = this.services.router.stats.onEvent(() => {
      pending ??= setTimeout(() => {
        pending = undefined;
        listener(this.statsSnapshot());
      }, 200);
    });
    return {
      dispose: () => {
        off();
        if (pending) clearTimeout(pending);
      },
    };
  }

  log(level: LogLevel, message: string): void {
    this.services.log[level](`Settings page: ${message}`);
  }

  knownSecrets(): string[] {
    return this.secrets();
  }
}
