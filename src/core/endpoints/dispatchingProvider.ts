// One provider for the router over every endpoint: OpenRouter's ids go to OpenRouter's provider in
// its configured mode; `@endpoint/model` ids go to an `openai`-SDK provider built with that
// endpoint's base URL and key, the model id unqualified on the wire. The answer's model and every
// error come back qualified, so statistics, cooldowns and the footer keep endpoints apart.
import { OpenAiCompatibleProvider } from '../providers/openaiCompatible';
import type { ChatProvider, ChatRequest, ProviderMode, StreamPart } from '../providers/types';
import type { EndpointAvailability } from './availability';
import { endpointError, endpointFetch } from './endpointErrors';
import { endpointMissingError } from './endpointMessages';
import { parseQualifiedId, qualifyModelId, type QualifiedModelId } from './qualifiedIds';
import type { EndpointConfig } from './types';

/**
 * Sent as the bearer token when an endpoint has no key: the `openai` SDK requires one, and servers
 * that need none (Ollama, LM Studio, llama.cpp, vLLM by default) ignore it.
 */
export const NO_KEY = 'no-key';

interface DispatchingProviderOptions {
  /** OpenRouter's provider in the configured mode; read per request. */
  openRouter: () => ChatProvider;
  endpoints: () => readonly EndpointConfig[];
  /** The key of this endpoint only (never another's), or undefined to send none. */
  keyOf: (endpointId: string) => string | undefined;
  appTitle: string;
  appUrl?: string;
  availability?: EndpointAvailability;
  /** The HTTP client under the error-body rewriting (tests, proxies). */
  fetch?: typeof fetch;
}

export class DispatchingProvider implements ChatProvider {
  private readonly providers = new Map<string, { signature: string; provider: ChatProvider }>();

  constructor(private readonly options: DispatchingProviderOptions) {}

  /** OpenRouter's mode: the router sends OpenRouter's `models` fallback list only in the official one. */
  get mode(): ProviderMode {
    return this.options.openRouter().mode;
  }

  stream(request: ChatRequest): AsyncIterable<StreamPart> {
    const target = parseQualifiedId(request.model);
    if (!target) return this.options.openRouter().stream(withoutEndpointFallbacks(request));
    return this.streamEndpoint(request, target);
  }

  private async *streamEndpoint(request: ChatRequest, target: QualifiedModelId): AsyncIterable<StreamPart> {
    const endpoint = this.options.endpoints().find((e) => e.id === target.endpointId);
    if (!endpoint) {
      yield { type: 'error', error: endpointMissingError(request.model) };
      return;
    }
    const provider = this.providerFor(endpoint);
    const options = request.options?.fallbackModels ? { ...request.options, fallbackModels: undefined } : request.options;
    const { availability } = this.options;
    for await (const part of provider.stream({ ...request, model: target.model, options })) {
      if (part.type === 'error') {
        const error = endpointError(part.error, endpoint, target);
        if (error.kind === 'network' && error.notSent) availability?.markDown(endpoint.id);
        else if (error.status !== undefined) availability?.markUp(endpoint.id);
        yield { type: 'error', error };
        return;
      }
      if (part.type === 'finish') {
        availability?.markUp(endpoint.id);
        yield { ...part, model: qualifyModelId(endpoint.id, part.model || target.model) };
        continue;
      }
      yield part;
    }
  }

  /** One provider per (base URL, key): an edit applies to the next request. */
  private providerFor(endpoint: EndpointConfig): ChatProvider {
    const apiKey = this.options.keyOf(endpoint.id) || NO_KEY;
    const signature = `${endpoint.baseUrl}\u0000${apiKey}`;
    const cached = this.providers.get(endpoint.id);
    if (cached?.signature === signature) return cached.provider;
    const provider = new OpenAiCompatibleProvider({
      apiKey,
      baseUrl: endpoint.baseUrl,
      appTitle: this.options.appTitle,
      appUrl: this.options.appUrl,
      // Provider preferences and session ids are OpenRouter's; another server may refuse unknown fields.
      openRouterRouting: false,
      fetch: endpointFetch(this.options.fetch),
    });
    this.providers.set(endpoint.id, { signature, provider });
    return provider;
  }
}

/** OpenRouter's server-side fallback list can only name OpenRouter's models. */
function withoutEndpointFallbacks(request: ChatRequest): ChatRequest {
  const list = request.options?.fallbackModels;
  if (!list || !list.some((m) => parseQualifiedId(m))) return request;
  return { ...request, options: { ...request.options, fallbackModels: list.filter((m) => !parseQualifiedId(m)) } };
}
