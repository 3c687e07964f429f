// What the extension API and the local gateway's configuration API both offer, built once over the
// host services: the modes, the free, recommended and enabled models, the configuration, the
// connection test, and a request routed as the chat routes it (key and key host first, then the
// settings' request defaults). The API and the gateway each wrap this one object.
import * as vscode from 'vscode';
import type { FreeModelCatalog } from '../../core/catalog';
import type { CatalogModel, UseCase } from '../../core/catalog/types';
import type { Config } from '../../core/config';
import { PROVIDER_MODES, type ProviderMode } from '../../core/providers/types';
import type { RouteRequest, RouterEvent } from '../../core/router/types';
import { runConnectionTest, type ConnectionTestResult, type ConnectionTesting } from '../key/connectionTest';
import type { EnabledModels } from '../models/modelSelection';
import type { RouterView } from '../openrouter/routes';
import { routeWhenReady } from '../openrouter/routeWhenReady';
import { toChatOptions } from '../settings/mapping/routerSettings';
import { providerModeLabels } from '../shared/choiceLabels';

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

export interface HostConfiguration {
  modes(): ProviderModeInfo[];
  /** Usable free models of the current list. */
  freeModels(): CatalogModel[];
  recommendedModels(useCase: UseCase, limit: number): RecommendedModel[];
  /** The models the router uses now (the enabled ones, or the recommended defaults). */
  models(): CatalogModel[];
  /** A deep copy: a caller editing the result (e.g. pushing to enabledModels) must not change ours. */
  configuration(): Config;
  testConnection(): Promise<ConnectionTestResult>;
  /**
   * Routes as the chat does: no key or a refused key host ends as a `failed` event and nothing is
   * sent; `beforeSend` runs once the request may go. Never throws.
   */
  route(request: RouteRequest, beforeSend?: () => void): AsyncIterable<RouterEvent>;
}

export type ConfigurationServices = ConnectionTesting & {
  catalog: Pick<FreeModelCatalog, 'free' | 'recommend'>;
  models: Pick<EnabledModels, 'enabledModels'>;
  router: Pick<RouterView, 'healthOf'>;
};

export function createHostConfiguration(services: ConfigurationServices): HostConfiguration {
  return {
    modes: () =>
      PROVIDER_MODES.map((id) => ({ id, label: providerModeLabels(vscode.l10n.t)[id].label, current: services.settings.config.providerMode === id })),
    freeModels: () => services.catalog.free(),
    recommendedModels: (useCase, limit) =>
      services.catalog.recommend(useCase, { limit, health: (id) => services.router.healthOf(id) }).map((r) => ({ id: r.model.id, score: r.score, why: r.why })),
    models: () => services.models.enabledModels(),
    configuration: () => structuredClone(services.settings.config),
    testConnection: () => runConnectionTest(services, () => undefined),
    route: (request, beforeSend) =>
      routeWhenReady(services.access, () => {
        beforeSend?.();
        return { ...request, options: toChatOptions(services.settings.config, request.options) };
      }),
  };
}
