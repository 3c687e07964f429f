// Sets the walkthrough's context keys when the user has done a step (see contextKeys.ts). Every
// hook is one call from the place where the thing happens, so the feature code stays unaware of it.
import * as vscode from 'vscode';
import type { ApiKeyStore } from '../key/secrets';
import { VENDOR, AUTO_MODEL_ID } from '../models/mapping/vendor';
import { isAnswer, WALKTHROUGH_CONTEXT_KEYS, type WalkthroughStep } from './contextKeys';

/** Ticks a step. Setting a key that is already true is harmless, so callers need not remember. */
export function markStepDone(step: WalkthroughStep): void {
  void Promise.resolve(vscode.commands.executeCommand('setContext', WALKTHROUGH_CONTEXT_KEYS[step], true)).catch(() => undefined);
}

/** "Set the API key": at activation when a key is already there, and whenever one is stored. */
export function trackApiKey(keys: ApiKeyStore): vscode.Disposable {
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

/** The participant's request is in and answered: ticks "ask @openrouter" and, with Auto picked, the picker step. */
export function noteParticipantRequest(request: { model?: { vendor: string; id: string; family?: string } }, result: vscode.ChatResult | undefined): void {
  if (isAutoModel(request.model)) markStepDone('autoModelUsed');
  if (isAnswer(result?.metadata)) markStepDone('participantAnswered');
}

/** A request through the language-model provider (the model picker, agents, other extensions). */
export function noteModelRequest(model: { id: string }): void {
  if (model.id === AUTO_MODEL_ID) markStepDone('autoModelUsed');
}

function isAutoModel(model: { vendor: string; id: string; family?: string } | undefined): boolean {
  if (!model || model.vendor !== VENDOR) return false;
  return (model.family || model.id.replace(`${VENDOR}/`, '')) === AUTO_MODEL_ID;
}
