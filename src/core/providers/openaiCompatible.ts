// Mode `openai_compatible`: the `openai` SDK pointed at OpenRouter. The SDK is loaded on the first
// request so that activating the extension does not pay for it.
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionChunk,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { attributionHeaders, normalizedBaseUrl } from './attribution';
import {
  cancelledError,
  httpError,
  incompleteStreamError,
  isAbortLike,
  malformedStreamError,
  networkError,
  readErrorBody,
  streamPayloadError,
  timeoutError,
} from './errorMapping';
import { ProviderError } from './errors';
import { requestBuildError } from './localErrors';
import { loadOnce, streamWithSdk } from './sdkStream';
import { imageDataUrl } from './images';
import { wireProvider, type WireProvider } from './providerPreferences';
import { ToolCallAssembler, toolCallPart } from './toolCalls';
import type { ChatMessage, ChatProvider, ChatRequest, FinishReason, ProviderSettings, StreamPart, Usage } from './types';
import {
  appendReasoningDetails,
  finishReasonFromWire,
  reasoningDetailsFor,
  reasoningDetailsToSend,
  reasoningFromDelta,
  usageFromWire,
  wirePlugins,
  wireReasoning,
  type WireReasoning,
  type WireUsage,
} from './wire';

const loadOpenAiSdk = () => import('openai');
type OpenAiModule = Awaited<ReturnType<typeof loadOpenAiSdk>>;
type OpenAiClient = InstanceType<OpenAiModule['OpenAI']>;

/** OpenRouter's additions to the OpenAI request body. */
interface OpenRouterBodyExtras {
  reasoning?: WireReasoning;
  provider?: WireProvider;
  session_id?: string;
  plugins?: { id: string }[];
}

/** OpenRouter's addition to an assistant turn: the reasoning it asks to get back. */
interface OpenRouterAssistantExtras {
  reasoning_details?: unknown[];
}

/** OpenRouter's additions to a streamed delta. */
interface OpenRouterDelta {
  reasoning?: unknown;
  reasoning_details?: unknown;
}

export function toOpenAiMessages(messages: ChatMessage[], model: string): ChatCompletionMessageParam[] {
  // Reasoning entries already sent with an earlier turn are not sent twice (as the official provider does).
  const sentReasoning = new Set<string>();
  return messages.map((m): ChatCompletionMessageParam => {
    switch (m.role) {
      case 'system':
        return { role: m.role, content: m.content };
      case 'user':
        if (!m.images?.length) return { role: m.role, content: m.content };
        // Text first, then the images: OpenRouter recommends this order.
        return {
          role: 'user',
          content: [
            ...(m.content ? [{ type: 'text' as const, text: m.content }] : []),
            ...m.images.map((image) => ({ type: 'image_url' as const, image_url: { url: imageDataUrl(image) } })),
          ],
        };
      case 'assistant': {
        const out: ChatCompletionAssistantMessageParam & OpenRouterAssistantExtras = { role: 'assistant', content: m.content };
        if (m.toolCalls && m.toolCalls.length > 0) {
          out.tool_calls = m.toolCalls.map((c) => ({
            id: c.id,
            type: 'function' as const,
            function: { name: c.name, arguments: c.arguments },
          }));
        }
        const reasoningDetails = reasoningDetailsFor(m, model);
        if (reasoningDetails) out.reasoning_details = reasoningDetailsToSend(reasoningDetails, sentReasoning);
        return out;
      }
      case 'tool':
        return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
    }
  });
}

function requestBody(request: ChatRequest, openRouterRouting: boolean): ChatCompletionCreateParamsStreaming & OpenRouterBodyExtras {
  const o = request.options;
  const body: ChatCompletionCreateParamsStreaming & OpenRouterBodyExtras = {
    model: request.model,
    messages: toOpenAiMessages(request.messages, request.model),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (o?.temperature !== undefined) body.temperature = o.temperature;
  if (o?.maxTokens !== undefined) body.max_tokens = o.maxTokens;
  if (o?.topP !== undefined) body.top_p = o.topP;
  if (o?.seed !== undefined) body.seed = o.seed;
  if (o?.stop?.length) body.stop = o.stop;
  if (o?.frequencyPenalty !== undefined) body.frequency_penalty = o.frequencyPenalty;
  if (o?.presencePenalty !== undefined) body.presence_penalty = o.presencePenalty;
  const reasoning = wireReasoning(o);
  if (reasoning) body.reasoning = reasoning;
  if (o?.tools && o.tools.length > 0) {
    body.tools = o.tools.map((t) => ({
      type: 'function' as const,
      function: { name: t.name, description: t.description, parameters: t.parameters },
    }));
    if (o.toolChoice) body.tool_choice = o.toolChoice;
  }
  // This mode sends no server-side `models` list, so a sort is never partitioned across one.
  if (!openRouterRouting) return body;
  const provider = wireProvider(o && { ...o, fallbackModels: undefined });
  if (provider) body.provider = provider;
  if (o?.sessionId) body.session_id = o.sessionId;
  const plugins = wirePlugins(o);
  if (plugins) body.plugins = plugins;
  return body;
}

function normalizeError(sdk: OpenAiModule, e: unknown, signal: AbortSignal | undefined, model: string): ProviderError {
  if (signal?.aborted || e instanceof sdk.APIUserAbortError || isAbortLike(e)) return cancelledError(model, signal);
  if (e instanceof sdk.APIConnectionTimeoutError) return timeoutError(e, model);
  if (e instanceof sdk.APIConnectionError) return networkError(e, model);
  if (e instanceof sdk.APIError) {
    const body = readErrorBody(e.error);
    if (typeof e.status === 'number') {
      const headers = e.headers;
      return httpError({ status: e.status, headers: (name) => headers?.get(name), body, fallbackMessage: e.message, model });
    }
    // No status: the SDK saw `{error: ...}` in an SSE event of a 200 stream.
    return streamPayloadError(body ?? { message: e.message }, model);
  }
  if (e instanceof SyntaxError) return malformedStreamError(e, model);
  return requestBuildError(e, model) ?? networkError(e, model);
}

export class OpenAiCompatibleProvider implements ChatProvider {
  readonly mode = 'openai_compatible' as const;
  private readonly load: () => Promise<{ sdk: OpenAiModule; client: OpenAiClient }>;

  constructor(private readonly settings: ProviderSettings) {
    this.load = loadOnce(() =>
      loadOpenAiSdk().then((sdk) => ({
        sdk,
        client: new sdk.OpenAI({
          apiKey: settings.apiKey,
          baseURL: normalizedBaseUrl(settings),
          // The router owns retries so that each retry may go to another model.
          maxRetries: 0,
          defaultHeaders: attributionHeaders(settings),
          // The SDK would print unparsable SSE lines to the console; the error part carries them instead.
          logLevel: 'off',
          ...(settings.fetch ? { fetch: settings.fetch } : {}),
        }),
      })),
    );
  }

  stream(request: ChatRequest): AsyncIterable<StreamPart> {
    return streamWithSdk(this.settings, request, 'openai', this.load, (loaded) => this.streamWith(loaded, request));
  }

  private async *streamWith({ sdk, client }: { sdk: OpenAiModule; client: OpenAiClient }, request: ChatRequest): AsyncIterable<StreamPart> {
    const model = request.model;
    let answeredModel = model;
    let finish: FinishReason | undefined;
    let usage: Usage | undefined;
    let answerStarted = false;
    const toolCalls = new ToolCallAssembler();
    let sawToolCall = false;
    const reasoningDetails: Record<string, unknown>[] = [];
    try {
      const stream = await client.chat.completions.create(requestBody(request, this.settings.openRouterRouting !== false), { signal: request.signal });
      for await (const chunk of stream as AsyncIterable<ChatCompletionChunk>) {
        if (chunk.model) answeredModel = chunk.model;
        const choice = chunk.choices?.[0];
        const delta = choice?.delta as (ChatCompletionChunk.Choice.Delta & OpenRouterDelta) | undefined;
        if (choice?.finish_reason) finish = finishReasonFromWire(choice.finish_reason);
        // A chunk's completed calls come before its text, as in the other mode (which sees the raw
        // chunk before the SDK's parts for it).
        const completed = [...(delta?.tool_calls ? toolCalls.add(delta.tool_calls) : []), ...(choice?.finish_reason ? toolCalls.finish() : [])];
        for (const call of completed) {
          sawToolCall = true;
          yield toolCallPart(call);
        }
        if (delta) {
          // Reasoning that arrives once the answer has begun is dropped, as the official provider does,
          // so both modes yield the same parts for the same stream.
          const reasoning = answerStarted ? '' : reasoningFromDelta(delta);
          if (reasoning) yield { type: 'reasoning', text: reasoning };
          if (delta.content) {
            answerStarted = true;
            yield { type: 'text', text: delta.content };
          }
          appendReasoningDetails(reasoningDetails, delta.reasoning_details);
        }
        if (chunk.usage) usage = usageFromWire(chunk.usage as WireUsage);
      }
    } catch (e) {
      yield { type: 'error', error: normalizeError(sdk, e, request.signal, answeredModel) };
      return;
    }
    // The SDK ends the iteration quietly when the signal aborts mid-stream.
    if (request.signal?.aborted) {
      yield { type: 'error', error: cancelledError(answeredModel, request.signal) };
      return;
    }
    // The stream ended: calls still open are complete, even when the finish reason never came.
    for (const call of toolCalls.finish()) {
      sawToolCall = true;
      yield toolCallPart(call);
    }
    if (finish === undefined) {
      yield { type: 'error', error: incompleteStreamError(answeredModel) };
      return;
    }
    // As the official provider: tool calls with encrypted reasoning end a turn that says "stop".
    const encrypted = reasoningDetails.some((d) => d.type === 'reasoning.encrypted' && d.data);
    if (sawToolCall && (finish === 'other' || (finish === 'stop' && encrypted))) finish = 'tool-calls';
    if (reasoningDetails.length > 0) yield { type: 'reasoning-details', details: reasoningDetails };
    if (usage) yield { type: 'usage', usage };
    yield { type: 'finish', reason: finish, model: answeredModel };
  }
}
