// One GET of `{baseUrl}/models`: public, so no key is sent. Every way it can fail becomes a
// ModelListError whose message says what happened; the caller keeps its previous list.
import { deriveModel } from './derive';
import { MalformedModelsPayloadError, parseModelsPayload, type ParsedModelsPayload } from './liveSchema';
import type { CatalogModel } from './types';
import { trimTrailingSlashes } from '../shared/baseUrl';
import { USER_AGENT } from '../shared/identity';

export const DEFAULT_MODELS_TIMEOUT_MS = 15_000;

/**
 * Largest /models answer read. OpenRouter's whole list (free and paid, ~350 models with kilobyte
 * descriptions) is about 1 MB today (test/fixtures/modelsPayload.ts builds one like it); 8 MB leaves
 * room for the list to grow several times over while bounding what a broken or hostile server can
 * make the extension hold in memory and parse on the extension host's one thread.
 */
export const MAX_MODELS_RESPONSE_BYTES = 8 * 1024 * 1024;

export type ModelListFailure = 'network' | 'timeout' | 'http' | 'malformed' | 'empty' | 'too_large' | 'cancelled';

export class ModelListError extends Error {
  constructor(
    readonly failure: ModelListFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ModelListError';
  }
}

export interface LiveModelList {
  models: CatalogModel[];
  skipped: ParsedModelsPayload['skipped'];
}

export function modelsUrl(baseUrl: string): string {
  return `${trimTrailingSlashes(baseUrl)}/models`;
}

export async function fetchLiveModels(
  baseUrl: string,
  opts: {
    fetch: typeof fetch;
    timeoutMs: number;
    describeFallback?: (id: string) => string | undefined;
    /** Abandons the request (the caller no longer wants this URL's list). */
    signal?: AbortSignal;
    /** Answers longer than this are refused unread (default MAX_MODELS_RESPONSE_BYTES). */
    maxBytes?: number;
  },
): Promise<LiveModelList> {
  const url = modelsUrl(baseUrl);
  const keep = 'the previous model list is kept';
  const maxBytes = opts.maxBytes ?? MAX_MODELS_RESPONSE_BYTES;
  let response: Response;
  let body: string | undefined;
  try {
    response = await opts.fetch(url, {
      method: 'GET',
      headers: { accept: 'application/json', 'user-agent': USER_AGENT },
      signal: opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs)]) : AbortSignal.timeout(opts.timeoutMs),
    });
    body = response.ok ? await readCapped(response, maxBytes) : await response.text();
  } catch (err) {
    const e = err as Error;
    if (opts.signal?.aborted) throw new ModelListError('cancelled', `The request for the model list at ${url} was cancelled; ${keep}.`);
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
      throw new ModelListError('timeout', `OpenRouter's model list (${url}) did not answer within ${Math.round(opts.timeoutMs / 1000)} s; ${keep}. Try 'OpenRouter: Refresh Free Models' later.`);
    }
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? e.message;
    throw new ModelListError('network', `Could not reach OpenRouter's model list at ${url} (${reason}); ${keep}. Check the network or the openrouterDual.baseUrl setting.`);
  }
  if (!response.ok) {
    throw new ModelListError('http', `OpenRouter's model list answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}; ${keep}. Try again later.`);
  }

  if (body === undefined) {
    throw new ModelListError('too_large', `OpenRouter's model list at ${url} is larger than ${formatBytes(maxBytes)}, far more than a model list needs; it was not read and ${keep}.`);
  }

  let parsed: ParsedModelsPayload;
  try {
    parsed = parseModelsPayload(JSON.parse(body) as unknown);
  } catch (err) {
    const detail = err instanceof MalformedModelsPayloadError ? err.message : `OpenRouter's model list was not valid JSON.`;
    throw new ModelListError('malformed', `${detail} ${capitalize(keep)}.`);
  }
  if (parsed.entries.length === 0) {
    const why = parsed.skipped.length ? `none of its ${parsed.skipped.length} entries was valid` : 'it was empty';
    throw new ModelListError(parsed.skipped.length ? 'malformed' : 'empty', `OpenRouter's model list was unusable (${why}); ${keep}.`);
  }
  const models = parsed.entries.map((e) => deriveModel(e, opts.describeFallback?.(e.id)));
  return { models, skipped: parsed.skipped };
}

/** The body as text, or undefined once it is known to exceed `maxBytes` (the rest is not read). */
async function readCapped(response: Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!response.body) return response.text();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let total = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
