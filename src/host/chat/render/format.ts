// Markdown escaping shared by the chat renderers (numbers: src/core/shared/format.ts). Text from
// the network (server messages, model ids, names, attempt reasons) enters chat markdown only
// through these functions, so it can never become a link, a command, HTML or a new block.

/** Longer network text is cut: a megabyte-long name must not flood the chat. */
const MAX_INERT = 500;

/** Invisible characters that reorder or hide text (bidi controls, zero-width). */
const HIDDEN = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

function flatten(text: string, max: number): string {
  const line = text.replace(HIDDEN, '').replace(/[\r\n\u2028\u2029\t\f\v]+/g, ' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * Network text as literal words in markdown: one line, every ASCII punctuation mark escaped (so no
 * link, autolink, code span, emphasis, HTML or entity can start), cut to `max` characters.
 */
export function escapeMarkdown(text: string, max = MAX_INERT): string {
  return flatten(text, max).replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** Escapes text for a markdown table cell (pipes and newlines break the row). */
export function tableCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * A model id in a code span: one line, backticks (which would end the span) replaced, cut to
 * `max`. In a table cell (`table`), pipes are escaped too: GFM splits cells before code spans.
 */
export function codeSpan(text: string, opts: { table?: boolean; max?: number } = {}): string {
  const inner = flatten(text, opts.max ?? MAX_INERT).replace(/`/g, "'");
  const span = '`' + (inner.startsWith(' ') || inner.endsWith(' ') ? ` ${inner} ` : inner) + '`';
  return opts.table ? span.replace(/\|/g, '\\|') : span;
}

/** Ids made only of characters that mean nothing in markdown: safe next to command links. */
export function isPlainId(id: string): boolean {
  return id.length <= 200 && /^[A-Za-z0-9][\w.+@~-]*(?:\/[\w.+@~:-]+)+$/.test(id);
}
