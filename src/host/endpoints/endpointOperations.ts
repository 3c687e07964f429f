// What can be done to an endpoint, from the settings page and the palette alike: list them (never a
// key, only whether one is set), add, change, remove, test, and set its key. Every write goes
// through the settings writer's one queue (`openrouterDual.endpoints` is a user-only setting, so it
// always lands in the user settings); keys are typed into VS Code's password box, never the page.
import * as vscode from 'vscode';
import { ENDPOINT_ID_PATTERN, OPENROUTER_ENDPOINT_ID, endpointIsFree, parseQualifiedId, type EndpointConfig } from '../../core/endpoints';
import { trimTrailingSlashes } from '../../core/shared/baseUrl';
import type { EndpointDraft, EndpointEntry } from '../../protocol/pageMessages';
import type { BackendResult } from '../../protocol/settingsBackend';
import type { KeyHostGate } from '../key/keyHostGate';
import { editSetting, type SettingsWrites } from '../settings/settingsWriter';
import type { Endpoints } from './endpoints';

/** The endpoints as the settings page lists them. */
export interface EndpointListing {
  settings: Pick<SettingsWrites['settings'], 'config'>;
  endpoints: Pick<Endpoints, 'list' | 'availability' | 'hasKey' | 'catalog'>;
}

/** Adding, changing, removing, testing an endpoint and setting its key. */
export interface EndpointEdits extends SettingsWrites {
  endpoints: Pick<Endpoints, 'list' | 'find' | 'hasKey' | 'keys' | 'checkOne'>;
  keyHosts: Pick<KeyHostGate, 'checkEndpoint'>;
}

export function endpointEntries(services: EndpointListing): EndpointEntry[] {
  const enabled = new Set(services.settings.config.enabledModels);
  const { availability } = services.endpoints;
  return services.endpoints.list().map((endpoint) => ({
    id: endpoint.id,
    label: endpoint.label,
    baseUrl: endpoint.baseUrl,
    answering: availability.wasDown(endpoint.id) ? 'no' : availability.hasAnswered(endpoint.id) ? 'yes' : 'unknown',
    keySet: services.endpoints.hasKey(endpoint.id),
    free: endpointIsFree(endpoint),
    models: services.endpoints.catalog.modelsOf(endpoint).map((m) => ({ id: m.id, model: m.model, enabled: enabled.has(m.id) })),
  }));
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Adds an endpoint (`originalId` absent) or changes one's label and base URL (its id stays: model ids use it). */
export async function saveEndpoint(services: EndpointEdits, draft: EndpointDraft, originalId?: string): Promise<BackendResult> {
  const t = vscode.l10n.t;
  const id = draft.id.trim();
  const label = draft.label.trim();
  const baseUrl = trimTrailingSlashes(draft.baseUrl.trim());
  if (!/^https?:\/\/\S+$/.test(baseUrl) || originOf(baseUrl) === undefined) return { ok: false, message: t('Enter an http:// or https:// URL.') };
  let before: EndpointConfig | undefined;
  // Read before the write: once the URL changed, the key no longer counts for this endpoint.
  const hadKey = originalId !== undefined && services.endpoints.hasKey(originalId);
  const result = await editSetting(services, 'endpoints', (current) => {
    const list = (current ?? []) as EndpointConfig[];
    if (originalId === undefined) {
      if (!ENDPOINT_ID_PATTERN.test(id)) return { ok: false, message: t('Use lower-case letters, digits and dashes.') };
      if (id === OPENROUTER_ENDPOINT_ID || list.some((e) => e.id === id)) return { ok: false, message: t('That id is taken.') };
      return { ok: true, value: [...list, { id, label, baseUrl }] };
    }
    before = list.find((e) => e.id === originalId);
    if (!before) return { ok: false, message: t('The endpoint {0} is no longer configured.', originalId) };
    return { ok: true, value: list.map((e) => (e.id === originalId ? { ...e, label, baseUrl } : e)) };
  });
  if (!result.ok) return result;
  if (originalId === undefined) {
    services.log.info(`Endpoint ${label} added from the settings page (${baseUrl}).`);
    return { ok: true, message: t('{0} was added. Test it to read its models, then enable the ones to use.', label) };
  }
  services.log.info(`Endpoint ${originalId} changed from the settings page (${label}, ${baseUrl}).`);
  // A key goes only to the server it was given for: another host means another server.
  if (before && originOf(before.baseUrl) !== originOf(baseUrl) && hadKey) {
    await services.endpoints.keys.clear(originalId);
    services.log.info(`Key of endpoint ${originalId} removed: its base URL moved to another host.`);
    return { ok: true, message: t('{0} was saved. Its key was removed because the base URL points to another host; set it again if that server needs one.', label) };
  }
  return { ok: true, message: t('{0} was saved.', label) };
}

/** Removes the endpoint, its models from the enabled ones, and its key. */
export async function removeEndpoint(services: EndpointEdits, id: string): Promise<BackendResult> {
  const t = vscode.l10n.t;
  const endpoint = services.endpoints.find(id);
  if (!endpoint) return { ok: false, message: t('The endpoint {0} is no longer configured.', id) };
  // Its models first: an enabled id of an endpoint that is gone would be reported as skipped.
  const models = await editSetting(services, 'enabledModels', (current) => ({
    ok: true,
    value: ((current ?? []) as string[]).filter((m) => parseQualifiedId(m)?.endpointId !== id),
  }));
  if (!models.ok) return models;
  const removed = await editSetting(services, 'endpoints', (current) => ({ ok: true, value: ((current ?? []) as EndpointConfig[]).filter((e) => e.id !== id) }));
  if (!removed.ok) return removed;
  await services.endpoints.keys.clear(id);
  services.log.info(`Endpoint ${endpoint.label} removed from the settings page.`);
  return { ok: true, message: t('{0} was removed, with its models and its key.', endpoint.label) };
}

/** Reads the endpoint's model list now: whether it answers and how many models it offers. */
export async function testEndpoint(services: EndpointEdits, id: string): Promise<BackendResult> {
  const t = vscode.l10n.t;
  const endpoint = services.endpoints.find(id);
  if (!endpoint) return { ok: false, message: t('The endpoint {0} is no longer configured.', id) };
  const check = await services.endpoints.checkOne(endpoint);
  return check.ok
    ? { ok: true, message: t('{0} answers: {1} models.', endpoint.label, check.count) }
    : { ok: false, message: t('{0} does not answer: {1}', endpoint.label, check.error) };
}

/**
 * Asks for an endpoint's key in VS Code's password box and keeps it for that endpoint only. Without
 * an id (the palette), the endpoint is picked; an id no longer configured is refused.
 */
export async function setEndpointKey(services: EndpointEdits, endpointId?: string): Promise<BackendResult> {
  const t = vscode.l10n.t;
  const endpoints = services.endpoints.list();
  let endpoint = endpointId === undefined ? undefined : services.endpoints.find(endpointId);
  if (endpointId !== undefined && !endpoint) return { ok: false, message: t('The endpoint {0} is no longer configured.', endpointId) };
  if (!endpoint) {
    if (endpoints.length === 0) return { ok: false, message: t('No endpoint is configured. Run "OpenRouter: Add Endpoint…" first.') };
    const picked =
      endpoints.length === 1
        ? { endpoint: endpoints[0] }
        : await vscode.window.showQuickPick(
            endpoints.map((e) => ({ label: e.label, description: e.baseUrl, detail: services.endpoints.hasKey(e.id) ? t('key set') : t('no key'), endpoint: e })),
            { title: t('OpenRouter: Set Endpoint Key') },
          );
    if (!picked) return { ok: false, message: t('No key was entered; nothing changed.') };
    endpoint = picked.endpoint;
  }
  const input = await vscode.window.showInputBox({
    title: t('Key for {0}', endpoint.label),
    prompt: t('Sent only to {0}. Stored in VS Code\'s secret storage, never in settings or exports. Leave empty to remove the stored key.', endpoint.baseUrl),
    password: true,
    ignoreFocusOut: true,
  });
  if (input === undefined) return { ok: false, message: t('No key was entered; nothing changed.') };
  const key = input.trim();
  if (!key) {
    await services.endpoints.keys.clear(endpoint.id);
    return { ok: true, message: t('The key of {0} was removed.', endpoint.label) };
  }
  const host = await services.keyHosts.checkEndpoint(endpoint.baseUrl, endpoint.label);
  if (!host.ok) return { ok: false, message: host.message };
  await services.endpoints.keys.store(endpoint, key);
  services.log.info(`Key saved for endpoint ${endpoint.label}.`);
  return { ok: true, message: t('The key of {0} was saved.', endpoint.label) };
}
