// Run order matters: the key is set first, and scenario 5 must send the first chat request after
// the workbench started; the mode switch (7) comes last so the others run in the default mode.
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
  apiKeyScenario,
  firstRequestScenario,
  modelPickerScenario,
  answerScenario,
  groupScenario,
  failoverScenario,
  stopScenario,
  settingsPageScenario,
];
