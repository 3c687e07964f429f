// How numbers read wherever a user sees them (the chat's footer and reports, the settings page,
// recommendations), so the same value reads the same everywhere. '–' marks "not measured yet".
export const NONE = '–';

const measured = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n);

/** A latency or duration: "850 ms", "1.23 s", "12.3 s" (about three significant digits). */
export function formatMs(ms: number | undefined): string {
  if (!measured(ms)) return NONE;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** A fraction (0..1) as a whole percentage: "83%". */
export function formatPercent(fraction: number | undefined): string {
  return measured(fraction) ? `${Math.round(fraction * 100)}%` : NONE;
}

/** Generation speed: "5.3 tok/s", "42 tok/s". */
export function formatRate(tokensPerSecond: number | undefined): string {
  return measured(tokensPerSecond) ? `${tokensPerSecond.toFixed(tokensPerSecond < 10 ? 1 : 0)} tok/s` : NONE;
}

/** A token count such as a context length: "512", "33K", "1.5M". */
export function formatTokens(count: number): string {
  if (count >= 1_000_000) return `${+(count / 1_000_000).toFixed(1)}M`;
  if (count >= 1000) return `${Math.round(count / 1000)}K`;
  return String(count);
}

/** What one request cost, down to fractions of a cent; undefined when the provider did not say. */
export function formatCost(usd: number | undefined): string | undefined {
  if (!measured(usd)) return undefined;
  if (usd === 0) return '$0';
  return usd < 0.01 ? `$${usd.toFixed(6)}` : `$${usd.toFixed(4)}`;
}

/** Account credits (limits, balance, usage): cents, or four decimals below a cent. */
export function formatCredits(usd: number): string {
  return `$${usd.toFixed(usd !== 0 && Math.abs(usd) < 0.01 ? 4 : 2)}`;
}

/** Whole seconds from `now` until `until` (rounded up), or undefined when already past. */
export function secondsUntil(until: number | undefined, now: number): number | undefined {
  if (until === undefined || until <= now) return undefined;
  return Math.ceil((until - now) / 1000);
}

/** A wait or an age in whole seconds: "20 s", "5 min", "3 h", "2 d". */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}
