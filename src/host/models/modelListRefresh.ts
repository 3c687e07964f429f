// "Refresh Free Models", as the command and the settings page both report it.
import * as vscode from 'vscode';
import type { BackendResult } from '../../protocol/settingsBackend';
import type { FreeModelCatalog } from '../../core/catalog';
import type { Endpoints } from '../endpoints/endpoints';

export interface ModelListRefresh {
  catalog: Pick<FreeModelCatalog, 'refresh' | 'stats'>;
  endpoints: Pick<Endpoints, 'list' | 'catalog'>;
}

/** Ids named in the report; a first list (or an odd one) can add hundreds, the rest are counted. */
const NAMED_IDS = 10;

export async function refreshModelList(services: ModelListRefresh): Promise<BackendResult> {
  const t = vscode.l10n.t;
  // The other endpoints' lists too: a local server started since is back in the routing.
  const endpoints = services.endpoints.list().length ? services.endpoints.catalog.refresh() : undefined;
  const result = await services.catalog.refresh({ force: true });
  await endpoints;
  if (!result.ok) return { ok: false, message: t('Could not refresh the model list; the previous list is kept. {0}', result.error ?? '') };
  const named = (ids: string[]) => (ids.length <= NAMED_IDS ? ids.join(', ') : t('{0} and {1} more', ids.slice(0, NAMED_IDS).join(', '), ids.length - NAMED_IDS));
  const parts = [t('{0} free models available.', services.catalog.stats().free)];
  if (result.added.length) parts.push(t('New: {0}.', named(result.added)));
  if (result.gone.length) parts.push(t('No longer offered: {0}.', named(result.gone)));
  return { ok: true, message: parts.join(' ') };
}
