// The proof of $0, where the user sees it: a model the extension treated as free whose answer
// reported a cost is named once per profile (the shared store decides which window tells), with
// the amount and what changes: it counts as paid from now on, so "free models only" skips it.
import * as vscode from 'vscode';
import type { BilledModel } from '../../core/router/ledger';
import { formatCost } from '../../core/shared/format';
import type { Log } from './log';
import { notify } from './notify';

/** The warning for a billed "free" model (also logged). */
export function billedMessage(billed: BilledModel, t: (message: string, ...args: string[]) => string = vscode.l10n.t): string {
  return t(
    'OpenRouter Dual: {0} is listed as free, but OpenRouter reported a cost of {1} for its answer. It counts as a paid model from now on, so "free models only" skips it. Check the charges at https://openrouter.ai/activity.',
    billed.model,
    formatCost(billed.cost) ?? String(billed.cost),
  );
}

/** `recheck`: asks GET /key again, so what the account spent today is current where it is shown. */
export function watchBilledModels(store: { onNewlyBilled(listener: (billed: BilledModel) => void): () => void }, log: Log, recheck?: () => void): vscode.Disposable {
  const off = store.onNewlyBilled((billed) => {
    const message = billedMessage(billed);
    log.warn(message);
    void notify.warn(message);
    recheck?.();
  });
  return { dispose: off };
}
