// What the core gateway needs, over the same services the chat uses: the key and key-host checks,
// the settings' request defaults, the router, and the design's configuration API.
import * as vscode from 'vscode';
import type { ConfigApiBackend, GatewayBackend } from '../../core/gateway';
import { PROVIDER_MODES } from '../../core/providers/types';
import type { FreeModelCatalog } from '../../core/catalog';
import { runConnectionTest, type ConnectionTesting } from '../key/connectionTest';
import type { EnabledModels } from '../models/modelSelection';
import { AUTO_MODEL_ID } from '../models/mapping/vendor';
import type { KeyChanges, KeyStatus } from '../openrouter/openRouterAccess';
import type { RouterView } from '../openrouter/routes';
import { routeWhenReady } from '../openrouter/routeWhenReady';
import { toChatOptions } from '../settings/mapping/routerSettings';
import { applySettings, type GuardedWrites } from '../settings/settingsWriter';
import { providerModeLabels } from '../shared/choiceLabels';

/** What the gateway reads, writes and sends through. */
export type GatewayServices = ConnectionTesting &
  GuardedWrites & {
    access: KeyChanges & Pick<KeyStatus, 'hasKey'>;
    catalog: Pick<FreeModelCatalog, 'free' | 'recommend'>;
    models: EnabledModels;
    router: RouterView;
  };

export function createGatewayBackend(services: GatewayServices): GatewayBackend {
  return {
    // As the chat and the API route: no key or a refused key host ends as a `failed` event.
    route: (request) => routeWhenReady(services.access, () => ({ ...request, options: toChatOptions(services.settings.config, request.options) })),
    models: () => [
      { id: AUTO_MODEL_ID, name: vscode.l10n.t('OpenRouter Auto') },
      ...services.models.enabledModels().map((m) => ({ id: m.id, name: m.name, contextLength: m.contextLength })),
    ],
    autoIds: [AUTO_MODEL_ID],
    config: configApi(services),
    log: (level, message) => services.log[level](message),
  };
}

function configApi(services: GatewayServices): ConfigApiBackend {
  return {
    modes: () => PROVIDER_MODES.map((id) => ({ id, label: providerModeLabels(vscode.l10n.t)[id].label, current: services.settings.config.providerMode === id })),
    freeModels: () => services.catalog.free(),
    recommendedModels: (useCase, limit) =>
      services.catalog.recommend(useCase, { limit, health: (id) => services.router.healthOf(id) }).map((r) => ({ id: r.model.id, score: r.score, why: r.why })),
    models: () => services.models.enabledModels(),
    config: () => structuredClone(services.settings.config),
    hasKey: () => services.access.hasKey,
    configure: (values) => applySettings(services, values),
    setApiKey: async (key) => {
      await services.access.storeKey(key);
      services.log.info('API key set through the local gateway (stored in SecretStorage).');
      return { ok: true };
    },
    testConnection: () => runConnectionTest(services, () => undefined),
  };
}
