// The notification for a model that ended or is about to: the message, a "Use X" button per free
// replacement (the one chosen takes the model's place in `enabledModels`) and "Choose Models".
// Notifications show their text as plain text, so the ids from the server stay inert.
import * as vscode from 'vscode';
import type { BackendResult } from '../../protocol/settingsBackend';
import type { Log } from '../status/log';
import { notify } from '../status/notify';

/** Writes `next` in the place of `old` in `enabledModels`. */
export type ReplaceModel = (old: string, next: string) => Promise<BackendResult>;

export function offerReplacements(message: string, model: string, replacements: readonly string[], replace: ReplaceModel, log: Log): void {
  const t = vscode.l10n.t;
  log.warn(message);
  const choices = replacements.map((id) => ({ id, title: t('Use {0}', id) }));
  const choose = t('Choose Models');
  void notify.warn(message, ...choices.map((c) => c.title), choose).then(async (picked) => {
    if (picked === choose) return void vscode.commands.executeCommand('openrouterDual.toggleModel');
    const choice = choices.find((c) => c.title === picked);
    if (!choice) return;
    const result = await replace(model, choice.id);
    if (result.ok) void notify.info(t('Enabled {0} in place of {1}.', choice.id, model));
    else if (result.message) void notify.error(result.message);
  });
}
