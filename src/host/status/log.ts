// The "OpenRouter Dual" output channel. Every line passes through redaction first.
import * as vscode from 'vscode';
import { redactSecrets } from '../../core/providers/redact';

export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  show(): void;
}

export class RedactingLog implements Log, vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('OpenRouter Dual', { log: true });

  /** `secrets` returns the literal keys in use, so a key of any shape is redacted. */
  constructor(private readonly secrets: () => Iterable<string>) {}

  debug(message: string): void {
    this.channel.debug(this.clean(message));
  }
  info(message: string): void {
    this.channel.info(this.clean(message));
  }
  warn(message: string): void {
    this.channel.warn(this.clean(message));
  }
  error(message: string): void {
    this.channel.error(this.clean(message));
  }
  show(): void {
    this.channel.show(true);
  }
  dispose(): void {
    this.channel.dispose();
  }

  private clean(message: string): string {
    return redactSecrets(message, this.secrets());
  }
}
