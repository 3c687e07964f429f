// Run order matters: scenario 5 sends the first chat request in the first window, before anything
// activated the extension; then the key is set (1); the mode switch (7) comes last so the others
// run in the default mode.
import type { Scenario } from '../context';
import { answerScenario } from './answer';
import { apiKeyScenario } from './apiKey';
import { failoverScenario } from './failover';
import { firstRequestScenario } from './firstRequest';
import { groupScenario } from './group';
import { modelPickerScenario } from './modelPicker';
import { settingsPageScenario } from './settingsPage';
import { stopScenario } from './stop';

export const SCENARIOS_IN_RUN_ORDER: Scenario[] = [
  firstRequestScenario,
  apiKeyScenario,
  modelPickerScenario,
  answerScenario,
  groupScenario,
  failoverScenario,
  stopScenario,
  settingsPageScenario,
];
