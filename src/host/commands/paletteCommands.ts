// The "OpenRouter" commands of the command palette.
import * as vscode from 'vscode';
import { notify } from '../status/notify';
import type { Config } from '../../core/config';
import { providerModeLabels, routingStrategyLabels, type ChoiceLabel } from '../shared/choiceLabels';
import type { FreeModelCatalog } from '../../core/catalog';
import { exportConfig, importConfig, setSetting, toggleModel, type GuardedWrites, type ModelToggles } from '../settings/settingsWriter';
import { runConnectionTest, type ConnectionTesting } from '../key/connectionTest';
import { clearStoredKey, promptAndStoreKey, type KeyCommands } from '../key/keyOperations';
import { refreshModelList, type ModelListRefresh } from '../models/modelListRefresh';
import { addEndpoint, type EndpointAdding } from '../endpoints/endpointCommands';
import { setEndpointKey } from '../endpoints/endpointOperations';
import type { Endpoints } from '../endpoints/endpoints';
import type { RouterView } from '../openrouter/routes';
import type { BackendResult } from '../../protocol/settingsBackend';
import { TROUBLESHOOTING_COMMAND, troubleshootingAnchor, troubleshootingTarget } from '../chat/render/troubleshooting';
import { messageLocale } from '../status/messageLocale';

/** What the palette's commands use, each through its own narrow part. */
export type PaletteServices = KeyCommands &
  ConnectionTesting &
  ModelListRefresh &
  GuardedWrites &
  ModelToggles &
  EndpointAdding & {
    catalog: Pick<FreeModelCatalog, 'free' | 'get'>;
    endpoints: Pick<Endpoints, 'models'>;
    router: RouterView;
  };

export interface CommandDeps {
  services: PaletteServices;
  /** Opens the settings page, optionally at a section (e.g. 'statistics'). */
  openSettings(section?: string): void;
  /** The extension's folder, where the shipped docs are. */
  extensionUri: vscode.Uri;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { services } = deps;
  const t = vscode.l10n.t;
  const register = (id: string, run: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(`openrouterDual.${id}`, run);
  return [
    register('setApiKey', async () => show(await promptAndStoreKey(services), { setKeyOnError: true, quietIf: t('No key was entered; nothing changed.') })),
    register('clearApiKey', async () => show(await clearStoredKey(services))),
    register('testConnection', () => testConnection(services)),
    register('refreshModels', async () =>
      show(
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: t('OpenRouter: refreshing the free model list…') }, () =>
          refreshModelList(services),
        ),
      ),
    ),
    register('openSettings', (section?: unknown) => deps.openSettings(typeof section === 'string' ? section : undefined)),
    register('showStatistics', () => deps.openSettings('statistics')),
    register('switchProviderMode', () =>
      pickSetting(services, 'providerMode', providerModeLabels(t), {
        title: t('OpenRouter: Provider Mode'),
        placeHolder: t('How requests reach OpenRouter (applies to the next request)'),
      }),
    ),
    register('switchRoutingStrategy', () => pickSetting(services, 'routingStrategy', routingStrategyLabels(t), { title: t('OpenRouter: Routing Strategy') })),
    register('exportConfiguration', async () => show(await exportConfig(services), { quietIf: t('Export cancelled.') })),
    register('importConfiguration', async () => show(await importConfig(services), { quietIf: t('Import cancelled.') })),
    register('showLog', () => services.log.show()),
    register('openTroubleshooting', (section?: unknown) => openTroubleshooting(deps.extensionUri, section)),
    register('addEndpoint', async () => show(await addEndpoint(services), { quietIf: t('No endpoint was added.') })),
    register('setEndpointKey', async (id?: unknown) => show(await setEndpointKey(services, typeof id === 'string' ? id : undefined), { quietIf: t('No key was entered; nothing changed.') })),
    register('toggleModel', async (id?: unknown, enabled?: unknown) => {
      if (typeof id === 'string' && typeof enabled === 'boolean') {
        const result = await toggleModel(services, id, enabled);
        if (result.ok) void notify.info(enabled ? t('Enabled {0}.', id) : t('Disabled {0}.', id));
        else show(result);
        return;
      }
      await chooseModels(services);
    }),
  ];

  /** `quietIf`: the failure that means the user closed a box or dialog, which needs no notification. */
  function show(result: BackendResult, opts: { setKeyOnError?: boolean; quietIf?: string } = {}): void {
    if (result.ok) {
      if (result.message) void notify.info(result.message);
      return;
    }
    if (result.message === opts.quietIf) return;
    const again = t('Set API Key');
    void notify.error(result.message, ...(opts.setKeyOnError ? [again] : [])).then((choice) => {
      if (choice === again) void vscode.commands.executeCommand('openrouterDual.setApiKey');
    });
  }
}

/** The shipped troubleshooting page in the Markdown preview, at a section when one is given (an anchor). */
function openTroubleshooting(extensionUri: vscode.Uri, section: unknown): Thenable<unknown> {
  const asked = typeof section === 'string' && /^[\p{L}\p{N}_-]{1,80}$/u.test(section) ? section : undefined;
  const { file, anchor } = troubleshootingTarget(asked, messageLocale());
  const page = vscode.Uri.joinPath(extensionUri, 'docs', file);
  return vscode.commands.executeCommand('markdown.showPreview', anchor ? page.with({ fragment: anchor }) : page);
}

async function testConnection(services: PaletteServices): Promise<void> {
  const t = vscode.l10n.t;
  const abort = new AbortController();
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t('OpenRouter: testing the connection'), cancellable: true },
    async (progress, token) => {
      const cancelled = token.onCancellationRequested(() => abort.abort());
      progress.report({ message: t('checking the API key…') });
      try {
        return await runConnectionTest(
          services,
          (step) => {
            if (step.id === 'key' && step.ok) progress.report({ message: t('key accepted; sending a tiny chat request…') });
          },
          abort.signal,
        );
      } finally {
        cancelled.dispose();
      }
    },
  );
  // The user pressed Cancel: that is not a failed connection.
  if (abort.signal.aborted) return;
  if (result.ok) {
    void notify.info(result.summary + '\n' + result.steps.map((s) => `${s.label}: ${s.message}`).join('\n'));
    return;
  }
  const keyProblem = result.steps.some((s) => s.id === 'key' && !s.ok);
  const actions = [...(keyProblem ? [t('Set API Key')] : [t('Open Settings'), t('Show Log')]), t('Troubleshooting')];
  const choice = await notify.error(t('OpenRouter connection test failed: {0}', result.summary), ...actions);
  if (choice === t('Set API Key')) void vscode.commands.executeCommand('openrouterDual.setApiKey');
  else if (choice === t('Open Settings')) void vscode.commands.executeCommand('openrouterDual.openSettings');
  else if (choice === t('Show Log')) services.log.show();
  else if (choice === t('Troubleshooting')) void vscode.commands.executeCommand(TROUBLESHOOTING_COMMAND, troubleshootingAnchor(keyProblem ? 'auth' : 'network'));
}

/** One quick pick for a setting with fixed choices; the chosen value applies to the next request. */
async function pickSetting<K extends 'providerMode' | 'routingStrategy'>(
  services: PaletteServices,
  key: K,
  labels: Record<Config[K], ChoiceLabel>,
  options: vscode.QuickPickOptions,
): Promise<void> {
  const current = services.settings.config[key];
  const values = Object.keys(labels) as Config[K][];
  const picked = await vscode.window.showQuickPick(
    values.map((value) => ({ ...labels[value], description: value === current ? vscode.l10n.t('current') : undefined, value })),
    options,
  );
  if (!picked || picked.value === current) return;
  const result = await setSetting(services, key, picked.value);
  if (!result.ok) void notify.error(result.message);
}

/**
 * The multi-select list behind "Enable Other Models". Enabled models outside the free list (paid
 * ones when free-only is off, ids the current list does not know) are offered too, so saving never
 * drops them silently; the saved order keeps the user's priority (failover order) and appends new picks.
 */
async function chooseModels(services: PaletteServices): Promise<void> {
  const t = vscode.l10n.t;
  const enabledIds = services.models.enabledModelIds();
  const enabled = new Set(enabledIds);
  // Endpoint models are offered next to OpenRouter's free ones, named with their endpoint.
  const free = [...services.catalog.free(), ...services.endpoints.models()];
  const freeIds = new Set(free.map((m) => m.id));
  const items = [
    ...free.map((m) => ({
      label: m.id,
      description: m.endpoint
        ? m.endpoint.label
        : [m.capabilities.reasoning && t('reasoning'), m.capabilities.toolCalling && t('tools'), m.capabilities.vision && t('vision')].filter(Boolean).join(' · '),
      detail: services.router.healthOf(m.id).coolingDown ? t('cooling down') : undefined,
      picked: enabled.has(m.id),
    })),
    ...enabledIds
      .filter((id) => !freeIds.has(id))
      .map((id) => ({
        label: id,
        description: services.catalog.get(id)?.free === false ? t('paid') : t('not in the current model list'),
        detail: undefined,
        picked: true,
      })),
  ];
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: t('OpenRouter: Enabled Models'), placeHolder: t('The router uses the checked models') });
  if (!picked) return;
  if (picked.length === 0) {
    void notify.warn(t('At least one model must stay enabled; nothing changed.'));
    return;
  }
  const pickedIds = picked.map((p) => p.label);
  const kept = enabledIds.filter((id) => pickedIds.includes(id));
  const added = pickedIds.filter((id) => !enabled.has(id));
  const result = await setSetting(services, 'enabledModels', [...kept, ...added]);
  if (!result.ok) void notify.error(result.message);
}
