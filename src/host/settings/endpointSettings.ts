// The settings page's Endpoints section, host side: what it lists (never a key, only whether one is
// set), and adding, changing, removing and testing an endpoint. Every write goes through the
// settings writer's one queue (`openrouterDual.endpoints` is a user-only setting, so it always
// lands in the user settings); keys are typed into the Set Endpoint Key command's password box.
import * as vscode from 'vscode';
import { ENDPOINT_ID_PATTERN, OPENROUTER_ENDPOINT_ID, endpointIsFree, parseQualifiedId, type EndpointConfig } from '../../core/endpoints';
import { trimTrailingSlashes } from '../../core/shared/baseUrl';
import type { EndpointDraft, EndpointEntry } from '../../protocol/pageMessages';
import type { BackendResult } from '../../protocol/settingsBackend';
import { setEndpointKey } from '../commands/endpointCommands';
import type { OpenRouterServices } from '../services';
import { editSetting } from './settingsWriter';

export function endpointEntries(services: OpenRouterServices): EndpointEntry[] {
  const enabled = new Set(services.settings.config.enabledModels);
  return services.endpoints().map((endpoint) => ({
    id: endpoint.id,
    label: endpoint.label,
    baseUrl: endpoint.baseUrl,
    answering: services.availability.wasDown(endpoint.id) ? 'no' : services.availability.hasAnswered(endpoint.id) ? 'yes' : 'unknown',
    keySet: services.endpointKeys?.has(endpoint) ?? false,
    free: endpointIsFree(endpoint),
    models: services.endpointCatalog.modelsOf(endpoint).map((m) => ({ id: m.id, model: m.model, enabled: enabled.has(m.id) })),
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
export async function saveEndpoint(services: OpenRouterServices, draft: EndpointDraft, originalId?: string): Promise<BackendResult> {
  const t = vscode.l10n.t;
  const id = draft.id.trim();
  const label = draft.label.trim();
  const baseUrl = trimTrailingSlashes(draft.baseUrl.trim());
  if (!/^https?:\/\/\S+$/.test(baseUrl) || originOf(baseUrl) === undefined) return { ok: false, message: t('Enter an http:// or https:// URL.') };
  let before: EndpointConfig | undefined;
  // Read before the write: once the URL changed, the key no longer counts for this endpoint.
  const previous = services.endpoints().find((e) => e.id === originalId);
  const hadKey = previous !== undefined && (services.endpointKeys?.has(previous) ?? false);
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
    await services.endpointKeys?.clear(originalId);
    services.log.info(`Key of endpoint ${originalId} removed: its base URL moved to another host.`);
    return { ok: true, message: t('{0} was saved. Its key was removed because the base URL points to another host; set it again if that server needs one.', label) };
  }
  return { ok: true, message: t('{0} was saved.', label) };
}

/** Removes the endpoint, its models from the enabled ones, and its key. */
export async function removeEndpoint(services: OpenRouterServices, id: string): Promise<BackendResult> {
  const t = vscode.l10n.t;
  const endpoint = services.endpoints().find((e) => e.id === id);
  if (!endpoint) return { ok: false, message: t('The endpoint {0} is no longer configured.', id) };
  // Its models first: an enabled id of an endpoint that is gone would be reported as skipped.
  const models = await editSetting(services, 'enabledModels', (current) => ({
    ok: true,
    value: ((current ?? []) as string[]).filter((m) => parseQualifiedId(m)?.endpointId !== id),
  }));
  if (!models.ok) return models;
  const removed = await editSetting(services, 'endpoints', (current) => ({ ok: true, value: ((current ?? []) as EndpointConfig[]).filter((e) => e.id !== id) }));
  if (!removed.ok) return removed;
  await services.endpointKeys?.clear(id);
  services.log.info(`Endpoint ${endpoint.label} removed from the settings page.`);
  return { ok: true, message: t('{0} was removed, with its models and its key.', endpoint.label) };
}

/** Reads the endpoint's model list now: whether it answers and how many models it offers. */
export async function testEndpoint(services: OpenRouterServices, id: string): Promise<BackendResult> {
  const t = vscode.l10n.t;
  const endpoint = services.endpoints().find((e) => e.id === id);
  if (!endpoint) return { ok: false, message: t('The endpoint {0} is no longer configured.', id) };
  const check = await services.endpointCatalog.refreshOne(endpoint);
  services.notifyModelsChanged();
  return check.ok
    ? { ok: true, message: t('{0} answers: {1} models.', endpoint.label, check.count) }
    : { ok: false, message: t('{0} does not answer: {1}', endpoint.label, check.error) };
}

export function setKeyOfEndpoint(services: OpenRouterServices, id: string): Promise<BackendResult> {
  if (!services.endpoints().some((e) => e.id === id)) return Promise.resolve({ ok: false, message: vscode.l10n.t('The endpoint {0} is no longer configured.', id) });
  return setEndpointKey(services, id);
}
