// What the chat renderers write to. The participant adapts VS Code's ChatResponseStream to it;
// tests record the calls. Keeps the event-to-chat logic free of `vscode`.
export interface ChatOutput {
  /** `commands`: the command links in `text` that may run (nothing else in it is trusted). */
  markdown(text: string, commands?: readonly string[]): void;
  progress(text: string): void;
}
