// `/models` and `/stats` in the chat.
import * as vscode from 'vscode';
import { renderModelsTable, renderStatsTable, TOGGLE_MODEL_COMMAND, type ModelRow } from './render/reportTables';
import type { FreeModelCatalog } from '../../core/catalog';
import type { Endpoints } from '../endpoints/endpoints';
import type { EnabledModels } from '../models/modelSelection';
import type { RouterView } from '../openrouter/routes';
import type { HostSettings } from '../settings/hostSettings';
import { messageLocale } from '../status/messageLocale';
import { trustedFor } from './trust';
import { renderEndpointSections, type EndpointSection } from './render/endpointTables';
import { endpointModelNamer } from './render/modelNames';
import { renderLedger } from './render/ledgerReport';
import type { KeyStatus } from '../openrouter/openRouterAccess';

/** What `/models` and `/stats` read. */
export interface ChatReports {
  settings: Pick<HostSettings, 'config'>;
  catalog: Pick<FreeModelCatalog, 'free' | 'ensureFresh' | 'stats'>;
  models: Pick<EnabledModels, 'enabledModelIds'>;
  endpoints: Pick<Endpoints, 'list' | 'models' | 'availability'>;
  router: RouterView;
  access: Pick<KeyStatus, 'accountUsage'>;
}

function modelRows(services: ChatReports): ModelRow[] {
  const enabled = new Set(services.models.enabledModelIds());
  return services.catalog
    .free()
    .map((model) => ({ model, enabled: enabled.has(model.id), health: services.router.healthOf(model.id), billed: services.router.stats.ledger.isBilled(model.id) }))
    .sort((a, b) => Number(b.enabled) - Number(a.enabled) || a.model.id.localeCompare(b.model.id));
}

/** `/models` grouped by endpoint: each endpoint's models after OpenRouter's. */
function endpointSections(services: ChatReports): EndpointSection[] {
  const enabled = new Set(services.models.enabledModelIds());
  return services.endpoints.list().map((endpoint) => ({
    label: endpoint.label,
    baseUrl: endpoint.baseUrl,
    answering: !services.endpoints.availability.wasDown(endpoint.id),
    rows: services.endpoints.models()
      .filter((m) => m.endpoint?.id === endpoint.id)
      .map((model) => ({ model, enabled: enabled.has(model.id), health: services.router.healthOf(model.id) })),
  }));
}

export function renderModelsReport(services: ChatReports, stream: vscode.ChatResponseStream): void {
  const t = vscode.l10n.t;
  services.catalog.ensureFresh();
  const stats = services.catalog.stats();
  const source = stats.source === 'live' ? t('live list') : stats.source === 'cache' ? t('cached list') : t('built-in list');
  const defaulted = services.settings.config.enabledModels.length === 0;
  stream.markdown(
    t('**{0} free models** ({1}). ', stats.free, source) +
      (defaulted ? t('No models chosen: the recommended ones are enabled.') : t('{0} enabled.', services.models.enabledModelIds().length)) +
      '\n\n',
  );
  for (const part of renderModelsTable(modelRows(services), t)) stream.markdown(trustedFor(part.text, part.commands));
  for (const part of renderEndpointSections(endpointSections(services), t)) stream.markdown(trustedFor(part.text, part.commands));
  stream.button({ command: TOGGLE_MODEL_COMMAND, title: t('Choose Models…') });
  stream.button({ command: 'openrouterDual.refreshModels', title: t('Refresh Free Models') });
}

export function renderStatsReport(services: ChatReports, stream: vscode.ChatResponseStream): void {
  const t = vscode.l10n.t;
  const snapshot = services.router.stats.snapshot();
  const name = endpointModelNamer(services.endpoints.list());
  stream.markdown(renderStatsTable(snapshot, t, Date.now(), messageLocale(), name));
  stream.markdown('\n' + renderLedger(snapshot, services.access.accountUsage, t, Date.now(), name));
  stream.button({ command: 'openrouterDual.showStatistics', title: t('Open Statistics') });
}
