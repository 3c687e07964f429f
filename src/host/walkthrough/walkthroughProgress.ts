// Sets the walkthrough's context keys when the user has done a step (see checks/walkthroughSteps.ts). Every
// hook is one call from the place where the thing happens, so the feature code stays unaware of it.
import * as vscode from 'vscode';
import type { ApiKeyStore } from '../key/secrets';
import { VENDOR, AUTO_MODEL_ID } from '../models/mapping/vendor';
import { isAnswer, qualifiedStepId, WALKTHROUGH_CONTEXT_KEYS, type WalkthroughStep } from './checks/walkthroughSteps';

/** This extension's id (`publisher.name`), for the walkthrough's step ids; set at activation. */
let extensionId: string | undefined;

/**
 * Ticks a step, in two ways. The context key is what package.json's `completionEvents` documents.
 * But VS Code starts its walkthrough service lazily (when a walkthrough or the Welcome page opens)
 * and treats a key that is already true at that moment as seen, never ticking the step: a user who
 * set the key, reloaded the window and then opened the walkthrough saw it unticked (e2e scenario 10
 * caught it). So the step is also marked done with the workbench's own `welcome.markStepComplete`,
 * which VS Code remembers across windows; where that command does not exist, the key alone remains.
 * Both are harmless when repeated, so callers need not remember.
 */
export function markStepDone(step: WalkthroughStep): void {
  void Promise.resolve(vscode.commands.executeCommand('setContext', WALKTHROUGH_CONTEXT_KEYS[step], true)).catch(() => undefined);
  if (extensionId === undefined) return;
  void Promise.resolve(vscode.commands.executeCommand('welcome.markStepComplete', qualifiedStepId(extensionId, step))).catch(() => undefined);
}

/**
 * Starts the walkthrough's progress for this window. "Set the API key" is ticked at activation
 * when a key is already there, and whenever one is stored.
 */
export function trackWalkthrough(context: { extension: { id: string } }, keys: ApiKeyStore): vscode.Disposable {
  extensionId = context.extension.id;
  const check = (): void => {
    void keys.get().then(
      ({ key }) => {
        if (key !== undefined) markStepDone('apiKeySet');
      },
      () => undefined, // activate() reports an unreadable secret store already.
    );
  };
  check();
  return keys.onDidChange(check);
}

/**
 * The participant's request is answered: ticks "ask @openrouter" and, with Auto picked, the picker
 * step. Only a real answer counts: VS Code may preselect Auto, and the set-a-key notice is no answer.
 */
export function noteParticipantRequest(request: { model?: { vendor: string; id: string; family?: string } }, result: vscode.ChatResult | undefined): void {
  if (!isAnswer(result?.metadata)) return;
  markStepDone('participantAnswered');
  if (isAutoModel(request.model)) markStepDone('autoModelUsed');
}

/** A request through the language-model provider (the model picker, agents, other extensions). */
export function noteModelRequest(model: { id: string }): void {
  if (model.id === AUTO_MODEL_ID) markStepDone('autoModelUsed');
}

function isAutoModel(model: { vendor: string; id: string; family?: string } | undefined): boolean {
  if (!model || model.vendor !== VENDOR) return false;
  return (model.family || model.id.replace(`${VENDOR}/`, '')) === AUTO_MODEL_ID;
}
