// Number and time formatting for tables; '–' marks "not measured yet".
export const NONE = '–';

export function ms(value: number | undefined): string {
  if (value === undefined) return NONE;
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(value < 10_000 ? 2 : 1)} s`;
}

export function percent(fraction: number | undefined): string {
  return fraction === undefined ? NONE : `${Math.round(fraction * 100)}%`;
}

export function rate(tokensPerSecond: number | undefined): string {
  return tokensPerSecond === undefined ? NONE : `${tokensPerSecond.toFixed(tokensPerSecond < 10 ? 1 : 0)} tok/s`;
}

export function tokens(count: number): string {
  if (count >= 1_000_000) return `${+(count / 1_000_000).toFixed(1)}M`;
  if (count >= 1000) return `${Math.round(count / 1000)}K`;
  return String(count);
}

/** Seconds or minutes from now until `until`, or undefined when already past. */
export function remaining(until: number | undefined, now: number): number | undefined {
  if (until === undefined || until <= now) return undefined;
  return Math.ceil((until - now) / 1000);
}

export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}
