// Writes to settings from commands, the settings page and the API: validated first, so an invalid
// value is never written.
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { SETTING_KEYS, SETTINGS_SECTION, validateSetting, type SettingKey } from '../../core/config';
import { exportConfiguration, parseConfigurationImport } from './mapping/configTransfer';
import type { BackendResult } from '../../protocol/settingsBackend';
import type { OpenRouterServices } from '../services';

export async function setSetting(services: OpenRouterServices, key: SettingKey, value: unknown): Promise<BackendResult> {
  if (!SETTING_KEYS.includes(key)) return { ok: false, message: vscode.l10n.t('Unknown setting {0}.', String(key)) };
  const checked = validateSetting(key, value);
  if (!checked.ok) return { ok: false, message: `${SETTINGS_SECTION}.${key}: ${checked.message}` };
  await services.settings.update(key, checked.value);
  return { ok: true };
}

/** Enabling or disabling one model; an empty setting stands for the defaults, so start from them. */
export async function toggleModel(services: OpenRouterServices, id: string, enabled: boolean): Promise<BackendResult> {
  const configured = services.settings.config.enabledModels;
  const current = configured.length ? configured : services.enabledModelIds();
  const next = enabled ? (current.includes(id) ? current : [...current, id]) : current.filter((m) => m !== id);
  if (!enabled && next.length === 0) {
    return { ok: false, message: vscode.l10n.t('At least one model must stay enabled.') };
  }
  services.log.info(`${enabled ? 'Enabled' : 'Disabled'} model ${id}.`);
  return setSetting(services, 'enabledModels', next);
}

export async function exportConfig(services: OpenRouterServices): Promise<BackendResult> {
  const t = vscode.l10n.t;
  const target = await vscode.window.showSaveDialog({
    title: t('Export OpenRouter Dual Configuration'),
    defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir()), 'openrouter-dual.json'),
    filters: { JSON: ['json'] },
  });
  if (!target) return { ok: false, message: t('Export cancelled.') };
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(exportConfiguration(services.settings.config, new Date())));
  services.log.info(`Configuration exported to ${target.fsPath}.`);
  return { ok: true, message: t('Configuration exported to {0} (the API key is not included).', target.fsPath) };
}

export async function importConfig(services: OpenRouterServices): Promise<BackendResult> {
  const t = vscode.l10n.t;
  const picked = await vscode.window.showOpenDialog({ title: t('Import OpenRouter Dual Configuration'), canSelectMany: false, filters: { JSON: ['json'] } });
  const source = picked?.[0];
  if (!source) return { ok: false, message: t('Import cancelled.') };
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
  } catch (e) {
    return { ok: false, message: t('Could not read {0}: {1}', source.fsPath, (e as Error).message) };
  }
  const parsed = parseConfigurationImport(text);
  if (!parsed.ok) {
    services.log.warn(`Import of ${source.fsPath} refused: ${parsed.errors.join('; ')}`);
    return { ok: false, message: t('Nothing was imported from {0}: {1}', source.fsPath, parsed.errors.join('; ')) };
  }
  // A file must not move the key elsewhere unnoticed: a new base URL asks the same question as a request.
  const baseUrl = parsed.values.baseUrl;
  const previous = services.settings.config.baseUrl;
  if (typeof baseUrl === 'string' && baseUrl !== previous) {
    const host = await services.keyHosts.check(baseUrl);
    if (!host.ok) {
      services.log.warn(`Import of ${source.fsPath} refused: base URL ${baseUrl} (${host.reason}); nothing changed.`);
      const why =
        host.reason === 'refused'
          ? t('it sets openrouterDual.baseUrl to {0}, and sending your key there was not confirmed', baseUrl)
          : host.message.replace(/[.。]$/, '');
      return { ok: false, message: t('Nothing was imported from {0}: {1}. The base URL stays {2} and no other setting changed.', source.fsPath, why, previous) };
    }
  }
  for (const [key, value] of Object.entries(parsed.values)) await services.settings.update(key as SettingKey, value);
  services.log.info(`Configuration imported from ${source.fsPath}: ${Object.keys(parsed.values).join(', ')}.`);
  return { ok: true, message: t('Imported {0} settings from {1}.', Object.keys(parsed.values).length, source.fsPath) };
}
