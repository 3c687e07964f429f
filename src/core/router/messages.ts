// What the router tells the user when it cannot answer: what happened and what to do next.
import type { BudgetRefusal } from './budget';

/** "40 s", "3 min 5 s", "2 h 10 min": a wait as a person says it. */
export function formatWait(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return s % 60 ? `${min} min ${s % 60} s` : `${min} min`;
  const h = Math.floor(min / 60);
  return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
}

/** "14:05:09 UTC": absolute times in UTC, because the free-tier day resets at UTC midnight. */
export function formatUtcTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(11, 19)} UTC`;
}

export function budgetMessage(refusal: BudgetRefusal, now: number): string {
  const wait = formatWait(refusal.retryAt - now);
  if (refusal.window === 'minute') {
    return `The free-tier limit of ${refusal.limit} requests per minute is used up, so this request was not sent (OpenRouter would refuse it). A slot frees up in ${wait}; try again then.`;
  }
  const hint = refusal.limit < 1000 ? ' Accounts with at least 10 credits get 1000 free requests per day (set openrouterDual.freeTier.dailyLimit to 1000 after buying them).' : '';
  return `The free-tier limit of ${refusal.limit} requests per day is used up, so this request was not sent. It resets at 00:00 UTC, in ${wait}.${hint}`;
}

export function coolingMessage(model: string, until: number, now: number, count: number): string {
  const who = count === 1 ? `${model} is` : `All ${count} enabled models are`;
  return `${who} cooling down after rate limits or errors. The earliest back is ${model}, in ${formatWait(until - now)} (at ${formatUtcTime(until)}). Try again then, or enable more models in OpenRouter: Open Settings.`;
}

export const NO_MODELS_MESSAGE = 'No models are enabled. Choose some free models in OpenRouter: Open Settings.';

export function timeoutMessage(model: string, timeoutMs: number, afterOutput: boolean): string {
  return afterOutput
    ? `${model} stopped sending for ${formatWait(timeoutMs)}.`
    : `${model} sent nothing within ${formatWait(timeoutMs)}. Raise openrouterDual.timeoutPerModel if slow models should get more time.`;
}

/** An answer that broke off after text was shown: it stays, marked incomplete, never replaced. */
export function cutShortMessage(reason: string): string {
  return `${reason} The answer above is incomplete; ask again to get a full answer.`;
}

export function exhaustedMessage(lastReason: string, tried: readonly { model: string; reason: string }[]): string {
  if (tried.length <= 1) return lastReason;
  const list = tried.map((t) => `${t.model} (${t.reason})`).join('; ');
  return `No model could answer. Last error: ${lastReason} Tried: ${list}.`;
}

const KIND_WORDS: Record<string, string> = {
  auth: 'API key rejected',
  payment: 'payment required',
  forbidden: 'refused (moderation)',
  not_found: 'model not found',
  bad_request: 'bad request',
  rate_limited: 'rate limited',
  timeout: 'timed out',
  upstream: 'provider unavailable',
  network: 'network error',
  cancelled: 'cancelled',
  stream_error: 'stream error',
};

/** A few words for an attempt in a list: "rate limited (429), retry after 20 s". */
export function shortReason(kind: string, status?: number, retryAfterMs?: number): string {
  const words = KIND_WORDS[kind] ?? kind;
  const code = status ? ` (${status})` : '';
  const wait = retryAfterMs !== undefined && retryAfterMs > 0 ? `, retry after ${formatWait(retryAfterMs)}` : '';
  return `${words}${code}${wait}`;
}
