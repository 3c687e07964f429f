// activate(): wires core to the VS Code host. Kept small and synchronous up to the registrations;
// the SDKs load on the first request, the model list from disk and network in the background.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { createApi, type OpenRouterDualApi } from './host/api';
import { createHostConfiguration } from './host/configuration/hostConfiguration';
import { registerCommands } from './host/commands/paletteCommands';
import { registerChatModels } from './host/models/languageModelProvider';
import { RedactingLog } from './host/status/log';
import { redactNotificationsWith } from './host/status/notify';
import { registerParticipant } from './host/chat/participant';
import { ApiKeyStore } from './host/key/secrets';
import { EndpointKeyStore } from './host/endpoints/endpointKeys';
import type { EndpointConfig } from './core/endpoints';
import { KeyHostGate } from './host/key/keyHostGate';
import { OpenRouterServices } from './host/services';
import { HostSettings } from './host/settings/hostSettings';
import { HostSettingsBackend } from './host/settings/hostSettingsBackend';
import { registerSettingsPanel, showSettingsPanel } from './host/settings/settingsPanel';
import { SharedStatsStore } from './host/stats/sharedStats';
import { FileSharedBudgetStore } from './host/stats/sharedBudgetStore';
import { EndedModelsStore } from './host/models/endedModelsStore';
import { announceEndedModels } from './host/models/endedModelNotice';
import { announceExpiringModels } from './host/models/expiryNotice';
import { ProfileClaims } from './host/models/profileClaims';
import { replaceModel } from './host/settings/settingsWriter';
import { createStatusBar } from './host/status/statusBar';
import { watchBilledModels } from './host/status/billedNotice';
import { VENDOR } from './host/models/mapping/vendor';
import { trackWalkthrough } from './host/walkthrough/walkthroughProgress';
import { GatewayTokenStore } from './host/gateway/gatewayToken';
import { LocalGateway } from './host/gateway/localGateway';
import { registerGatewayCommands } from './host/gateway/gatewayCommands';

export type { OpenRouterDualApi } from './host/api';

let persistence: SharedStatsStore | undefined;
let gateway: LocalGateway | undefined;
const MODEL_REGISTRATION_WAIT_MS = 5_000;
/** A notice's claim outlives its subject (an end date a few days off) by weeks, then goes. */
const NOTICE_CLAIMS_KEPT_MS = 60 * 86_400_000;

export async function activate(context: vscode.ExtensionContext): Promise<OpenRouterDualApi> {
  const started = performance.now();
  const keys = new ApiKeyStore(context.secrets);
  // The gateway's token and the endpoints' keys are secrets like the key: none is ever logged or shown.
  const gatewayTokens = new GatewayTokenStore(context.secrets, (message: string): void => log.warn(message));
  // Read lazily: the settings exist once the log that redacts these keys does.
  const endpointKeys = new EndpointKeyStore(context.secrets, (): readonly EndpointConfig[] => settings.config.endpoints, (message: string): void => log.warn(message));
  // The one list of secrets: the log, notifications, the router's messages and the page's lines redact it.
  const knownSecrets = () => [...keys.knownSecrets(), ...endpointKeys.knownSecrets(), ...gatewayTokens.known()];
  const log = new RedactingLog(knownSecrets);
  const notifications = redactNotificationsWith(knownSecrets);
  const settings = new HostSettings(log);
  const services = new OpenRouterServices({
    settings,
    keys,
    endpointKeys,
    keyHosts: new KeyHostGate(context.globalState, log),
    log,
    cacheFile: join(context.globalStorageUri.fsPath, 'models-cache.json'),
    knownSecrets,
  });
  // One free-tier budget and one set of statistics for every window of the profile.
  services.router.budget.share(new FileSharedBudgetStore(join(context.globalStorageUri.fsPath, 'free-tier-budget'), log));
  const statsStore = new SharedStatsStore(context.globalStorageUri.fsPath, services.router.stats, log, context.globalState);
  persistence = statsStore;
  // Models that ended on OpenRouter: skipped in every window from the start, announced by one.
  const endedStore = new EndedModelsStore(join(context.globalStorageUri.fsPath, 'ended-models'), services.router.ended, log);
  endedStore.load();
  const replace = (old: string, next: string) => replaceModel(services, old, next);
  const endedNotice = announceEndedModels({ ended: services.router.ended, store: endedStore, log, replace });
  // Enabled models about to end (the list's expiration_date): told once per model and date, for all windows.
  const claims = new ProfileClaims(join(context.globalStorageUri.fsPath, 'notices'), log);
  const expiryNotice = announceExpiringModels({ models: services.models, catalog: services.catalog, claims, log, replace });

  // One configuration object behind both the extension API and the gateway's configuration API.
  const configuration = createHostConfiguration(services);
  gateway = new LocalGateway(services, configuration, gatewayTokens);
  const backend = new HostSettingsBackend(services, knownSecrets, gateway);
  context.subscriptions.push(
    keys,
    endpointKeys,
    log,
    notifications,
    settings,
    services,
    persistence,
    watchBilledModels(statsStore, log, () => void services.access.checkAccountLimit(true)),
    endedStore,
    endedNotice,
    expiryNotice,
    registerSettingsPanel(context, backend),
    ...registerCommands({ services, extensionUri: context.extensionUri, openSettings: (section) => showSettingsPanel(context, backend, section) }),
    registerParticipant(context, services),
    registerChatModels(services),
    createStatusBar(services),
    trackWalkthrough(context, keys),
    gatewayTokens,
    gateway,
    ...registerGatewayCommands(gateway),
  );
  gateway.startIfEnabled();
  settings.warnAboutIssues();
  const wiredMs = performance.now() - started;

  // Background: the key (for the status bar), the model list (disk cache, then the network if
  // stale) and the endpoints'. A failing secret store (no OS keyring) is said, not left unhandled.
  services.start();
  // The saved statistics are read and validated after activation returns (a returning user does not
  // wait for zod); a request made before that is added to them, not lost.
  setTimeout(() => {
    statsStore.load();
    claims.prune(NOTICE_CLAIMS_KEPT_MS, Date.now());
  }, 0);

  // VS Code resolves provider models lazily; without this, the first chat request after start
  // fails with "Language model unavailable" (see shared/notes/vscode-host-testing.md). It must be
  // awaited: fired and forgotten, the first request after a restart failed in code-server 1.139
  // ("No activated agent"); awaited, it passed. Bounded, so activation always ends.
  const registered = await Promise.race([
    vscode.lm.selectChatModels({ vendor: VENDOR }).then(
      (models) => `${models.length} models registered in the model picker`,
      (e: unknown) => `the model picker did not resolve our models: ${String(e)}`,
    ),
    new Promise<string>((resolve) => setTimeout(() => resolve(`model registration still pending after ${MODEL_REGISTRATION_WAIT_MS} ms`), MODEL_REGISTRATION_WAIT_MS).unref()),
  ]);
  log.info(`Activated in ${wiredMs.toFixed(1)} ms (wiring), ${(performance.now() - started).toFixed(1)} ms with the model registration; ${registered}.`);
  return createApi(configuration, services);
}

export async function deactivate(): Promise<void> {
  await gateway?.stop();
  persistence?.flush();
}
