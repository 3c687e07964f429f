// Notifications pass the redactor, like log lines: a message may quote a server or a setting that
// carries the key. The only place the extension calls VS Code's show*Message (eslint enforces it).
import * as vscode from 'vscode';
import { redactSecrets } from '../../core/providers/redact';

let knownSecrets: () => Iterable<string> = () => [];

/** Registers where the literal keys in use come from (at activation); disposing forgets it. */
export function redactNotificationsWith(secrets: () => Iterable<string>): vscode.Disposable {
  knownSecrets = secrets;
  return { dispose: () => (knownSecrets = () => []) };
}

const clean = (message: string) => redactSecrets(message, knownSecrets());

/** `items`: the buttons (our own labels); resolves to the one clicked. */
export const notify = {
  info: (message: string, ...items: string[]) => vscode.window.showInformationMessage(clean(message), ...items),
  warn: (message: string, ...items: string[]) => vscode.window.showWarningMessage(clean(message), ...items),
  error: (message: string, ...items: string[]) => vscode.window.showErrorMessage(clean(message), ...items),
  /** A modal warning with a longer `detail`: a question the user must answer before anything goes on. */
  ask: (message: string, detail: string, ...items: string[]) => vscode.window.showWarningMessage(clean(message), { modal: true, detail: clean(detail) }, ...items),
};
