// "Refresh Free Models", as the command and the settings page both report it.
import * as vscode from 'vscode';
import type { BackendResult } from '../../protocol/settingsBackend';
import type { OpenRouterServices } from '../services';

export async function refreshModelList(services: OpenRouterServices): Promise<BackendResult> {
  const t = vscode.l10n.t;
  const result = await services.catalog.refresh({ force: true });
  if (!result.ok) return { ok: false, message: t('Could not refresh the model list; the previous list is kept. {0}', result.error ?? '') };
  const parts = [t('{0} free models available.', services.catalog.stats().free)];
  if (result.added.length) parts.push(t('New: {0}.', result.added.join(', ')));
  if (result.gone.length) parts.push(t('No longer offered: {0}.', result.gone.join(', ')));
  return { ok: true, message: parts.join(' ') };
}
