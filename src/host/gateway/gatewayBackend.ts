// What the core gateway needs, over the same services the chat uses: the key and key-host checks,
// the settings' request defaults, the router, and the design's configuration API.
import * as vscode from 'vscode';
import { keyNotReady } from '../key/keyReady';
import type { ConfigApiBackend, GatewayBackend } from '../../core/gateway';
import { PROVIDER_MODES } from '../../core/providers/types';
import type { RouteRequest, RouterEvent } from '../../core/router/types';
import { runConnectionTest } from '../key/connectionTest';
import { AUTO_MODEL_ID } from '../models/mapping/vendor';
import { toChatOptions } from '../settings/mapping/routerSettings';
import { applySettings } from '../settings/settingsWriter';
import { providerModeLabels } from '../shared/choiceLabels';
import type { OpenRouterServices } from '../services';

export function createGatewayBackend(services: OpenRouterServices): GatewayBackend {
  return {
    route: (request) => route(services, request),
    models: () => [
      { id: AUTO_MODEL_ID, name: vscode.l10n.t('OpenRouter Auto') },
      ...services.enabledModels().map((m) => ({ id: m.id, name: m.name, contextLength: m.contextLength })),
    ],
    autoIds: [AUTO_MODEL_ID],
    config: configApi(services),
    log: (level, message) => services.log[level](message),
  };
}

/** As the chat and the API route: no key or a refused key host ends as a `failed` event. */
async function* route(services: OpenRouterServices, request: RouteRequest): AsyncIterable<RouterEvent> {
  const refusal = await keyNotReady(services);
  if (refusal) {
    yield refusal;
    return;
  }
  yield* services.router.route({ ...request, options: toChatOptions(services.settings.config, request.options) });
}

function configApi(services: OpenRouterServices): ConfigApiBackend {
  return {
    modes: () => PROVIDER_MODES.map((id) => ({ id, label: providerModeLabels(vscode.l10n.t)[id].label, current: services.settings.config.providerMode === id })),
    freeModels: () => services.catalog.free(),
    recommendedModels: (useCase, limit) =>
      services.catalog.recommend(useCase, { limit, health: (id) => services.router.healthOf(id) }).map((r) => ({ id: r.model.id, score: r.score, why: r.why })),
    models: () => services.enabledModels(),
    config: () => structuredClone(services.settings.config),
    hasKey: () => services.hasKey,
    configure: (values) => applySettings(services, values),
    setApiKey: async (key) => {
      await services.keys.store(key);
      await services.loadKey();
      services.log.info('API key set through the local gateway (stored in SecretStorage).');
      return { ok: true };
    },
    testConnection: () => runConnectionTest(services, () => undefined),
  };
}
