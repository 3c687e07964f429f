// The API other extensions get from `vscode.extensions.getExtension('openrouter-dual.openrouter-dual').exports`
// (replacing the seed's REST endpoints). Types only from core, so it reads well as a `.d.ts`.
import type * as vscode from 'vscode';
import type { Config, SettingKey } from '../core/config';
import type { CatalogModel, UseCase } from '../core/catalog/types';
import type { ChatMessage, ChatOptions } from '../core/providers/types';
import type { RouterEvent, RouterSettings, StatsSnapshot } from '../core/router/types';
import type { ConnectionStep } from '../protocol/pageMessages';
import type { HostConfiguration, ProviderModeInfo, RecommendedModel } from './configuration/hostConfiguration';
import { setSetting, type SettingsWrites } from './settings/settingsWriter';
import { toRouterSettings } from './settings/mapping/routerSettings';
import type { EnabledModels } from './models/modelSelection';
import type { RouterView } from './openrouter/routes';

export type { ProviderModeInfo, RecommendedModel } from './configuration/hostConfiguration';

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

/** What the API adds to the shared configuration object: writes, the router's settings and statistics. */
export type ApiServices = SettingsWrites & {
  models: Pick<EnabledModels, 'enabledModelIds' | 'onDidChange'>;
  router: Pick<RouterView, 'stats'>;
};

export function createApi(host: HostConfiguration, services: ApiServices): OpenRouterDualApi {
  return {
    apiVersion: 1,
    modes: () => host.modes(),
    freeModels: () => host.freeModels(),
    recommendedModels: (useCase = 'general', limit = 5) => host.recommendedModels(useCase, limit),
    models: () => host.models(),
    getConfiguration: () => host.configuration(),
    setConfiguration: (key, value) => setSetting(services, key, value),
    testConnection: () => host.testConnection(),
    routerConfiguration: () => ({ ...toRouterSettings(services.settings.config), enabledModels: services.models.enabledModelIds() }),
    statistics: () => services.router.stats.snapshot(),
    chat: (request) =>
      host.route({ messages: request.messages, options: request.options, signal: request.signal, preferredModel: request.model, pinned: request.pinned }, () =>
        services.log.info(`API chat${request.model ? ` (model ${request.model})` : ''}: ${request.messages.length} messages.`),
      ),
    onDidChangeModels: (listener) => services.models.onDidChange(listener),
  };
}
