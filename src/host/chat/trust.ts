// The one place chat markdown gets trust: a part runs only the commands it names, and the
// renderers (src/host/chat/render) give commands only to parts that hold our own text.
import * as vscode from 'vscode';

/** `text` as a chat part: plain (nothing runs, no HTML) unless `commands` names what may run. */
export function trustedFor(text: string, commands?: readonly string[]): string | vscode.MarkdownString {
  if (!commands?.length) return text;
  const md = new vscode.MarkdownString(text);
  md.isTrusted = { enabledCommands: [...commands] };
  md.supportHtml = false;
  return md;
}
