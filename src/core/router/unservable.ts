// Which failures say a model cannot serve this request at all, rather than "not this time": the
// router passes such a model over without spending one of `maxRetries`, and does not ask it again
// for the same request. One place, so each new refusal (a window too small, say) is added here.
import { isGoneForUser } from '../providers/availability';
import type { ProviderError } from '../providers/errors';

export function cannotServe(error: ProviderError): boolean {
  // OpenRouter's availability code decides where the body has one: a retryable code is a wait.
  if (error.availability) return !error.availability.retryable || isGoneForUser(error.availability);
  // The capability and data-policy 404s, and "No endpoints found for <model>" (gone).
  return error.kind === 'unsupported' || error.kind === 'not_found';
}
