// Turns what either SDK reports (HTTP status + headers + body, an error event inside a 200 stream,
// a dropped socket, an abort) into the one ProviderError both modes share.
import { availabilityKind, readAvailability, type Availability } from './availability';
import { ProviderError, RETRYABLE_KINDS, type ErrorKind, type FreeTierWindow, type RateLimitInfo, type UnsupportedFeature } from './errors';
import { redactSecrets } from './redact';

export function kindForStatus(status: number): ErrorKind {
  switch (status) {
    case 400:
    case 413:
    case 422:
      return 'bad_request';
    case 401:
      return 'auth';
    case 402:
      return 'payment';
    case 403:
      return 'forbidden';
    case 404:
    case 410:
      return 'not_found';
    case 408:
    case 504:
    case 524:
      return 'timeout';
    case 429:
      return 'rate_limited';
  }
  if (status >= 500) return 'upstream';
  return 'bad_request';
}

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Every HTTP-date form names a day or month; Date.parse alone would read "1 2" as January 2001.
  if (!/[A-Za-z]{3}/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * `X-RateLimit-Reset` is epoch milliseconds at OpenRouter; accept epoch seconds and relative
 * seconds too, since proxies in front of the API are not consistent.
 */
export function parseRateLimitReset(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) return undefined;
  if (n > 1e12) return Math.round(n);
  if (n > 1e9) return Math.round(n * 1000);
  return now + Math.round(n * 1000);
}

export type HeaderLookup = (name: string) => string | null | undefined;

export function headerLookup(headers: Headers | Record<string, string> | undefined): HeaderLookup {
  if (!headers) return () => undefined;
  if (typeof (headers as Headers).get === 'function') return (name) => (headers as Headers).get(name);
  const lower = new Map(Object.entries(headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
  return (name) => lower.get(name.toLowerCase());
}

export function parseRateLimit(get: HeaderLookup, now: number = Date.now()): RateLimitInfo | undefined {
  const num = (name: string): number | undefined => {
    const v = get(name);
    if (v === null || v === undefined || v.trim() === '') return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  };
  const info: RateLimitInfo = {
    limit: num('x-ratelimit-limit'),
    remaining: num('x-ratelimit-remaining'),
    resetAt: parseRateLimitReset(get('x-ratelimit-reset'), now),
  };
  return info.limit === undefined && info.remaining === undefined && info.resetAt === undefined ? undefined : info;
}

/**
 * OpenRouter's error body: `{error:{code, message, metadata?}}`, and since 2026-08 on availability
 * errors `{error:{code, message, error_type, http_status, availability}}` (`code` left out in the
 * example the notes quote); tolerate anything else.
 */
export interface OpenRouterErrorBody {
  code?: number | string;
  message?: string;
  metadata?: unknown;
  httpStatus?: number;
  availability?: Availability;
}

export function readErrorBody(value: unknown): OpenRouterErrorBody | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const inner = 'error' in value && typeof value.error === 'object' && value.error !== null ? value.error : value;
  const e = inner as Record<string, unknown>;
  const body: OpenRouterErrorBody = {};
  if (typeof e.code === 'number' || typeof e.code === 'string') body.code = e.code;
  if (typeof e.message === 'string') body.message = e.message;
  if (e.metadata !== undefined) body.metadata = e.metadata;
  if (typeof e.http_status === 'number' && Number.isInteger(e.http_status)) body.httpStatus = e.http_status;
  const availability = readAvailability(e);
  if (availability) body.availability = availability;
  return body.code === undefined && body.message === undefined && body.availability === undefined ? undefined : body;
}

/**
 * OpenRouter puts the rate-limit counters of a free-tier 429 inside the body as
 * `error.metadata.headers` (`X-RateLimit-Limit: "50"`, ...), and sometimes also as real headers.
 */
function metadataHeaders(body: OpenRouterErrorBody | undefined): HeaderLookup {
  const metadata = body?.metadata;
  if (typeof metadata !== 'object' || metadata === null) return () => undefined;
  const headers = (metadata as Record<string, unknown>).headers;
  if (typeof headers !== 'object' || headers === null) return () => undefined;
  const strings: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (typeof v === 'string' || typeof v === 'number') strings[k] = String(v);
  }
  return headerLookup(strings);
}

/** Real headers first; a missing or empty one is looked up in the body's `metadata.headers`. */
function withBodyHeaders(real: HeaderLookup, body: OpenRouterErrorBody | undefined): HeaderLookup {
  const inBody = metadataHeaders(body);
  return (name) => {
    const value = real(name);
    return value === null || value === undefined || value.trim() === '' ? inBody(name) : value;
  };
}

/**
 * The free-tier limit a 429 names, from its message (`Rate limit exceeded: free-models-per-day`)
 * or its `metadata.limit_source` (`openrouter_free_tier_daily`); undefined for any other 429 (an
 * upstream provider's own limit, which concerns that model only).
 */
export function freeTierWindowOf(body: OpenRouterErrorBody | undefined): FreeTierWindow | undefined {
  const message = body?.message ?? '';
  if (/free-models-per-day/i.test(message)) return 'day';
  if (/free-models-per-min/i.test(message)) return 'minute';
  const metadata = body?.metadata;
  const source = typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>).limit_source : undefined;
  if (typeof source !== 'string' || !/free/i.test(source)) return undefined;
  if (/day|daily/i.test(source)) return 'day';
  if (/min/i.test(source)) return 'minute';
  return undefined;
}

/**
 * What a 404's message says no endpoint supports, when it is OpenRouter's capability 404 rather than
 * a vanished model ("No endpoints found for <model>."): "No endpoints found that support tool use",
 * "…that support image input", "No endpoints found matching your data policy (…)" (older: "…data
 * policy. Check your settings"; also "No endpoints available matching your guardrail restrictions
 * and data policy").
 */
export function unsupportedFeatureOf(message: string | undefined): UnsupportedFeature | undefined {
  if (!message) return undefined;
  if (/no endpoints? .*support(s)? tool/i.test(message)) return 'tools';
  if (/no endpoints? .*support(s)? image/i.test(message)) return 'image';
  if (/no endpoints? .*matching your .*data policy/i.test(message)) return 'data_policy';
  return undefined;
}

/**
 * Whether an error message says the request is longer than the model's context window, and the
 * window it states. The wordings, as the servers send them:
 * - OpenRouter: "This endpoint's maximum context length is 32768 tokens. However, you requested about
 *   41000 tokens (…). Please reduce the length of either one, or use the "middle-out" transform…"
 *   (since 2026: "…or use the "context-compression" plugin…");
 * - vLLM: "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens…",
 *   newer "'max_tokens' or 'max_completion_tokens' is too large: 8000. This model's maximum context
 *   length is 4096 tokens and your request has 2778 input tokens…";
 * - llama.cpp: "request (4476 tokens) exceeds the available context size (4096 tokens), try
 *   increasing it" (older: "the request exceeds the available context size, try increasing it");
 * - LM Studio: "Trying to keep the first 10136 tokens when context the overflows. However, the model
 *   is loaded with context length of only 7866 tokens…", newer "Cannot truncate prompt with n_keep
 *   (15028) >= n_ctx (7424)";
 * - OpenAI and proxies in front of it: code `context_length_exceeded`.
 */
export function contextOverflowOf(message: string | undefined, code?: number | string): { window?: number } | undefined {
  const text = message ?? '';
  const stated =
    /maximum context length is (\d+)/i.exec(text) ??
    /exceeds the available context size \((\d+) tokens?\)/i.exec(text) ??
    /context length of only (\d+)/i.exec(text) ??
    /n_ctx \((\d+)\)/i.exec(text) ??
    /\bn_ctx:? (\d+)/i.exec(text);
  const overflow =
    stated !== null ||
    /exceeds the available context size|context the overflows|context[_ ]length[_ ]exceeded|prompt is too long|input is too long for the context/i.test(text) ||
    code === 'context_length_exceeded';
  if (!overflow) return undefined;
  const window = stated ? Number(stated[1]) : undefined;
  return window !== undefined && Number.isFinite(window) && window > 0 ? { window } : {};
}

function detailOf(body: OpenRouterErrorBody | undefined): string | undefined {
  if (!body || (body.code === undefined && body.metadata === undefined && body.availability === undefined)) return undefined;
  return redactSecrets(JSON.stringify({ code: body.code ?? body.availability?.code, metadata: body.metadata }));
}

/**
 * What the kind and hints of an error are, by `error.availability` when the body has one (its code
 * decides; a stated `retry_after` is the wait; it is never the account's free-tier limit, which
 * only the free-models-per-min/day 429s are), else by the status and the message as before.
 */
function classify(status: number, body: OpenRouterErrorBody | undefined, statusKind: ErrorKind) {
  const availability = body?.availability;
  if (availability) {
    const { kind, unsupported } = availabilityKind(availability, statusKind, RETRYABLE_KINDS);
    return { kind, unsupported, contextWindow: undefined, availability, freeTier: undefined, retryAfterMs: availability.retryAfterMs };
  }
  const unsupported = status === 404 ? unsupportedFeatureOf(body?.message) : undefined;
  const overflow = status === 400 || status === 413 || status === 422 ? contextOverflowOf(body?.message, body?.code) : undefined;
  const kind: ErrorKind = unsupported ? 'unsupported' : overflow ? 'context_length' : statusKind;
  return { kind, unsupported, contextWindow: overflow?.window, availability: undefined, freeTier: kind === 'rate_limited' ? freeTierWindowOf(body) : undefined, retryAfterMs: undefined };
}

export function httpError(init: {
  status: number;
  headers?: HeaderLookup;
  body?: OpenRouterErrorBody;
  fallbackMessage?: string;
  model?: string;
  now?: number;
}): ProviderError {
  const now = init.now ?? Date.now();
  const get = withBodyHeaders(init.headers ?? (() => undefined), init.body);
  const rateLimit = parseRateLimit(get, now);
  let retryAfterMs = parseRetryAfter(get('retry-after'), now);
  if (retryAfterMs === undefined && init.status === 429 && rateLimit?.resetAt !== undefined) {
    retryAfterMs = Math.max(0, rateLimit.resetAt - now);
  }
  // OpenRouter says "No endpoints found" in its error body. A 404 without that body came from
  // something else at the base URL (a path missing /api/v1, a proxy): a configuration problem, not a
  // vanished model, so 'network' (whose advice names the setting) rather than cooling every model down.
  if (init.status === 404 && init.body === undefined) {
    return new ProviderError({
      kind: 'network',
      status: 404,
      message: `OpenRouter returned 404: there is no OpenRouter API at this address (the base URL usually ends in /api/v1)`,
      model: init.model,
    });
  }
  const serverMessage = init.body?.message ?? init.fallbackMessage ?? `HTTP ${init.status}`;
  const c = classify(init.status, init.body, kindForStatus(init.status));
  return new ProviderError({
    kind: c.kind,
    unsupported: c.unsupported,
    contextWindow: c.contextWindow,
    status: init.status,
    message: redactSecrets(`OpenRouter returned ${init.status}: ${serverMessage}`),
    model: init.model,
    retryAfterMs: c.retryAfterMs ?? retryAfterMs,
    rateLimit,
    freeTier: init.status === 429 ? c.freeTier : undefined,
    detail: detailOf(init.body),
    availability: c.availability,
  });
}

/** An `error` object that arrived as an SSE event after the 200 status line. */
export function streamPayloadError(body: OpenRouterErrorBody | undefined, model: string | undefined, now: number = Date.now()): ProviderError {
  const numeric = typeof body?.code === 'number' ? body.code : Number(body?.code);
  // A numeric HTTP-like code (or the availability bodies' `http_status`) tells what went wrong
  // upstream (e.g. 429 mid-stream); anything else is a generic broken stream.
  const code = Number.isInteger(numeric) ? numeric : (body?.httpStatus ?? NaN);
  const statusKind: ErrorKind = Number.isInteger(code) && code >= 400 && code < 600 ? kindForStatus(code) : 'stream_error';
  const c = classify(code, body, statusKind);
  const rateLimit = c.kind === 'rate_limited' ? parseRateLimit(metadataHeaders(body), now) : undefined;
  return new ProviderError({
    kind: c.kind,
    message: redactSecrets(`The stream from OpenRouter reported an error: ${body?.message ?? 'unknown error'}`),
    model,
    unsupported: c.unsupported,
    contextWindow: c.contextWindow,
    rateLimit,
    retryAfterMs: c.retryAfterMs ?? (rateLimit?.resetAt !== undefined ? Math.max(0, rateLimit.resetAt - now) : undefined),
    freeTier: c.freeTier,
    detail: detailOf(body),
    availability: c.availability,
  });
}

/**
 * The request was aborted through its signal. An abort whose reason is a TimeoutError (as from
 * `AbortSignal.timeout()` or `controller.abort(new DOMException('...', 'TimeoutError'))`) is the
 * caller's time limit, reported as `timeout` so the router can fail over; any other abort is the user's.
 */
export function cancelledError(model: string | undefined, signal?: AbortSignal): ProviderError {
  const reason: unknown = signal?.reason;
  if (typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError') {
    return new ProviderError({ kind: 'timeout', message: 'No answer within the time limit.', model });
  }
  return new ProviderError({ kind: 'cancelled', message: 'The request was cancelled.', model });
}

export function networkError(cause: unknown, model: string | undefined): ProviderError {
  return new ProviderError({
    kind: 'network',
    message: redactSecrets(`The connection to OpenRouter failed: ${describeCause(cause)}`),
    model,
    notSent: neverConnected(cause),
  });
}

/** Socket errors that happen before a connection exists: the request cannot have reached the server. */
const NOT_CONNECTED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** True when an error (or one in its `cause` chain, or an AggregateError's list) says no connection was made. */
function neverConnected(cause: unknown, depth = 0): boolean {
  if (depth > 4 || typeof cause !== 'object' || cause === null) return false;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string' && NOT_CONNECTED_CODES.has(code)) return true;
  const errors = (cause as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.length > 0 && errors.every((e) => neverConnected(e, depth + 1))) return true;
  return neverConnected((cause as { cause?: unknown }).cause, depth + 1);
}

export function malformedStreamError(cause: unknown, model: string | undefined): ProviderError {
  return new ProviderError({
    kind: 'stream_error',
    message: redactSecrets(`OpenRouter sent a stream that could not be read: ${describeCause(cause)}`),
    model,
  });
}

/**
 * The stream ended without a finish reason: OpenRouter always sends one in its last chunk, so the
 * answer was cut off on the way (a proxy or load balancer closing the response), not complete.
 */
export function incompleteStreamError(model: string | undefined): ProviderError {
  return new ProviderError({
    kind: 'stream_error',
    message: 'The stream from OpenRouter ended before the answer was complete (no finish reason).',
    model,
  });
}

export function timeoutError(cause: unknown, model: string | undefined): ProviderError {
  return new ProviderError({
    kind: 'timeout',
    message: redactSecrets(`The request to OpenRouter timed out: ${describeCause(cause)}`),
    model,
  });
}

/** Error messages plus their `cause` chain (undici hides "other side closed" in `cause`). */
export function describeCause(cause: unknown): string {
  const parts: string[] = [];
  let current: unknown = cause;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    if (current instanceof Error) {
      if (current.message && !parts.includes(current.message)) parts.push(current.message);
      current = (current as { cause?: unknown }).cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(': ') || 'unknown error';
}

export function isAbortLike(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || e.name === 'APIUserAbortError' || e.name === 'ResponseAborted');
}
