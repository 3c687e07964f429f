// An OpenAI-compatible server next to OpenRouter: a local one (Ollama, LM Studio, llama.cpp, vLLM)
// or another provider's free tier. OpenRouter itself is not one of these: it stays the built-in
// endpoint with its own settings (baseUrl, providerMode, freeTier.*).

export interface EndpointConfig {
  /** Short id used in qualified model ids (`@<id>/<model>`). */
  id: string;
  /** What the UI shows: the picker's group, the footer, /models. */
  label: string;
  /** The OpenAI-compatible root, e.g. `http://localhost:11434/v1` (no trailing slash). */
  baseUrl: string;
  /** Models to offer (wire ids). Unset: whatever its GET /models lists. */
  models?: string[];
  /**
   * Whether its models cost nothing, so "free models only" lets them through. Unset: true for a
   * loopback host, false elsewhere (a hosted API may bill).
   */
  free?: boolean;
  /** The endpoint's own request budget, kept apart from OpenRouter's free tier. Unset: no limit. */
  requestsPerMinute?: number;
  requestsPerDay?: number;
}

/** Capabilities an endpoint's list does not state: `unknown`, never assumed absent. */
export type Capability = boolean | 'unknown';

/** One model an endpoint offers, as its GET /models (or the `models` setting) lists it. */
export interface EndpointModel {
  /** Qualified: `@<endpoint>/<model>`. */
  id: string;
  /** The id the endpoint's server knows. */
  model: string;
  endpointId: string;
  endpointLabel: string;
  /** `owned_by` from the list, when given. */
  ownedBy?: string;
  free: boolean;
  capabilities: { reasoning: Capability; vision: Capability; toolCalling: Capability };
}
