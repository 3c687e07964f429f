// Failures detected before any request leaves the machine.
import { MAX_JSON_DEPTH, tooDeepAt } from '../shared/jsonDepth';
import { describeCause } from './errorMapping';
import { ProviderError } from './errors';
import type { ChatRequest } from './types';

/** Nothing OpenRouter could accept, so no request is sent. */
export function missingKeyError(model?: string): ProviderError {
  return new ProviderError({ kind: 'auth', message: 'No OpenRouter API key is set.', model, detail: 'missing_key', local: true });
}

/** A broken installation: neither a retry nor another model can help, hence a non-retryable kind. */
export function sdkLoadError(sdk: string, cause: unknown, model?: string): ProviderError {
  return new ProviderError({
    kind: 'bad_request',
    message: `Could not load the ${sdk} SDK: ${describeCause(cause)}`,
    model,
    detail: 'sdk_load_failed',
    local: true,
  });
}

/**
 * A request nested too deeply to be written out (a tool schema thousands of levels deep would
 * overflow the stack in JSON.stringify inside the SDK): refused before the SDK sees it.
 */
export function unsendableError(request: ChatRequest): ProviderError | undefined {
  const deep = tooDeepAt({ messages: request.messages, tools: request.options?.tools });
  if (!deep) return undefined;
  return new ProviderError({
    kind: 'bad_request',
    message: `The request was not sent: ${deep} is nested more than ${MAX_JSON_DEPTH} levels deep. Simplify it (a tool's parameter schema, most likely).`,
    model: request.model,
    detail: 'too_deep',
    local: true,
  });
}

/** Thrown by the SDK while it built the request (a stack overflow, a string too long): nothing left. */
export function requestBuildError(cause: unknown, model: string | undefined): ProviderError | undefined {
  if (!(cause instanceof RangeError)) return undefined;
  return new ProviderError({ kind: 'bad_request', message: `The request could not be built, so it was not sent: ${describeCause(cause)}`, model, detail: 'request_not_built', local: true });
}
