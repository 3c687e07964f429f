// How deeply a parsed JSON value nests. JSON.parse takes any depth, but JSON.stringify and every
// schema check recurse, so a value nested thousands of levels deep overflows the stack wherever it
// is next written or checked. Walked here without recursion.

/** Deeper than any real tool schema or message needs; far below what overflows the stack. */
export const MAX_JSON_DEPTH = 64;

/** Path segments a message shows: `tools[0].function.parameters` names the field without the whole chain. */
const SHOWN_SEGMENTS = 4;

/**
 * The field (as `a[0].b.c`) under which `value` nests deeper than `limit` objects and arrays, or
 * undefined when it does not.
 */
export function tooDeepAt(value: unknown, limit: number = MAX_JSON_DEPTH): string | undefined {
  const stack: { value: unknown; depth: number; path: (string | number)[] }[] = [{ value, depth: 0, path: [] }];
  while (stack.length) {
    const { value: node, depth, path } = stack.pop() as (typeof stack)[number];
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= limit) return formatPath(path);
    const entries: [string | number, unknown][] = Array.isArray(node) ? node.map((v, i) => [i, v]) : Object.entries(node);
    for (const [key, child] of entries) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1, path: path.length < SHOWN_SEGMENTS ? [...path, key] : path });
    }
  }
  return undefined;
}

function formatPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(body)';
}
