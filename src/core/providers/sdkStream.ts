// What both modes do before their SDK sees a request: refuse without a key or after a cancel, and
// load the SDK once, on the first request (a failed load is tried again on the next one).
import { cancelledError } from './errorMapping';
import { missingKeyError, sdkLoadError } from './localErrors';
import type { ChatRequest, ProviderSettings, StreamPart } from './types';

/** `load` memoized until it fails, so a broken install is retried, not remembered. */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((e: unknown) => {
      loading = undefined;
      throw e;
    });
    return loading;
  };
}

/** Streams `run(sdk)` once the checks pass and the SDK is loaded; every failure is an error part. */
export async function* streamWithSdk<T>(
  settings: ProviderSettings,
  request: ChatRequest,
  sdkName: string,
  load: () => Promise<T>,
  run: (sdk: T) => AsyncIterable<StreamPart>,
): AsyncIterable<StreamPart> {
  if (!settings.apiKey) {
    yield { type: 'error', error: missingKeyError(request.model) };
    return;
  }
  if (request.signal?.aborted) {
    yield { type: 'error', error: cancelledError(request.model, request.signal) };
    return;
  }
  let sdk: T;
  try {
    sdk = await load();
  } catch (e) {
    yield { type: 'error', error: sdkLoadError(sdkName, e, request.model) };
    return;
  }
  yield* run(sdk);
}
