// What the chat renderers write to. The participant adapts VS Code's ChatResponseStream to it;
// tests record the calls. Keeps the event-to-chat logic free of `vscode`.
export interface ChatOutput {
  markdown(text: string): void;
  progress(text: string): void;
  button(command: string, title: string, args?: unknown[]): void;
}
