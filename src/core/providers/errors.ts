// One error type for both modes, so the router decides failover on `kind` alone.
import type { ErrorKind } from '../shared/errorKinds';
import type { Availability } from './availability';
import type { PrivacyCause } from './privacy';

export type { ErrorKind };

const RETRYABLE: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'rate_limited',
  'timeout',
  'upstream',
  'network',
  'not_found',
  'stream_error',
  // A stream that ended with no text and no tool call: another model may well answer.
  'empty_answer',
  // Another model can take the request at once; this one is not cooled down (see route.ts).
  'unsupported',
  // A model with a larger window can take the request at once; this one is not cooled down.
  'context_length',
]);

/**
 * Which account-wide free-tier limit OpenRouter named in a 429 (`free-models-per-min`,
 * `free-models-per-day`, `free-models-per-day-high-balance`): every `:free` model refuses until it resets.
 */
export type FreeTierWindow = 'minute' | 'day';

/**
 * What OpenRouter's capability 404 says no endpoint of the model supports: tool use, image input,
 * the account's data policy (which, with the request's features, leaves no endpoint at all), or the
 * request's own constraints (OpenRouter's `constraint_filtered`: provider preferences, price).
 */
export type UnsupportedFeature = 'tools' | 'image' | 'data_policy' | 'constraint';

export interface RateLimitInfo {
  limit?: number;
  remaining?: number;
  /** Epoch milliseconds when the window resets. */
  resetAt?: number;
}

export interface ProviderErrorInit {
  kind: ErrorKind;
  message: string;
  status?: number;
  model?: string;
  retryAfterMs?: number;
  rateLimit?: RateLimitInfo;
  /** Set when a 429 named a free-tier limit: the account, not the model, is out of requests. */
  freeTier?: FreeTierWindow;
  /** The request never reached OpenRouter (connection refused, host not found): nothing was counted. */
  notSent?: boolean;
  /**
   * It failed on this machine before any request left (no key, an SDK that did not load, a request
   * that cannot be serialized): not sent, and nothing about the model, so no failure is counted.
   */
  local?: boolean;
  /** Set with kind `unsupported`: what no endpoint of the model supports. */
  unsupported?: UnsupportedFeature;
  /** Set with kind `context_length`: the window the server stated, in tokens, when it did. */
  contextWindow?: number;
  /** OpenRouter's own error code or metadata, for the log. */
  detail?: string;
  /** OpenRouter's structured `error.availability`, when the body carried one. */
  availability?: Availability;
  /** Set with `unsupported: 'data_policy'` by the router: which data policy (ours or the account's) excluded the model. */
  privacy?: PrivacyCause;
}

export class ProviderError extends Error {
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly status?: number;
  readonly model?: string;
  readonly retryAfterMs?: number;
  readonly rateLimit?: RateLimitInfo;
  readonly freeTier?: FreeTierWindow;
  readonly notSent?: boolean;
  readonly local?: boolean;
  readonly unsupported?: UnsupportedFeature;
  readonly contextWindow?: number;
  readonly detail?: string;
  readonly availability?: Availability;
  readonly privacy?: PrivacyCause;

  constructor(init: ProviderErrorInit) {
    super(init.message);
    this.name = 'ProviderError';
    this.kind = init.kind;
    this.retryable = RETRYABLE.has(init.kind);
    this.status = init.status;
    this.model = init.model;
    this.retryAfterMs = init.retryAfterMs;
    this.rateLimit = init.rateLimit;
    this.freeTier = init.freeTier;
    this.local = init.local;
    this.notSent = init.notSent ?? init.local;
    this.unsupported = init.unsupported;
    this.contextWindow = init.contextWindow;
    this.detail = init.detail;
    this.availability = init.availability;
    this.privacy = init.privacy;
  }

  /** What built this error, so a copy (with another message) loses nothing. */
  toInit(): ProviderErrorInit {
    const { kind, message, status, model, retryAfterMs, rateLimit, freeTier, notSent, unsupported, detail, availability, privacy } = this;
    return { kind, message, status, model, retryAfterMs, rateLimit, freeTier, notSent, unsupported, detail, availability, privacy };
  }
}

/** The kinds that fail over to another model. */
export const RETRYABLE_KINDS: ReadonlySet<ErrorKind> = RETRYABLE;

export function isRetryableKind(kind: ErrorKind): boolean {
  return RETRYABLE.has(kind);
}
