// One GET of `{baseUrl}/models`: public, so no key is sent. Every way it can fail becomes a
// ModelListError whose message says what happened; the caller keeps its previous list.
import { deriveModel } from './derive';
import { MalformedModelsPayloadError, parseModelsPayload, type ParsedModelsPayload } from './liveSchema';
import type { CatalogModel } from './types';
import { trimTrailingSlashes } from '../shared/baseUrl';
import { USER_AGENT } from '../shared/identity';

export const DEFAULT_MODELS_TIMEOUT_MS = 15_000;

export type ModelListFailure = 'network' | 'timeout' | 'http' | 'malformed' | 'empty' | 'cancelled';

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
  },
): Promise<LiveModelList> {
  const url = modelsUrl(baseUrl);
  const keep = 'the previous model list is kept';
  let response: Response;
  let body: string;
  try {
    response = await opts.fetch(url, {
      method: 'GET',
      headers: { accept: 'application/json', 'user-agent': USER_AGENT },
      signal: opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs)]) : AbortSignal.timeout(opts.timeoutMs),
    });
    body = await response.text();
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

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
