// What a markdown part would make live when rendered: links (inline, reference, definitions,
// autolinks), raw HTML, and bare URLs a GFM renderer links. Escaped characters and code spans are
// inert and removed first; table rows are split into cells first (GFM splits cells before it
// finds code spans, so a `|` inside backticks still ends a cell).

export interface ActiveMarkdown {
  /** Link targets, e.g. `command:openrouterDual.toggleModel?...` or `https://...`. */
  links: string[];
  /** Raw HTML tags. */
  html: string[];
}

export function activeMarkdown(markdown: string): ActiveMarkdown {
  const lines = markdown.split(/\r?\n/).map((line) => (/^\s*\|/.test(line) ? line.replace(/(?<!\\)\|/g, '\n') : line));
  const text = lines
    .join('\n')
    // Escapes first: an escaped backtick opens no code span.
    .replace(/\\[!-/:-@[-`{-~]/g, '_')
    .replace(/(`+)(?!`)[^\n]*?(?<!`)\1(?!`)/g, ' ');
  const links: string[] = [];
  for (const m of text.matchAll(/\]\s*\(\s*<?([^)\s>]*)/g)) links.push(m[1]);
  for (const m of text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*(\S+)/gm)) links.push(m[1]);
  for (const m of text.matchAll(/<((?:https?|command|file|vscode|mailto):[^>\s]*)>/gi)) links.push(m[1]);
  for (const m of text.matchAll(/(?<![\w/])((?:https?:\/\/|www\.)[^\s<)]+)/gi)) links.push(m[1]);
  const html = [...text.matchAll(/<\/?[A-Za-z][^>\n]*>|<!--|<\?|<![A-Z]/g)].map((m) => m[0]);
  return { links, html };
}

/** Hostile text a server might send: markdown and command links, HTML, a code span breaker, URLs. */
export const HOSTILE_MESSAGE =
  'Down. [Enable](command:openrouterDual.toggleModel?%5B%22evil%2Fx%22%2Ctrue%5D) <img src=x onerror=alert(1)> ' +
  '<a href="https://evil.example/a">here</a> `tick [ref]: https://evil.example/r\n[Docs][ref] see https://evil.example/b or www.evil.example';

/** A model id that fits OpenRouter's id shape (no spaces) and still carries links and HTML. */
export const HOSTILE_MODEL = 'evil/x|[Enable](command:openrouterDual.toggleModel?%5B%22evil%22%5D)<b>bold</b>`[w](https://evil.example/m):free';
