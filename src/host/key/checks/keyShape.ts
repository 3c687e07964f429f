// What a pasted OpenRouter key should look like, checked before the network check.
/** Catches pasted whitespace, an empty box, or a secret of another service. */
export function checkKeyShape(input: string): { ok: true } | { ok: false; reason: 'empty' | 'spaces' | 'prefix' } {
  if (!input) return { ok: false, reason: 'empty' };
  if (/\s/.test(input)) return { ok: false, reason: 'spaces' };
  if (!input.startsWith('sk-or-')) return { ok: false, reason: 'prefix' };
  return { ok: true };
}
