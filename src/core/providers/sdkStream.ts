// What both modes do around their SDK: refuse without a key, after a cancel or with images too large, load the SDK once,
// on the first request (a failed load is tried again on the next one), and keep the key out of errors.
import { cancelledError } from './errorMapping';
import { imageLimitError } from './images';
import { missingKeyError, sdkLoadError, unsendableError } from './localErrors';
import { redactError } from './redact';
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
  // Checked before the SDK loads: an image no model accepts is refused without a request.
  const tooLarge = imageLimitError(request.messages, request.model) ?? unsendableError(request);
  if (tooLarge) {
    yield { type: 'error', error: tooLarge };
    return;
  }
  let sdk: T;
  try {
    sdk = await load();
  } catch (e) {
    yield { type: 'error', error: sdkLoadError(sdkName, e, request.model) };
    return;
  }
  // Pattern-based redaction misses a key of another shape (one a proxy accepts) that a server echoes.
  for await (const part of run(sdk)) yield part.type === 'error' ? { type: 'error', error: redactError(part.error, [settings.apiKey]) } : part;
}
