// Writes to settings from commands, the settings page and the API: validated first, so an invalid
// value is never written.
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { SETTING_KEYS, SETTINGS_SECTION, validateSetting, type SettingKey } from '../../core/config';
import { exportConfiguration, parseConfigurationImport } from './mapping/configTransfer';
import type { BackendResult } from '../../protocol/settingsBackend';
import { errorText } from '../../core/shared/errorText';
import type { KeyHostGate } from '../key/keyHostGate';
import type { EnabledModels } from '../models/modelSelection';
import type { Log } from '../status/log';
import { messageLocale } from '../status/messageLocale';
import type { HostSettings } from './hostSettings';

/** What a plain write needs: the settings and the log. */
export interface SettingsWrites {
  settings: Pick<HostSettings, 'config' | 'update' | 'storedValue'>;
  log: Log;
}

/** A toggle starts from the models in use when none is configured. */
export interface ModelToggles extends SettingsWrites {
  models: Pick<EnabledModels, 'enabledModelIds'>;
}

/** Writes that may move the base URL ask the key-host question first. */
export interface GuardedWrites extends SettingsWrites {
  keyHosts: Pick<KeyHostGate, 'check'>;
}

/**
 * Every write goes through this one queue, in call order: a toggle reads the list, changes it and
 * writes it back, and VS Code's `update` takes a while, so two toggles running at once would both
 * start from the same list and one change would be lost. A failed task does not stop the queue.
 */
let writes: Promise<unknown> = Promise.resolve();
function queued<T>(task: () => Promise<T>): Promise<T> {
  const run = writes.then(task, task);
  writes = run.catch(() => undefined);
  return run;
}

export function setSetting(services: SettingsWrites, key: SettingKey, value: unknown): Promise<BackendResult> {
  if (!SETTING_KEYS.includes(key)) return Promise.resolve({ ok: false, message: vscode.l10n.t('Unknown setting {0}.', String(key)) });
  const checked = validateSetting(key, value, messageLocale());
  if (!checked.ok) return Promise.resolve({ ok: false, message: `${SETTINGS_SECTION}.${key}: ${checked.message}` });
  return queued(() => write(services, key, checked.value));
}

/** Enabling or disabling one model; an empty setting stands for the defaults, so start from them. */
export function toggleModel(services: ModelToggles, id: string, enabled: boolean): Promise<BackendResult> {
  // Read inside the queue, after every earlier write landed.
  return queued(async () => {
    const configured = services.settings.config.enabledModels;
    const current = configured.length ? configured : services.models.enabledModelIds();
    const next = enabled ? (current.includes(id) ? current : [...current, id]) : current.filter((m) => m !== id);
    if (!enabled && next.length === 0) {
      return { ok: false, message: vscode.l10n.t('At least one model must stay enabled.') };
    }
    const checked = validateSetting('enabledModels', next, messageLocale());
    if (!checked.ok) return { ok: false, message: `${SETTINGS_SECTION}.enabledModels: ${checked.message}` };
    services.log.info(`${enabled ? 'Enabled' : 'Disabled'} model ${id}.`);
    return write(services, 'enabledModels', checked.value);
  });
}

/**
 * `next` takes the place of `old` in the enabled list, at its priority (or joins the list's end when
 * `old` is not in it): what choosing a replacement for a model that ended does.
 */
export function replaceModel(services: ModelToggles, old: string, next: string): Promise<BackendResult> {
  return queued(async () => {
    const configured = services.settings.config.enabledModels;
    const current = (configured.length ? configured : services.models.enabledModelIds()).filter((m) => m !== next);
    const replaced = current.includes(old) ? current.map((m) => (m === old ? next : m)) : [...current, next];
    const checked = validateSetting('enabledModels', replaced, messageLocale());
    if (!checked.ok) return { ok: false, message: `${SETTINGS_SECTION}.enabledModels: ${checked.message}` };
    services.log.info(`Enabled model ${next} in place of ${old}.`);
    return write(services, 'enabledModels', checked.value);
  });
}

/**
 * A read-modify-write of one setting inside the queue: `edit` sees the value every earlier write
 * left, and returns the next value (validated before it is written) or why there is none.
 */
export function editSetting(
  services: SettingsWrites,
  key: SettingKey,
  edit: (current: unknown) => { ok: true; value: unknown } | { ok: false; message: string },
): Promise<BackendResult> {
  return queued(async () => {
    const next = edit(services.settings.config[key]);
    if (!next.ok) return next;
    const checked = validateSetting(key, next.value, messageLocale());
    if (!checked.ok) return { ok: false, message: `${SETTINGS_SECTION}.${key}: ${checked.message}` };
    return write(services, key, checked.value);
  });
}

/** One validated write, run inside the queue; a failed write says which setting and why. */
async function write(services: SettingsWrites, key: SettingKey, value: unknown): Promise<BackendResult> {
  try {
    await services.settings.update(key, value);
    return { ok: true };
  } catch (e) {
    const reason = errorText(e);
    services.log.warn(`Writing ${SETTINGS_SECTION}.${key} failed: ${reason}`);
    return { ok: false, message: vscode.l10n.t('Could not save {0}: {1}', `${SETTINGS_SECTION}.${key}`, reason) };
  }
}

export async function exportConfig(services: SettingsWrites): Promise<BackendResult> {
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

export async function importConfig(services: GuardedWrites): Promise<BackendResult> {
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
  const parsed = parseConfigurationImport(text, t, messageLocale());
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
  const failure = await queued(() => applyAll(services, parsed.values));
  if (failure) {
    const setting = `${SETTINGS_SECTION}.${failure.key}`;
    if (failure.notRestored.length === 0) {
      services.log.warn(`Import of ${source.fsPath} failed writing ${setting} (${failure.reason}); the ${failure.restored} settings already written were restored, nothing changed.`);
      return { ok: false, message: t('Nothing was imported from {0}: writing {1} failed ({2}), so the settings already written were restored; nothing changed.', source.fsPath, setting, failure.reason) };
    }
    const left = failure.notRestored.map((k) => `${SETTINGS_SECTION}.${k}`).join(', ');
    services.log.error(`Import of ${source.fsPath} failed writing ${setting} (${failure.reason}), and restoring ${left} failed too.`);
    return { ok: false, message: t('Importing {0} failed writing {1} ({2}), and {3} could not be restored to its previous value: please check these settings.', source.fsPath, setting, failure.reason, left) };
  }
  services.log.info(`Configuration imported from ${source.fsPath}: ${Object.keys(parsed.values).join(', ')}.`);
  return { ok: true, message: t('Imported {0} settings from {1}.', Object.keys(parsed.values).length, source.fsPath) };
}

interface ImportFailure {
  key: SettingKey;
  reason: string;
  /** Settings written before the failure and put back. */
  restored: number;
  /** Settings whose previous value could not be put back. */
  notRestored: SettingKey[];
}

/**
 * Writes every value, or none: on the first failed write the ones already written (and the failed
 * one, should it have landed anyway) get their previous values back, newest first.
 */
async function applyAll(services: SettingsWrites, values: Partial<Record<SettingKey, unknown>>): Promise<ImportFailure | undefined> {
  const written: { key: SettingKey; before: unknown }[] = [];
  for (const [name, value] of Object.entries(values)) {
    const key = name as SettingKey;
    const before = services.settings.storedValue(key);
    try {
      await services.settings.update(key, value);
      written.push({ key, before });
    } catch (e) {
      if (JSON.stringify(services.settings.storedValue(key)) !== JSON.stringify(before)) written.push({ key, before });
      const notRestored: SettingKey[] = [];
      for (const w of written.reverse()) {
        try {
          await services.settings.update(w.key, w.before);
        } catch {
          notRestored.push(w.key);
        }
      }
      return { key, reason: errorText(e), restored: written.length - notRestored.length, notRestored };
    }
  }
  return undefined;
}

/**
 * Several settings at once, all or none (the gateway's configure endpoints): each value validated,
 * a new base URL asked about as an import asks, then written in the one queue.
 */
export async function applySettings(services: GuardedWrites, values: Partial<Record<SettingKey, unknown>>): Promise<BackendResult> {
  const checked: Partial<Record<SettingKey, unknown>> = {};
  for (const [name, value] of Object.entries(values)) {
    const key = name as SettingKey;
    const result = SETTING_KEYS.includes(key) ? validateSetting(key, value, messageLocale()) : { ok: false as const, message: vscode.l10n.t('Unknown setting {0}.', name) };
    if (!result.ok) return { ok: false, message: `${SETTINGS_SECTION}.${key}: ${result.message}` };
    checked[key] = result.value;
  }
  const baseUrl = checked.baseUrl;
  if (typeof baseUrl === 'string' && baseUrl !== services.settings.config.baseUrl) {
    const host = await services.keyHosts.check(baseUrl);
    if (!host.ok) return { ok: false, message: host.message };
  }
  const failure = await queued(() => applyAll(services, checked));
  if (!failure) {
    services.log.info(`Settings changed together: ${Object.keys(checked).join(', ')}.`);
    return { ok: true };
  }
  const setting = `${SETTINGS_SECTION}.${failure.key}`;
  services.log.warn(`Writing ${Object.keys(checked).join(', ')} together failed at ${setting} (${failure.reason}); ${failure.notRestored.length ? `not restored: ${failure.notRestored.join(', ')}` : 'nothing changed'}.`);
  return { ok: false, message: vscode.l10n.t('Could not save {0}: {1}', setting, failure.reason) };
}
