// OpenRouter's structured "this model cannot be served" answer (since 2026-08): `error.availability`
// next to the unchanged message, streamed or not. Read by code, not by prose; the message matching
// in errorMapping.ts stays for bodies without it. OpenRouter's advice: decide on `retryable`, and
// treat a code this client does not know as retryable.
import type { ErrorKind, UnsupportedFeature } from './errors';

/** What the router needs of `error.availability`; the shape user notices are built on. */
export interface Availability {
  code: string;
  /** Whether asking this model again can succeed (OpenRouter's flag; an unknown code: true). */
  retryable: boolean;
  /** `retry_after` in ms: the wait OpenRouter stated for this model. */
  retryAfterMs?: number;
  /** Models OpenRouter suggests instead (may be paid ones: the caller filters). */
  fallbackModels: string[];
  /** What excluded the model (`data_policy:training`, `zdr`, ...). */
  excludedBy: string[];
}

/** The codes OpenRouter documents, with its stated retryability and the kind the router acts on. */
const KNOWN: Record<string, { retryable: boolean; kind: ErrorKind; unsupported?: UnsupportedFeature }> = {
  model_not_found: { retryable: false, kind: 'not_found' },
  wrong_endpoint: { retryable: false, kind: 'not_found' },
  no_endpoints: { retryable: false, kind: 'not_found' },
  model_deprecated: { retryable: false, kind: 'not_found' },
  model_unavailable_upstream: { retryable: false, kind: 'not_found' },
  free_variant_ended: { retryable: false, kind: 'not_found' },
  // Not served in the user's region: gone for this user as far as the router can tell.
  region_restricted: { retryable: false, kind: 'not_found' },
  privacy_restricted: { retryable: false, kind: 'unsupported', unsupported: 'data_policy' },
  constraint_filtered: { retryable: false, kind: 'unsupported', unsupported: 'constraint' },
  capacity_exhausted: { retryable: true, kind: 'rate_limited' },
  temporarily_unavailable: { retryable: true, kind: 'upstream' },
};

/** The codes after which this model will not answer this user at all (never retried). */
const GONE_CODES: ReadonlySet<string> = new Set(['free_variant_ended', 'model_deprecated', 'model_not_found', 'wrong_endpoint', 'region_restricted']);

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** `error.availability` of an error body (or the error object itself), when it has a code. */
export function readAvailability(error: unknown): Availability | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const raw = (error as Record<string, unknown>).availability;
  if (typeof raw !== 'object' || raw === null) return undefined;
  const a = raw as Record<string, unknown>;
  if (typeof a.code !== 'string' || a.code === '') return undefined;
  const known = KNOWN[a.code];
  const retryAfter = typeof a.retry_after === 'number' && Number.isFinite(a.retry_after) && a.retry_after >= 0 ? a.retry_after : undefined;
  return {
    code: a.code,
    retryable: typeof a.retryable === 'boolean' ? a.retryable : (known?.retryable ?? true),
    ...(retryAfter !== undefined ? { retryAfterMs: Math.round(retryAfter * 1000) } : {}),
    fallbackModels: strings(a.fallback_models),
    excludedBy: strings(a.excluded_by),
  };
}

/**
 * The kind an availability error is acted on as. An unknown code keeps the status's kind if that
 * one fails over, else counts as a provider outage (retryable, as OpenRouter advises).
 */
export function availabilityKind(
  availability: Availability,
  statusKind: ErrorKind,
  retryableKinds: ReadonlySet<ErrorKind>,
): { kind: ErrorKind; unsupported?: UnsupportedFeature } {
  const known = KNOWN[availability.code];
  if (known) return { kind: known.kind, unsupported: known.unsupported };
  return { kind: retryableKinds.has(statusKind) ? statusKind : 'upstream' };
}

/** The model will not answer this user again (ended, deprecated, not served here): never retried. */
export function isGoneForUser(availability: Availability | undefined): boolean {
  return availability !== undefined && GONE_CODES.has(availability.code);
}
