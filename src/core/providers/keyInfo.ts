// `GET /key`: the cheap call behind "Test Connection". It proves the key works and shows the
// account's limits without spending a chat request of the free-tier budget.
import * as z from 'zod';
import { lazy } from '../lazy';
import { attributionHeaders, normalizedBaseUrl } from './attribution';
import { cancelledError, headerLookup, httpError, isAbortLike, networkError, readErrorBody } from './errorMapping';
import { ProviderError } from './errors';
import { missingKeyError } from './localErrors';
import { redactError } from './redact';
import type { ProviderSettings } from './types';

const KeyInfoResponse = lazy(() => z.object({
  data: z.object({
    label: z.string().catch(''),
    limit: z.number().nullable().optional(),
    limit_remaining: z.number().nullable().optional(),
    usage: z.number().catch(0),
    is_free_tier: z.boolean(),
    rate_limit: z.object({ requests: z.number(), interval: z.string() }).optional().catch(undefined),
    // Newer fields, read when present: what the key spent today and the account's free requests today.
    usage_daily: z.number().optional().catch(undefined),
    free_model_daily_requests: z.object({ limit: z.number(), remaining: z.number(), used: z.number() }).optional().catch(undefined),
  }),
}));

export interface KeyInfo {
  /** OpenRouter's masked label of the key (never the key itself). */
  label: string;
  /** Credit limit in USD; null when the key has none. */
  limit: number | null;
  limitRemaining: number | null;
  /** USD spent with this key. */
  usage: number;
  isFreeTier: boolean;
  rateLimit?: { requests: number; interval: string };
  /** USD spent with this key today (UTC), when OpenRouter says. */
  usageDaily?: number;
  /** The account's free-model requests today (the counter OpenRouter enforces), when it says. */
  freeRequests?: { limit: number; remaining: number; used: number };
}

async function get(settings: ProviderSettings, path: string, signal: AbortSignal | undefined): Promise<Response> {
  try {
    return await fetch(`${normalizedBaseUrl(settings)}${path}`, {
      headers: { ...attributionHeaders(settings), Authorization: `Bearer ${settings.apiKey}` },
      signal,
    });
  } catch (e) {
    throw signal?.aborted || isAbortLike(e) ? cancelledError(undefined, signal) : networkError(e, undefined);
  }
}

/** The body as JSON, or undefined when it is not JSON; a read that breaks off is a failed request. */
async function readJson(response: Response, signal: AbortSignal | undefined): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (e) {
    throw signal?.aborted || isAbortLike(e) ? cancelledError(undefined, signal) : networkError(e, undefined);
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function fetchKeyInfo(settings: ProviderSettings, signal?: AbortSignal): Promise<KeyInfo> {
  if (!settings.apiKey) throw missingKeyError();
  let response = await get(settings, '/key', signal);
  // Proxies and older deployments may only know the previous path.
  if (response.status === 404) {
    // Release the first answer's connection before asking again.
    await response.body?.cancel().catch(() => undefined);
    response = await get(settings, '/auth/key', signal);
  }
  const json = await readJson(response, signal);
  if (!response.ok) {
    throw redactError(
      httpError({
        status: response.status,
        headers: headerLookup(response.headers),
        body: readErrorBody(json),
        fallbackMessage: response.statusText,
      }),
      [settings.apiKey],
    );
  }
  const parsed = KeyInfoResponse.safeParse(json);
  if (!parsed.success) {
    throw new ProviderError({
      kind: 'upstream',
      message: 'OpenRouter answered the key check with data this version does not understand.',
      detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    });
  }
  const d = parsed.data.data;
  return {
    label: d.label,
    limit: d.limit ?? null,
    limitRemaining: d.limit_remaining ?? null,
    usage: d.usage,
    isFreeTier: d.is_free_tier,
    rateLimit: d.rate_limit,
    ...(d.usage_daily !== undefined ? { usageDaily: d.usage_daily } : {}),
    ...(d.free_model_daily_requests ? { freeRequests: d.free_model_daily_requests } : {}),
  };
}
