// What the user can do about a failure, as buttons under the error message.
import { FREE_ONLY_SETTING } from '../../../core/router/routerText';
import type { FailureKind } from '../../../core/router/types';
import { TROUBLESHOOTING_COMMAND } from './troubleshooting';

export type FailureAction = 'setApiKey' | 'openSettings' | 'enableModels' | 'refreshModels' | 'showLog' | 'openFreeOnlySetting' | 'troubleshoot';

export const ACTION_COMMANDS: Record<FailureAction, string> = {
  setApiKey: 'openrouterDual.setApiKey',
  openSettings: 'openrouterDual.openSettings',
  enableModels: 'openrouterDual.toggleModel',
  refreshModels: 'openrouterDual.refreshModels',
  showLog: 'openrouterDual.showLog',
  // VS Code's Settings editor, searched for the one setting.
  openFreeOnlySetting: 'workbench.action.openSettings',
  // The shipped docs/troubleshooting.md, at the failure's section (its anchor is the argument).
  troubleshoot: TROUBLESHOOTING_COMMAND,
};

/** Arguments of an action's command; none unless listed. */
export const ACTION_ARGS: Partial<Record<FailureAction, unknown[]>> = {
  openFreeOnlySetting: [FREE_ONLY_SETTING],
};

/** What to do about a failure; every failure but a cancel ends with the troubleshooting page. */
export function actionsForFailure(kind: FailureKind): FailureAction[] {
  return kind === 'cancelled' ? [] : [...remedies(kind), 'troubleshoot'];
}

function remedies(kind: Exclude<FailureKind, 'cancelled'>): FailureAction[] {
  switch (kind) {
    case 'auth':
      return ['setApiKey'];
    case 'payment':
    case 'forbidden':
      return ['openSettings', 'showLog'];
    case 'not_found':
      return ['refreshModels', 'enableModels'];
    case 'no_models':
    case 'unsupported':
    case 'context_length':
      return ['enableModels', 'refreshModels'];
    case 'not_free':
      return ['openFreeOnlySetting'];
    case 'all_cooling_down':
    case 'rate_limited':
      return ['enableModels', 'openSettings'];
    case 'budget_exhausted':
      return ['openSettings'];
    case 'bad_request':
      return ['enableModels', 'showLog'];
    case 'timeout':
    case 'upstream':
    case 'network':
    case 'stream_error':
      return ['openSettings', 'showLog'];
    case 'empty_answer':
      return ['enableModels', 'showLog'];
  }
}
