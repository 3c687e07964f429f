// A model that ended on OpenRouter (`free_variant_ended`, `model_deprecated`) is announced once for
// the whole profile: the window that records the end first (see endedModelsStore.ts) shows one
// notification, with a button per free replacement OpenRouter suggested; choosing one puts it in the
// ended model's place in `enabledModels`. Notifications show their text as plain text, so the ids
// from the server stay inert.
import * as vscode from 'vscode';
import type { EndedModel, EndedModels } from '../../core/router/endedModels';
import type { BackendResult } from '../../protocol/settingsBackend';
import type { Log } from '../status/log';
import { notify } from '../status/notify';
import type { EndedModelsStore } from './endedModelsStore';

export interface EndedNoticeDeps {
  ended: Pick<EndedModels, 'onDidEnd'>;
  store: Pick<EndedModelsStore, 'claim'>;
  log: Log;
  /** Writes `next` in the place of `old` in `enabledModels`. */
  replace(old: string, next: string): Promise<BackendResult>;
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
  const t = vscode.l10n.t;
  const off = deps.ended.onDidEnd((entry) => {
    // Another window (or this one before a reload) told the user already.
    if (!deps.store.claim(entry)) return;
    const message = endedNoticeText(entry);
    deps.log.warn(message);
    const choices = entry.replacements.map((id) => ({ id, title: t('Use {0}', id) }));
    const choose = t('Choose Models');
    void notify.warn(message, ...choices.map((c) => c.title), choose).then(async (picked) => {
      if (picked === choose) return void vscode.commands.executeCommand('openrouterDual.toggleModel');
      const choice = choices.find((c) => c.title === picked);
      if (!choice) return;
      const result = await deps.replace(entry.model, choice.id);
      if (result.ok) void notify.info(t('Enabled {0} in place of {1}.', choice.id, entry.model));
      else if (result.message) void notify.error(result.message);
    });
  });
  return { dispose: off };
}
