// How a model is named where users read it: an endpoint's model as "llama3.2 (Ollama)", its wire id
// and the endpoint's label, instead of the qualified id `@ollama/llama3.2` that settings, exports and
// the API keep. OpenRouter's ids are already what users know, so they stay as they are.
import { displayModelName } from '../../../core/endpoints/qualifiedIds';

/** A model id to the name shown for it. */
export type ModelNamer = (id: string) => string;

export const idAsName: ModelNamer = (id) => id;

/** Names endpoint models after the endpoints' labels; an endpoint no longer configured shows its id. */
export function endpointModelNamer(endpoints: readonly { id: string; label: string }[]): ModelNamer {
  if (endpoints.length === 0) return idAsName;
  const labels = new Map(endpoints.map((e) => [e.id, e.label]));
  return (id) => displayModelName(id, (endpointId) => labels.get(endpointId));
}
