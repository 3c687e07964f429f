// The provider contract: one request in, one stream of normalized parts out.
// Both provider modes produce identical part sequences for the same wire input.
import type { ProviderError } from './errors';
import type { ProviderPreferences } from './providerPreferences';

export type ProviderMode = 'openai_compatible' | 'openrouter_sdk';
export const PROVIDER_MODES: readonly ProviderMode[] = ['openai_compatible', 'openrouter_sdk'];

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON schema of the arguments. */
  parameters: Record<string, unknown>;
}

export interface ToolCall {
  id: string;
  name: string;
  /** The arguments as a JSON string, exactly as the model produced them. */
  arguments: string;
}

/** An image the user attached, sent to models whose input modalities include `image`. */
export interface ImageInput {
  /** `image/png`, `image/jpeg`, `image/webp` or `image/gif`. */
  mimeType: string;
  /** The image bytes, base64-encoded (no `data:` prefix). */
  base64: string;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string; images?: ImageInput[] }
  | {
      role: 'assistant';
      content: string;
      toolCalls?: ToolCall[];
      /** OpenRouter's `reasoning_details` of this turn, sent back unchanged on the next request. */
      reasoningDetails?: unknown[];
      /**
       * The model that produced `reasoningDetails`: they go back only in requests to that model
       * (another model cannot continue that chain, and may refuse entries of a foreign format).
       */
      reasoningModel?: string;
    }
  | { role: 'tool'; toolCallId: string; content: string };

export interface ReasoningOptions {
  effort?: 'low' | 'medium' | 'high';
  maxTokens?: number;
  /** Let the model reason but do not send the reasoning back. */
  exclude?: boolean;
  enabled?: boolean;
}

export interface ChatOptions {
  temperature?: number;
  maxTokens?: number;
  /** Sampling as OpenAI and OpenRouter define it (`top_p`, `seed`, `stop`, the penalties); only callers that set them send them. */
  topP?: number;
  seed?: number;
  stop?: string[];
  frequencyPenalty?: number;
  presencePenalty?: number;
  reasoning?: ReasoningOptions;
  tools?: ToolDefinition[];
  /** `required`: the model must call a tool (`tool_choice: "required"`). Default: the model decides. */
  toolChoice?: 'auto' | 'required';
  /**
   * OpenRouter's server-side fallback (`models: [...]` in the body): tried in order after `model`.
   * Only the official mode sends it; the router builds it from enabled free models only.
   */
  fallbackModels?: string[];
  /** OpenRouter's provider routing preferences (sent as `provider`, see providerPreferences.ts). */
  provider?: ProviderPreferences;
  /** OpenRouter's `session_id`: keeps a conversation on one endpoint and its prompt cache. */
  sessionId?: string;
  /**
   * OpenRouter's context-compression plugin (`plugins: [{ id: "context-compression" }]`): OpenRouter
   * leaves out or cuts messages from the middle until the prompt fits the model's window. The
   * router sets it only for OpenRouter's models, when the user allows it and no enabled window
   * holds the request; it is never sent to another endpoint.
   */
  contextCompression?: boolean;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  options?: ChatOptions;
  signal?: AbortSignal;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  reasoningTokens?: number;
  /** USD, as OpenRouter reports it. */
  cost?: number;
}

export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

export type StreamPart =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  /**
   * A call, reported as soon as it is complete: its arguments parse as JSON, the next call starts,
   * or the stream ends. A call whose arguments are not valid JSON is still reported, with the raw
   * arguments in `call.arguments` and `error` saying what is wrong (never dropped).
   */
  | { type: 'tool-call'; call: ToolCall; error?: string }
  /**
   * OpenRouter's `reasoning_details` of the whole turn (text, summary and encrypted entries), once,
   * after the last tool call and before usage. Send them back as the assistant turn's
   * `reasoningDetails` so a reasoning model keeps its chain across tool calls.
   */
  | { type: 'reasoning-details'; details: unknown[] }
  | { type: 'usage'; usage: Usage }
  /** `model` is the model that actually answered (OpenRouter may differ from the one asked). */
  | { type: 'finish'; reason: FinishReason; model: string }
  /** Always the last part when present. Streams never throw; every failure arrives as this part. */
  | { type: 'error'; error: ProviderError };

export interface ProviderSettings {
  apiKey: string;
  /** Default https://openrouter.ai/api/v1 */
  baseUrl: string;
  /** Sent as HTTP-Referer; left out when unset (the project has no public home yet). */
  appUrl?: string;
  /** Sent as X-OpenRouter-Title and X-Title. */
  appTitle: string;
  /** False for a server other than OpenRouter: no `provider` object and no `session_id` (OpenRouter's own fields). */
  openRouterRouting?: boolean;
  /** The HTTP client, when not the global `fetch` (endpoints rewrite other servers' error bodies). */
  fetch?: typeof fetch;
}

export interface ChatProvider {
  readonly mode: ProviderMode;
  stream(request: ChatRequest): AsyncIterable<StreamPart>;
}

export const DEFAULT_BASE_URL = 'https://openrouter.ai/api/v1';
