// "OpenRouter: Add Endpoint…": another OpenAI-compatible server next to OpenRouter, from a preset
// whose base URL comes from that server's own documentation, then its key and its models.
import * as vscode from 'vscode';
import { ENDPOINT_ID_PATTERN, ENDPOINT_PRESETS, OPENROUTER_ENDPOINT_ID, endpointsSchema, qualifyModelId, type EndpointConfig } from '../../core/endpoints';
import { isLoopbackUrl } from '../../core/shared/loopback';
import { uniqueId } from '../../core/shared/uniqueId';
import type { BackendResult } from '../../protocol/settingsBackend';
import type { EnabledModels } from '../models/modelSelection';
import { setSetting } from '../settings/settingsWriter';
import type { Endpoints } from './endpoints';
import { setEndpointKey, type EndpointEdits } from './endpointOperations';

export interface EndpointAdding extends EndpointEdits {
  endpoints: EndpointEdits['endpoints'] & Pick<Endpoints, 'catalog'>;
  models: Pick<EnabledModels, 'enabledModelIds'>;
}

export async function addEndpoint(services: EndpointAdding): Promise<BackendResult> {
  const t = vscode.l10n.t;
  const existing = services.endpoints.list();
  const custom = { label: t('Other OpenAI-compatible server…'), description: '', detail: undefined as string | undefined, preset: undefined };
  const picked = await vscode.window.showQuickPick(
    [...ENDPOINT_PRESETS.map((p) => ({ label: p.label, description: p.baseUrl, detail: t('Base URL from {0}', p.source), preset: p })), custom],
    { title: t('OpenRouter: Add Endpoint'), placeHolder: t('A server that speaks the OpenAI API, used next to OpenRouter') },
  );
  if (!picked) return { ok: false, message: t('No endpoint was added.') };
  const preset = picked.preset;
  const baseUrl = (
    await vscode.window.showInputBox({
      title: t('Base URL of the endpoint'),
      value: preset?.baseUrl ?? 'http://localhost:8080/v1',
      ignoreFocusOut: true,
      validateInput: (v) => (/^https?:\/\/\S+$/.test(v.trim()) ? undefined : t('Enter an http:// or https:// URL.')),
    })
  )?.trim();
  if (!baseUrl) return { ok: false, message: t('No endpoint was added.') };
  const taken = new Set([OPENROUTER_ENDPOINT_ID, ...existing.map((e) => e.id)]);
  const id = (
    await vscode.window.showInputBox({
      title: t('Endpoint id (used in model ids as @id/model)'),
      value: uniqueId(preset?.id ?? 'local', taken),
      ignoreFocusOut: true,
      validateInput: (v) =>
        !ENDPOINT_ID_PATTERN.test(v.trim()) ? t('Use lower-case letters, digits and dashes.') : taken.has(v.trim()) ? t('That id is taken.') : undefined,
    })
  )?.trim();
  if (!id) return { ok: false, message: t('No endpoint was added.') };
  const label = preset?.label ?? ((await vscode.window.showInputBox({ title: t('Name shown for the endpoint'), value: id, ignoreFocusOut: true }))?.trim() || id);
  const endpoint: EndpointConfig = { id, label, baseUrl };
  const parsed = endpointsSchema.safeParse([...existing, endpoint]);
  if (!parsed.success) return { ok: false, message: t('The endpoint is not valid: {0}', parsed.error.issues[0]?.message ?? '') };
  const saved = await setSetting(services, 'endpoints', parsed.data);
  if (!saved.ok) return saved;
  services.log.info(`Endpoint ${label} added (${baseUrl}).`);

  if (preset?.needsKey || !isLoopbackUrl(baseUrl)) {
    const keyResult = await setEndpointKey(services, id);
    if (!keyResult.ok && keyResult.message !== t('No key was entered; nothing changed.')) return keyResult;
  }
  const check = await services.endpoints.catalog.refreshOne({ ...endpoint, baseUrl: parsed.data.find((e) => e.id === id)?.baseUrl ?? baseUrl });
  if (!check.ok) {
    return { ok: true, message: t('{0} was added, but it is not answering yet ({1}). Its models can be enabled once it answers: run "OpenRouter: Enable Other Models".', label, check.error) };
  }
  return enableEndpointModels(services, id, label);
}

/** After adding: which of the endpoint's models join the enabled ones. */
async function enableEndpointModels(services: EndpointAdding, id: string, label: string): Promise<BackendResult> {
  const t = vscode.l10n.t;
  const endpoint = services.endpoints.find(id);
  const models = endpoint ? services.endpoints.catalog.modelsOf(endpoint) : [];
  if (models.length === 0) return { ok: true, message: t('{0} was added; it lists no models yet.', label) };
  const picked = await vscode.window.showQuickPick(
    models.map((m) => ({ label: m.model, description: qualifyModelId(id, m.model), picked: false })),
    { canPickMany: true, title: t('Enable models of {0}', label), placeHolder: t('The router uses the checked models next to the enabled OpenRouter models') },
  );
  if (!picked || picked.length === 0) return { ok: true, message: t('{0} was added with {1} models; none enabled yet.', label, models.length) };
  const configured = services.settings.config.enabledModels;
  const current = configured.length ? configured : services.models.enabledModelIds();
  const added = picked.map((p) => qualifyModelId(id, p.label)).filter((m) => !current.includes(m));
  const result = await setSetting(services, 'enabledModels', [...current, ...added]);
  if (!result.ok) return result;
  return { ok: true, message: t('{0} was added; {1} of its models enabled.', label, picked.length) };
}
