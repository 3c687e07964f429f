// Failures detected before any request leaves the machine.
import { describeCause } from './errorMapping';
import { ProviderError } from './errors';

/** Nothing OpenRouter could accept, so no request is sent. */
export function missingKeyError(model?: string): ProviderError {
  return new ProviderError({ kind: 'auth', message: 'No OpenRouter API key is set.', model, detail: 'missing_key' });
}

/** A broken installation: neither a retry nor another model can help, hence a non-retryable kind. */
export function sdkLoadError(sdk: string, cause: unknown, model?: string): ProviderError {
  return new ProviderError({
    kind: 'bad_request',
    message: `Could not load the ${sdk} SDK: ${describeCause(cause)}`,
    model,
    detail: 'sdk_load_failed',
  });
}
