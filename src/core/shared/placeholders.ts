// `vscode.l10n.t`'s placeholder rule without a bundle, for English text and for tests.

/** Fills `{0}`, `{1}`, ... with the arguments; a placeholder without an argument stays as it is. */
export function fillPlaceholders(message: string, ...args: Array<string | number | boolean>): string {
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
}
