// Enabled models the router skips are never dropped silently: a model the live list no longer has
// (or never had) and a paid one while free-only is on are named once per window, with what answers
// instead, in a notification and the log.
import * as vscode from 'vscode';
import type { ResolveEnabledResult } from '../../core/catalog/resolveEnabled';
import type { Log } from '../status/log';
import { notify } from '../status/notify';

export function reportSkippedModels(resolved: ResolveEnabledResult, reported: Set<string>, log: Log): void {
  const t = vscode.l10n.t;
  const missing = [...resolved.gone, ...resolved.unknown].filter((id) => !reported.has(id));
  const paid = resolved.paidRemoved.filter((id) => !reported.has(id));
  for (const id of [...missing, ...paid]) reported.add(id);
  const inUse = resolved.models.map((m) => m.id).join(', ');
  const instead = resolved.defaulted ? t('the recommended free models ({0})', inUse) : inUse;
  const messages: string[] = [];
  if (missing.length) messages.push(t('OpenRouter Dual: OpenRouter no longer offers {0}; using {1} instead.', missing.join(', '), instead));
  if (paid.length) messages.push(t('OpenRouter Dual: paid models are skipped while "free models only" is on: {0}', paid.join(', ')));
  const choose = t('Choose Models');
  for (const message of messages) {
    log.warn(message);
    void notify.warn(message, choose).then((c) => {
      if (c === choose) void vscode.commands.executeCommand('openrouterDual.toggleModel');
    });
  }
}
