// Model ids that say which endpoint serves them. OpenRouter's ids (`vendor/model:free`) never start
// with `@`, so `@<endpoint>/<model>` cannot collide with one, and today's ids stay as they are in
// settings, exports and the API: an id without the prefix is OpenRouter's.

/** Endpoint ids: lower-case letters, digits and dashes, so they read well inside a model id. */
export const ENDPOINT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** The built-in endpoint's id; no other endpoint may take it. */
export const OPENROUTER_ENDPOINT_ID = 'openrouter';

export interface QualifiedModelId {
  endpointId: string;
  /** The id the endpoint's own server knows, sent on the wire unchanged. */
  model: string;
}

export function qualifyModelId(endpointId: string, model: string): string {
  return `@${endpointId}/${model}`;
}

/** The endpoint and wire id of `@endpoint/model`; undefined for OpenRouter's ids and for anything malformed. */
export function parseQualifiedId(id: string): QualifiedModelId | undefined {
  if (!id.startsWith('@')) return undefined;
  const slash = id.indexOf('/');
  if (slash < 2 || slash === id.length - 1) return undefined;
  const endpointId = id.slice(1, slash);
  if (!ENDPOINT_ID_PATTERN.test(endpointId) || endpointId === OPENROUTER_ENDPOINT_ID) return undefined;
  return { endpointId, model: id.slice(slash + 1) };
}

/** The endpoint a model id belongs to: `openrouter` for every id without the `@` prefix. */
export function endpointIdOf(id: string): string {
  return parseQualifiedId(id)?.endpointId ?? OPENROUTER_ENDPOINT_ID;
}


/**
 * How users read a model id: an endpoint's model as "llama3.2:3b (Ollama)" (its own id and the
 * endpoint's label, or the endpoint's id when it has none here); OpenRouter's ids as they are.
 */
export function displayModelName(id: string, endpointLabel: (endpointId: string) => string | undefined): string {
  const target = parseQualifiedId(id);
  return target ? `${target.model} (${endpointLabel(target.endpointId)?.trim() || target.endpointId})` : id;
}
