// What a request needs from a model beyond plain text (tools, image input), and which models can
// give it. The router sends a request only to models known to support every feature it needs.
import type { RequestFeature } from '../catalog/types';
import type { ChatMessage, ChatOptions } from '../providers/types';

export type { RequestFeature };

/**
 * Whether `model` supports `feature`: true or false when the catalog knows the model (live
 * `supported_parameters` / `architecture.input_modalities`, or the built-in entry), undefined when
 * nothing is known about it (an enabled id no list has shown yet).
 */
export type FeatureSupport = (model: string, feature: RequestFeature) => boolean | undefined;

/** Tools offered (or a tool call required) need `tools`; an image in any user turn needs `image`. */
export function requiredFeatures({ messages, options }: { messages: readonly ChatMessage[]; options?: ChatOptions }): RequestFeature[] {
  const out: RequestFeature[] = [];
  if ((options?.tools?.length ?? 0) > 0 || options?.toolChoice === 'required') out.push('tools');
  if (messages.some((m) => m.role === 'user' && (m.images?.length ?? 0) > 0)) out.push('image');
  return out;
}

export type Eligibility = 'capable' | 'unknown' | 'incapable';

/** Capable: known to support every feature; incapable: known to lack one; unknown otherwise. */
export function eligibility(model: string, features: readonly RequestFeature[], supports: FeatureSupport): Eligibility {
  let unknown = false;
  for (const feature of features) {
    const known = supports(model, feature);
    if (known === false) return 'incapable';
    if (known === undefined) unknown = true;
  }
  return unknown ? 'unknown' : 'capable';
}
