// A model that ended on OpenRouter (`free_variant_ended`, `model_deprecated`) is announced once for
// the whole profile: the window that records the end first (see endedModelsStore.ts) shows one
// notification, with a button per free replacement OpenRouter suggested (replacementOffer.ts).
import * as vscode from 'vscode';
import type { EndedModel, EndedModels } from '../../core/router/endedModels';
import type { Log } from '../status/log';
import type { EndedModelsStore } from './endedModelsStore';
import { offerReplacements, type ReplaceModel } from './replacementOffer';

export interface EndedNoticeDeps {
  ended: Pick<EndedModels, 'onDidEnd'>;
  store: Pick<EndedModelsStore, 'claim'>;
  log: Log;
  replace: ReplaceModel;
}

/** What the user reads: which model ended, why, and the free replacements, if OpenRouter named any. */
export function endedNoticeText(entry: EndedModel): string {
  const t = vscode.l10n.t;
  const list = entry.replacements.join(', ');
  if (entry.code === 'free_variant_ended') {
    return entry.replacements.length
      ? t('OpenRouter Dual: the free variant {0} has ended on OpenRouter, so no request goes to it any more. Free replacements OpenRouter suggests: {1}.', entry.model, list)
      : t('OpenRouter Dual: the free variant {0} has ended on OpenRouter, so no request goes to it any more. OpenRouter suggested no free replacement: choose other models.', entry.model);
  }
  return entry.replacements.length
    ? t('OpenRouter Dual: {0} is deprecated on OpenRouter, so no request goes to it any more. Free replacements OpenRouter suggests: {1}.', entry.model, list)
    : t('OpenRouter Dual: {0} is deprecated on OpenRouter, so no request goes to it any more. OpenRouter suggested no free replacement: choose other models.', entry.model);
}

export function announceEndedModels(deps: EndedNoticeDeps): vscode.Disposable {
  const off = deps.ended.onDidEnd((entry) => {
    // Another window (or this one before a reload) told the user already.
    if (deps.store.claim(entry)) offerReplacements(endedNoticeText(entry), entry.model, entry.replacements, deps.replace, deps.log);
  });
  return { dispose: off };
}
