// A chat response stream for host tests: records what the participant wrote, as VS Code would show
// it (markdown with its trust, progress lines, buttons).
import type * as vscode from './vscodeStub';

export interface RecordedPart {
  kind: 'markdown' | 'progress' | 'button';
  value: string;
  /** A markdown part's trust (false for plain strings, progress lines and buttons). */
  trusted: vscode.MarkdownString['isTrusted'] | false;
  /** A button's command arguments. */
  args?: unknown[];
}

export class RecordingStream {
  readonly parts: RecordedPart[] = [];
  markdown(value: string | vscode.MarkdownString): void {
    if (typeof value === 'string') this.parts.push({ kind: 'markdown', value, trusted: false });
    else this.parts.push({ kind: 'markdown', value: value.value, trusted: value.isTrusted });
  }
  progress(value: string): void {
    this.parts.push({ kind: 'progress', value, trusted: false });
  }
  button(b: { command: string; arguments?: unknown[] }): void {
    this.parts.push({ kind: 'button', value: b.command, trusted: false, args: b.arguments });
  }
  /** The markdown as written (network text escaped). */
  get text(): string {
    return this.parts.filter((p) => p.kind === 'markdown').map((p) => p.value).join('');
  }
  /** What the user reads: markdown's backslash escapes resolved. */
  get shown(): string {
    return this.text.replace(/\\(.)/g, '$1');
  }
  /** The buttons' commands. */
  get buttons(): string[] {
    return this.parts.filter((p) => p.kind === 'button').map((p) => p.value);
  }
  /** The buttons as "command arg1 arg2". */
  get buttonsWithArgs(): string[] {
    return this.parts.filter((p) => p.kind === 'button').map((p) => [p.value, ...(p.args ?? [])].join(' '));
  }
  /** Every command a markdown part is trusted to run. */
  get trustedCommands(): string[] {
    return this.parts.flatMap((p) => (typeof p.trusted === 'object' && p.trusted ? [...(p.trusted.enabledCommands ?? [])] : []));
  }
}
