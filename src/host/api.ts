// The API other extensions get from `vscode.extensions.getExtension('openrouter-dual.openrouter-dual').exports`
// (replacing the seed's REST endpoints). Types only from core, so it reads well as a `.d.ts`.
import * as vscode from 'vscode';
import type { Config, SettingKey } from '../core/config';
import type { CatalogModel, UseCase } from '../core/catalog/types';
import { PROVIDER_MODES, type ChatMessage, type ChatOptions, type ProviderMode } from '../core/providers/types';
import type { RouterEvent, RouterSettings, StatsSnapshot } from '../core/router/types';
import type { ConnectionStep } from '../protocol/pageMessages';
import { providerModeLabels } from './shared/choiceLabels';
import type { FreeModelCatalog } from '../core/catalog';
import { setSetting, type SettingsWrites } from './settings/settingsWriter';
import { runConnectionTest, type ConnectionTesting } from './key/connectionTest';
import { toChatOptions, toRouterSettings } from './settings/mapping/routerSettings';
import type { EnabledModels } from './models/modelSelection';
import type { RouterView } from './openrouter/routes';
import { routeWhenReady } from './openrouter/routeWhenReady';

export interface ProviderModeInfo {
  id: ProviderMode;
  label: string;
  current: boolean;
}

export interface RecommendedModel {
  id: string;
  score: number;
  why: string;
}

export interface ApiChatRequest {
  messages: ChatMessage[];
  /** An OpenRouter model id to try first; omitted: the router picks by strategy. Refused when paid and free-only is on. */
  model?: string;
  /** Never fail over from `model`. */
  pinned?: boolean;
  options?: ChatOptions;
  signal?: AbortSignal;
}

export interface OpenRouterDualApi {
  readonly apiVersion: 1;
  modes(): ProviderModeInfo[];
  /** Usable free models of the current list. */
  freeModels(): CatalogModel[];
  recommendedModels(useCase?: UseCase, limit?: number): RecommendedModel[];
  /** The models the router uses now (the enabled ones, or the recommended defaults). */
  models(): CatalogModel[];
  getConfiguration(): Config;
  /** Validated; an invalid value is refused with a message and not written. */
  setConfiguration(key: SettingKey, value: unknown): Promise<{ ok: boolean; message?: string }>;
  testConnection(): Promise<{ ok: boolean; summary: string; steps: ConnectionStep[] }>;
  routerConfiguration(): RouterSettings & { enabledModels: string[] };
  statistics(): StatsSnapshot;
  /**
   * Streams router events; a missing key or any failure arrives as a `failed` event, never a throw.
   * While `freeModelsOnly` is on, a paid `model` (or paid `options.fallbackModels`) is never sent:
   * the chat ends with a `failed` event of kind `not_free` that names the model and the setting.
   */
  chat(request: ApiChatRequest): AsyncIterable<RouterEvent>;
  onDidChangeModels(listener: () => void): vscode.Disposable;
}

/** What the API reads, writes and sends through. */
export type ApiServices = ConnectionTesting &
  SettingsWrites & {
    catalog: Pick<FreeModelCatalog, 'free' | 'recommend'>;
    models: EnabledModels;
    router: RouterView;
  };

export function createApi(services: ApiServices): OpenRouterDualApi {
  return {
    apiVersion: 1,
    modes: () =>
      PROVIDER_MODES.map((id) => ({
        id,
        label: providerModeLabels(vscode.l10n.t)[id].label,
        current: services.settings.config.providerMode === id,
      })),
    freeModels: () => services.catalog.free(),
    recommendedModels: (useCase = 'general', limit = 5) =>
      services.catalog.recommend(useCase, { limit, health: (id) => services.router.healthOf(id) }).map((r) => ({ id: r.model.id, score: r.score, why: r.why })),
    models: () => services.models.enabledModels(),
    // A deep copy: a caller editing the result (e.g. pushing to enabledModels) must not change ours.
    getConfiguration: () => structuredClone(services.settings.config),
    setConfiguration: (key, value) => setSetting(services, key, value),
    testConnection: () => runConnectionTest(services, () => undefined),
    routerConfiguration: () => ({ ...toRouterSettings(services.settings.config), enabledModels: services.models.enabledModelIds() }),
    statistics: () => services.router.stats.snapshot(),
    chat: (request) => chat(services, request),
    onDidChangeModels: (listener) => services.models.onDidChange(listener),
  };
}

function chat(services: ApiServices, request: ApiChatRequest): AsyncIterable<RouterEvent> {
  return routeWhenReady(services.access, () => {
    services.log.info(`API chat${request.model ? ` (model ${request.model})` : ''}: ${request.messages.length} messages.`);
    return {
      messages: request.messages,
      options: toChatOptions(services.settings.config, request.options),
      signal: request.signal,
      preferredModel: request.model,
      pinned: request.pinned,
    };
  });
}
