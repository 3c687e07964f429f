// Run order matters: scenario 5 sends the first chat request in the first window, before anything
// activated the extension; the walkthrough is checked to be unticked (9) before the key is set (1);
// the mode switch (7) comes late so the others run in the default mode; the walkthrough is read
// again (10) once the user has done every step; a folder setting baseUrl (11) restarts the window with
// a folder file that it removes again; two windows sharing one budget (13) open a second tab; the
// agent loop (14) installs folder settings and restarts the window; the local gateway (16) runs
// before the hostile text, which leaves every model cooling down; the unservable models (17) use
// folder settings and models of their own; the hostile server text (12) comes last.
import type { Scenario } from '../context';
import { agentLoopScenario } from './agentLoop';
import { answerScenario } from './answer';
import { apiKeyScenario } from './apiKey';
import { failoverScenario } from './failover';
import { fitScenario } from './fit';
import { firstRequestScenario } from './firstRequest';
import { gatewayScenario } from './gateway';
import { groupScenario } from './group';
import { hostileTextScenario } from './hostileText';
import { localEndpointScenario } from './localEndpoint';
import { modelPickerScenario } from './modelPicker';
import { settingsPageScenario } from './settingsPage';
import { stopScenario } from './stop';
import { twoWindowsScenario } from './twoWindows';
import { unservableScenario } from './unservable';
import { walkthroughTickedScenario, walkthroughUntickedScenario } from './walkthrough';
import { workspaceBaseUrlScenario } from './workspaceBaseUrl';

export const SCENARIOS_IN_RUN_ORDER: Scenario[] = [
  firstRequestScenario,
  walkthroughUntickedScenario,
  apiKeyScenario,
  modelPickerScenario,
  answerScenario,
  groupScenario,
  failoverScenario,
  stopScenario,
  settingsPageScenario,
  walkthroughTickedScenario,
  workspaceBaseUrlScenario,
  twoWindowsScenario,
  agentLoopScenario,
  // Restarts the window with folder settings (a small and a large window) and removes them again.
  fitScenario,
  gatewayScenario,
  // Enables models of its own (ended, cooling, private afterwards) and restores the suite's.
  unservableScenario,
  // Removes its endpoint again when done, so what follows sees OpenRouter alone.
  localEndpointScenario,
  // Last: it leaves every model cooling down after its failures.
  hostileTextScenario,
];
