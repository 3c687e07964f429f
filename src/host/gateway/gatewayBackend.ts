// What the core gateway needs, over the same services the chat uses: the key and key-host checks,
// the settings' request defaults, the router, and the design's configuration API.
import * as vscode from 'vscode';
import type { GatewayBackend } from '../../core/gateway';
import type { HostConfiguration } from '../configuration/hostConfiguration';
import { AUTO_MODEL_ID } from '../models/mapping/vendor';
import type { KeyChanges, KeyStatus } from '../openrouter/openRouterAccess';
import { applySettings, type GuardedWrites } from '../settings/settingsWriter';
import { notify } from '../status/notify';

/** What the gateway adds to the shared configuration object: the key and writes of several settings at once. */
export type GatewayServices = GuardedWrites & {
  access: KeyChanges & Pick<KeyStatus, 'hasKey'>;
};

/**
 * A program that holds the gateway token stored the first key: the user hears of it, since every
 * chat now goes out on that key's account, and can take it back in one click.
 */
function tellKeySetThroughGateway(): void {
  const t = vscode.l10n.t;
  const remove = t('Remove Key');
  void notify
    .warn(t('A program on this machine stored an OpenRouter API key through the local gateway; chats now use that key\'s account. If you did not do this, remove it and set your own.'), remove)
    .then((choice) => {
      if (choice === remove) void vscode.commands.executeCommand('openrouterDual.clearApiKey');
    });
}

export function createGatewayBackend(host: HostConfiguration, services: GatewayServices): GatewayBackend {
  return {
    // As the chat and the API route: no key or a refused key host ends as a `failed` event.
    route: (request) => host.route(request),
    models: () => [{ id: AUTO_MODEL_ID, name: vscode.l10n.t('OpenRouter Auto') }, ...host.models().map((m) => ({ id: m.id, name: m.name, contextLength: m.contextLength }))],
    autoIds: [AUTO_MODEL_ID],
    config: {
      modes: () => host.modes(),
      freeModels: () => host.freeModels(),
      recommendedModels: (useCase, limit) => host.recommendedModels(useCase, limit),
      models: () => host.models(),
      config: () => host.configuration(),
      hasKey: () => services.access.hasKey,
      configure: (values) => applySettings(services, values),
      setApiKey: async (key) => {
        await services.access.storeKey(key);
        services.log.info('API key set through the local gateway (stored in SecretStorage).');
        tellKeySetThroughGateway();
        return { ok: true };
      },
      testConnection: () => host.testConnection(),
    },
    log: (level, message) => services.log[level](message),
  };
}
