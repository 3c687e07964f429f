// The walkthrough ("Get Started with OpenRouter Dual") and the context keys that tick its steps.
// One list, read by package.json's `completionEvents` (checked by a unit test) and by the code that
// sets the keys (walkthroughProgress.ts). Pure: no `vscode` import.

/** The walkthrough's id in package.json; VS Code knows it as `openrouter-dual.openrouter-dual#gettingStarted`. */
export const WALKTHROUGH_ID = 'gettingStarted';

/**
 * Each key is set to true (with `setContext`) when the user has really done the step, never when
 * a link was merely clicked: VS Code ticks a step whose `completionEvents` holds `onContext:<key>`
 * once the key becomes true, and remembers the tick.
 */
export const WALKTHROUGH_CONTEXT_KEYS = {
  /** A key is stored (or the OPENROUTER_API_KEY environment variable provides one); also at activation. */
  apiKeySet: 'openrouterDual.walkthrough.apiKeySet',
  /** "Test Connection" succeeded (from the command palette or the settings page). */
  connectionTested: 'openrouterDual.walkthrough.connectionTested',
  /** `@openrouter` answered a question (not a report, a failure or a missing-key notice). */
  participantAnswered: 'openrouterDual.walkthrough.participantAnswered',
  /** A request came in with "OpenRouter Auto" picked: through the participant or the language-model provider. */
  autoModelUsed: 'openrouterDual.walkthrough.autoModelUsed',
  /** The settings page opened (or was restored after a reload). */
  settingsOpened: 'openrouterDual.walkthrough.settingsOpened',
} as const;

export type WalkthroughStep = keyof typeof WALKTHROUGH_CONTEXT_KEYS;

/** Each step's id in package.json's walkthrough. */
export const WALKTHROUGH_STEP_IDS: Record<WalkthroughStep, string> = {
  apiKeySet: 'apiKey',
  connectionTested: 'testConnection',
  participantAnswered: 'askParticipant',
  autoModelUsed: 'pickAuto',
  settingsOpened: 'openSettings',
};

/** The id VS Code gives a step of an extension's walkthrough: `<extension id>#<walkthrough id>#<step id>`. */
export function qualifiedStepId(extensionId: string, step: WalkthroughStep): string {
  return `${extensionId}#${WALKTHROUGH_ID}#${WALKTHROUGH_STEP_IDS[step]}`;
}

/** The metadata of a participant result that counts as an answer (see chatHistory's TurnMetadata). */
export function isAnswer(metadata: unknown): boolean {
  if (typeof metadata !== 'object' || metadata === null) return false;
  const m = metadata as { answer?: unknown; failed?: unknown; report?: unknown };
  return typeof m.answer === 'string' && m.answer.trim() !== '' && m.failed !== true && m.report !== true;
}
