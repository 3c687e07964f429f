// An enabled model whose `expiration_date` is a few days off is announced once per model and end
// date for the whole profile (profileClaims.ts), with free models that do what it does as one-click
// replacements, each taking its place in `enabledModels`. Checked whenever the models in use may
// have changed (a list refresh, a settings change), so a long-running window hears of it too.
import * as vscode from 'vscode';
import { endingSoon, EXPIRY_NOTICE_MS, expiryReplacements, featuresOf } from '../../core/catalog/expiry';
import type { FreeModelCatalog } from '../../core/catalog';
import type { CatalogModel } from '../../core/catalog/types';
import type { Log } from '../status/log';
import type { EnabledModels } from './modelSelection';
import type { ProfileClaims } from './profileClaims';
import { offerReplacements, type ReplaceModel } from './replacementOffer';

export interface ExpiryNoticeDeps {
  models: Pick<EnabledModels, 'enabledModels' | 'onDidChange'>;
  catalog: Pick<FreeModelCatalog, 'freeModelsSupporting'>;
  claims: Pick<ProfileClaims, 'claim'>;
  log: Log;
  replace: ReplaceModel;
  clock?: () => number;
}

export function expiryNoticeText(model: CatalogModel, replacements: readonly string[]): string {
  const t = vscode.l10n.t;
  return replacements.length
    ? t('OpenRouter Dual: {0}, which you have enabled, ends on OpenRouter after {1} (its expiration date). Free replacements: {2}.', model.id, model.expiresOn ?? '', replacements.join(', '))
    : t('OpenRouter Dual: {0}, which you have enabled, ends on OpenRouter after {1} (its expiration date). Choose other free models before then.', model.id, model.expiresOn ?? '');
}

export function announceExpiringModels(deps: ExpiryNoticeDeps): vscode.Disposable {
  const clock = deps.clock ?? Date.now;
  return deps.models.onDidChange(() => {
    const now = clock();
    const enabled = deps.models.enabledModels();
    for (const model of endingSoon(enabled, now, EXPIRY_NOTICE_MS)) {
      if (!deps.claims.claim(`${model.id}@${model.expiresOn}`)) continue;
      const ids = new Set(enabled.map((m) => m.id));
      const replacements = expiryReplacements(model, deps.catalog.freeModelsSupporting(featuresOf(model)), ids, now);
      offerReplacements(expiryNoticeText(model, replacements), model.id, replacements, deps.replace, deps.log);
    }
  });
}
