// Other servers' error bodies, in the one shape the provider layer reads. OpenRouter (and OpenAI)
// answer `{ error: { message, code } }`; the servers people run next to it differ:
// - Ollama's native API, and LM Studio for some 400s: `{ "error": "model 'x' not found" }` (a string);
// - vLLM (older versions): `{ "object": "error", "message": "...", "type": "NotFoundError", "code": 404 }`;
// - FastAPI-based servers: `{ "detail": "..." }`; some proxies: plain text.
// llama.cpp (`{ error: { code: 503, message: "Loading model", type: "unavailable_error" } }`) and
// LM Studio's 404 (`{ error: { message, type, param, code: "model_not_found" } }`) already have it.
// The `openai` SDK keeps only the `error` field of a JSON body, so these are rewritten before it reads
// them (see `endpointFetch`); the kind then follows from the status as for OpenRouter.
import { ProviderError } from '../providers/errors';
import type { QualifiedModelId } from './qualifiedIds';
import { qualifyModelId } from './qualifiedIds';

const MAX_MESSAGE = 500;

/** `{ error: { message, code?, type? } }` for any body an OpenAI-compatible server sends with an error status. */
function normalizeEndpointErrorBody(status: number, text: string): { error: { message: string; code?: number | string; type?: string } } {
  const trimmed = text.trim();
  let parsed: unknown;
  try {
    parsed = trimmed ? JSON.parse(trimmed) : undefined;
  } catch {
    parsed = undefined;
  }
  if (typeof parsed === 'object' && parsed !== null) {
    const body = parsed as Record<string, unknown>;
    const inner = body.error;
    if (typeof inner === 'string' && inner) return { error: { message: clip(inner), code: status } };
    if (typeof inner === 'object' && inner !== null && typeof (inner as Record<string, unknown>).message === 'string') {
      const e = inner as Record<string, unknown>;
      // llama.cpp states the window in `n_ctx` beside a message that (in older versions) does not.
      const window = typeof e.n_ctx === 'number' && !String(e.message).includes(String(e.n_ctx)) ? ` (n_ctx ${e.n_ctx})` : '';
      return { error: { message: clip(String(e.message) + window), code: codeOf(e.code) ?? status, type: typeof e.type === 'string' ? e.type : undefined } };
    }
    if (typeof body.message === 'string' && body.message) {
      return { error: { message: clip(body.message), code: codeOf(body.code) ?? status, type: typeof body.type === 'string' ? body.type : undefined } };
    }
    if (typeof body.detail === 'string' && body.detail) return { error: { message: clip(body.detail), code: status } };
  }
  return { error: { message: trimmed && !trimmed.startsWith('<') ? clip(trimmed.split('\n')[0]) : `HTTP ${status}`, code: status } };
}

function codeOf(value: unknown): number | string | undefined {
  return typeof value === 'number' || typeof value === 'string' ? value : undefined;
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text;
}

/**
 * A `fetch` for the `openai` SDK pointed at an endpoint: error bodies come back in OpenAI's shape
 * (see above); every other response passes through untouched, streams included.
 */
export function endpointFetch(base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await base(input, init);
    if (response.ok) return response;
    const text = await response.text().catch(() => '');
    const headers = new Headers(response.headers);
    headers.set('content-type', 'application/json');
    headers.delete('content-length');
    headers.delete('content-encoding');
    return new Response(JSON.stringify(normalizeEndpointErrorBody(response.status, text)), { status: response.status, statusText: response.statusText, headers });
  };
}

/**
 * An error from an endpoint's server, told as that server's: its label instead of "OpenRouter",
 * the qualified model id, and never OpenRouter's account-wide free-tier close (another server's 429
 * says nothing about OpenRouter's budget).
 */
export function endpointError(error: ProviderError, endpoint: { id: string; label: string }, target: QualifiedModelId): ProviderError {
  const message = error.message
    .replace(/^OpenRouter returned (\d+): there is no OpenRouter API at this address \(the base URL usually ends in \/api\/v1\)/, `${endpoint.label} returned $1: there is no OpenAI-compatible API at this address (the base URL usually ends in /v1)`)
    .replace(/^OpenRouter returned/, `${endpoint.label} returned`)
    .replace(/^The connection to OpenRouter failed/, `The connection to ${endpoint.label} failed`)
    .replace(/^OpenRouter /, `${endpoint.label} `);
  return new ProviderError({
    kind: error.kind,
    message,
    status: error.status,
    model: qualifyModelId(endpoint.id, error.model && error.model !== target.model ? error.model : target.model),
    retryAfterMs: error.retryAfterMs,
    rateLimit: error.rateLimit,
    notSent: error.notSent,
    contextWindow: error.contextWindow,
    detail: error.detail,
  });
}
