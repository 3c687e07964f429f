// Mode and strategy at a glance; a warning when nothing can answer (no key, every model cooling).
import * as vscode from 'vscode';
import { routingStrategyLabels } from '../shared/choiceLabels';
import type { ModelSelection } from '../models/modelSelection';
import type { KeyStatus } from '../openrouter/openRouterAccess';
import type { RouterView } from '../openrouter/routes';
import type { HostSettings } from '../settings/hostSettings';
import { todaySpend } from '../../core/router/ledger';
import type { FreeTierBudget } from '../../core/router/budget';
import { spendLines } from '../shared/spendText';

/** What the status bar shows and when it looks again. */
export interface StatusSources {
  settings: Pick<HostSettings, 'config' | 'onDidChange'>;
  access: Pick<KeyStatus, 'hasKey' | 'keySource' | 'accountUsage'>;
  models: Pick<ModelSelection, 'enabledModelIds' | 'allCoolingDown' | 'onDidChange'>;
  router: Pick<RouterView, 'stats'> & { budget: Pick<FreeTierBudget, 'snapshot'> };
}

export function createStatusBar(services: StatusSources): vscode.Disposable {
  const t = vscode.l10n.t;
  const item = vscode.window.createStatusBarItem('openrouterDual.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'OpenRouter Dual';
  item.command = 'openrouterDual.openSettings';

  const update = () => {
    const config = services.settings.config;
    const mode = config.providerMode === 'openrouter_sdk' ? t('SDK') : t('OpenAI');
    const strategy = routingStrategyLabels(t)[config.routingStrategy].label;
    if (!services.access.hasKey) {
      item.text = `$(warning) OpenRouter`;
      item.tooltip = t('No OpenRouter API key is set. Click to open the settings.');
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else if (services.models.allCoolingDown()) {
      item.text = `$(watch) OpenRouter: ${mode} · ${strategy}`;
      item.tooltip = t('Every enabled model is cooling down after rate limits or failures. Enable more models or wait.');
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else {
      item.text = `$(hubot) OpenRouter: ${mode} · ${strategy}`;
      const fromEnv = services.access.keySource === 'env' ? ' ' + t('The API key comes from the OPENROUTER_API_KEY environment variable.') : '';
      item.tooltip = t('Provider mode {0}, routing {1}, {2} models enabled. Click to open the settings.', config.providerMode, config.routingStrategy, services.models.enabledModelIds().length) + fromEnv;
      item.backgroundColor = undefined;
    }
    // Today's spending and free requests left, under whatever the state says.
    const spend = todaySpend(services.router.stats.ledger.current, services.router.budget.snapshot(), Date.now(), services.access.accountUsage);
    item.tooltip = [item.tooltip, '', ...spendLines(spend, t)].join('\n');
  };

  update();
  item.show();
  // Statistics events arrive per request; a cooldown ending needs a timer, so re-check every few seconds while cooling.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const scheduleRecheck = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      update();
      if (services.models.allCoolingDown()) scheduleRecheck();
    }, 5_000);
  };
  const offStats = services.router.stats.onEvent((e) => {
    if (e.type === 'cooldown' || e.type === 'request-end' || e.type === 'restore') {
      update();
      if (services.models.allCoolingDown()) scheduleRecheck();
    }
  });
  const subscriptions = [services.settings.onDidChange(update), services.models.onDidChange(update)];
  return {
    dispose() {
      offStats();
      if (timer) clearTimeout(timer);
      for (const s of subscriptions) s.dispose();
      item.dispose();
    },
  };
}
