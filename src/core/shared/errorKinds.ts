// The kinds of failure, listed once: the error type, the statistics, the snapshot schema and the
// page all derive theirs from these lists, so a new kind is added in one place.
import * as z from 'zod';
import { lazy } from '../lazy';

/** What went wrong with one request to a provider; the router decides failover on this alone. */
export const ERROR_KINDS = [
  'auth',
  'payment',
  'forbidden',
  'not_found',
  'bad_request',
  'rate_limited',
  'timeout',
  'upstream',
  'network',
  'cancelled',
  'stream_error',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** An error kind, or why the router sent no request at all (`not_free`: a paid model while free-only is on). */
export const FAILURE_KINDS = [...ERROR_KINDS, 'budget_exhausted', 'all_cooling_down', 'no_models', 'not_free'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export const failureKindSchema = lazy(() => z.enum(FAILURE_KINDS));
