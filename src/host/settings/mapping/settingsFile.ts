// Reads a settings file as VS Code writes it (JSON with comments and trailing commas), to find
// values VS Code itself drops without telling anyone: a workspace value of a setting whose scope
// keeps it out of workspaces.

/** The JSON text with comments and trailing commas removed; strings are copied untouched. */
function stripJsonc(text: string): string {
  return dropTrailingCommas(dropComments(text));
}

/** The index of the quote that closes the string opened at `start`. */
function stringEnd(text: string, start: number): number {
  let j = start + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
  return j;
}

/** Copies `text`: strings whole, every other character as `visit` says (what to write, where to go on from). */
function rewriteOutsideStrings(text: string, visit: (i: number) => { emit: string; skipTo: number }): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end + 1);
      i = end;
      continue;
    }
    const { emit, skipTo } = visit(i);
    out += emit;
    i = skipTo;
  }
  return out;
}

function dropComments(text: string): string {
  return rewriteOutsideStrings(text, (i) => {
    if (text.startsWith('//', i)) {
      let j = i;
      while (j < text.length && text[j] !== '\n') j++;
      return { emit: '\n', skipTo: j };
    }
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      return { emit: ' ', skipTo: end < 0 ? text.length : end + 1 };
    }
    return { emit: text[i], skipTo: i };
  });
}

function dropTrailingCommas(text: string): string {
  const closer = /\s*[}\]]/y;
  return rewriteOutsideStrings(text, (i) => {
    closer.lastIndex = i + 1;
    return { emit: text[i] === ',' && closer.test(text) ? '' : text[i], skipTo: i };
  });
}

/**
 * The value a settings file gives `name` (a full id like `openrouterDual.baseUrl`), or undefined
 * when it sets none or cannot be read as JSON with comments.
 */
export function settingInFile(text: string, name: string): unknown {
  let doc: unknown;
  try {
    doc = JSON.parse(stripJsonc(text));
  } catch {
    return undefined;
  }
  return typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>)[name] : undefined;
}
