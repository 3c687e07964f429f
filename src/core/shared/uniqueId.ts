// A new id that none of the taken ones has: `base`, else `base-2`, `base-3`, … (an endpoint added
// from the palette or the settings page next to one with the same preset).

export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}
