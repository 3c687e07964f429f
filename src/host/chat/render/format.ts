// Markdown escaping shared by the chat renderers (numbers: src/core/shared/format.ts).

/** Escapes text for a markdown table cell (pipes and newlines break the row). */
export function tableCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Model ids go in code spans; backticks inside would end the span. */
export function codeSpan(text: string): string {
  return '`' + text.replace(/`/g, "'") + '`';
}
