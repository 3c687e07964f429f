// Mode `openrouter_sdk`: OpenRouter's official AI SDK provider driven by `streamText` from `ai`.
// Both packages are loaded on the first request so that activating the extension stays cheap.
// `ai` 7 is ESM-only: its types are read as an ES module's; the code itself loads it with import().
import type { JSONValue, ModelMessage } from 'ai' with { 'resolution-mode': 'import' };
import { attributionHeaders, normalizedBaseUrl } from './attribution';
import {
  cancelledError,
  describeCause,
  headerLookup,
  httpError,
  incompleteStreamError,
  isAbortLike,
  malformedStreamError,
  networkError,
  readErrorBody,
  streamPayloadError,
} from './errorMapping';
import { ProviderError } from './errors';
import { requestBuildError } from './localErrors';
import { loadOnce, streamWithSdk } from './sdkStream';
import { redactSecrets } from './redact';
import type { ChatMessage, ChatProvider, ChatRequest, FinishReason, ProviderSettings, StreamPart, Usage } from './types';
import { wireProvider } from './providerPreferences';
import { ToolCallAssembler, toolCallPart, type ToolCallDelta } from './toolCalls';
import { finishReasonFromWire, reasoningDetailsFor, reasoningDetailsToSend, wirePlugins, wireReasoning } from './wire';

const loadSdks = () => Promise.all([import('ai'), import('@openrouter/ai-sdk-provider')]);
type Sdks = Awaited<ReturnType<typeof loadSdks>>;
type AiModule = Sdks[0];
type OpenRouterProvider = ReturnType<Sdks[1]['createOpenRouter']>;
type OpenRouterChatSettings = NonNullable<Parameters<OpenRouterProvider['chat']>[1]>;
interface LoadedSdks {
  ai: AiModule;
  openrouter: OpenRouterProvider;
}

/** The OpenRouter part of `providerMetadata` on `finish-step`. */
interface OpenRouterMetadataUsage {
  promptTokens?: number;
  completionTokens?: number;
  completionTokensDetails?: { reasoningTokens?: number };
  cost?: number;
}

export function toModelMessages(messages: ChatMessage[], model: string): ModelMessage[] {
  // Tool results name their tool in the AI SDK; look the name up from the call that produced them.
  const toolNames = new Map<string, string>();
  for (const m of messages) {
    if (m.role === 'assistant') for (const c of m.toolCalls ?? []) toolNames.set(c.id, c.name);
  }
  const sentReasoning = new Set<string>();
  return messages.map((m): ModelMessage => {
    switch (m.role) {
      case 'system':
        return { role: m.role, content: m.content };
      case 'user':
        if (!m.images?.length) return { role: m.role, content: m.content };
        // Text first, then the images (the provider turns image files into `image_url` data URLs).
        return {
          role: 'user',
          content: [
            ...(m.content ? [{ type: 'text' as const, text: m.content }] : []),
            ...m.images.map((image) => ({ type: 'file' as const, mediaType: image.mimeType, data: image.base64 })),
          ],
        };
      case 'assistant': {
        // The provider sends `providerOptions.openrouter.reasoning_details` back as the turn's
        // `reasoning_details`. Filtered here first, by the same rule, so it has nothing to warn about on the console.
        const reasoningDetails = reasoningDetailsFor(m, model);
        const providerOptions = reasoningDetails
          ? { openrouter: { reasoning_details: reasoningDetailsToSend(reasoningDetails, sentReasoning) as JSONValue[] } }
          : undefined;
        if (!m.toolCalls || m.toolCalls.length === 0) return { role: 'assistant', content: m.content, providerOptions };
        return {
          role: 'assistant',
          content: [
            ...(m.content ? [{ type: 'text' as const, text: m.content }] : []),
            ...m.toolCalls.map((c) => ({
              type: 'tool-call' as const,
              toolCallId: c.id,
              toolName: c.name,
              input: parseJsonOr(c.arguments, {}),
            })),
          ],
          providerOptions,
        };
      }
      case 'tool':
        return {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: m.toolCallId,
              toolName: toolNames.get(m.toolCallId) ?? 'unknown',
              output: { type: 'text', value: m.content },
            },
          ],
        };
    }
  });
}

function parseJsonOr(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** The first choice of a raw wire chunk, as far as tool calls and the finish reason go. */
function firstChoice(raw: unknown): { delta?: { tool_calls?: ToolCallDelta[] }; finish_reason?: string | null } | undefined {
  const choices = field(raw, 'choices');
  return Array.isArray(choices) ? (choices[0] as ReturnType<typeof firstChoice>) : undefined;
}

/** Maps whatever `streamText`'s stream reports as an error onto the shared kinds. */
export function normalizeSdkError(e: unknown, signal: AbortSignal | undefined, model: string): ProviderError {
  if (signal?.aborted || isAbortLike(e)) return cancelledError(model, signal);
  const name = field(e, 'name');
  // With maxRetries 0 the AI SDK rethrows the original error, but unwrap a RetryError all the same.
  if (name === 'AI_RetryError' && field(e, 'lastError') !== undefined) {
    return normalizeSdkError(field(e, 'lastError'), signal, model);
  }
  // `ai` 7: an SSE error event of a 200 stream arrives as a StreamProviderError whose `data` is the
  // event's `{code, message}` (its `statusCode` is only the code copied over, not an HTTP status).
  if (name === 'AI_StreamProviderError') {
    const body = readErrorBody(field(e, 'data'));
    if (body) return streamPayloadError(body, model);
  }
  const statusCode = field(e, 'statusCode');
  // `ai` 7: a body that fails after a 2xx status (the connection dropped, a chunk did not parse)
  // arrives wrapped as an APICallError with that status; what went wrong is its cause.
  if (name === 'AI_APICallError' && typeof statusCode === 'number' && statusCode >= 200 && statusCode < 300) {
    const cause = field(e, 'cause');
    return cause === undefined ? networkError(e, model) : normalizeSdkError(cause, signal, model);
  }
  if (typeof statusCode === 'number') {
    const data = field(e, 'data');
    const responseBody = field(e, 'responseBody');
    // The raw body first: the SDK's parsed `data` follows its own schema and may drop
    // `error.metadata`, where OpenRouter puts a free-tier 429's rate-limit counters.
    const body =
      (typeof responseBody === 'string' ? readErrorBody(parseJsonOr(responseBody, undefined)) : undefined) ?? readErrorBody(data);
    return httpError({
      status: statusCode,
      headers: headerLookup(field(e, 'responseHeaders') as Record<string, string> | undefined),
      body,
      fallbackMessage: e instanceof Error ? e.message : undefined,
      model,
    });
  }
  const unbuilt = requestBuildError(e, model);
  if (unbuilt) return unbuilt;
  // The SDK validated the request locally and refused to send it.
  if (name === 'AI_InvalidPromptError' || name === 'AI_InvalidArgumentError' || name === 'AI_UnsupportedFunctionalityError') {
    return new ProviderError({
      kind: 'bad_request',
      message: redactSecrets(`The request was not sent: ${describeCause(e)}`),
      model,
    });
  }
  // APICallError without a status: the request never got an answer (refused, reset, DNS).
  if (name === 'AI_APICallError') return networkError(e, model);
  if (name === 'AI_JSONParseError' || name === 'AI_TypeValidationError' || name === 'AI_InvalidResponseDataError') {
    return malformedStreamError(e, model);
  }
  // A plain `{code, message}` object: the provider forwards an SSE error event of a 200 stream as is.
  if (!(e instanceof Error)) {
    const body = readErrorBody(e);
    if (body) return streamPayloadError(body, model);
  }
  return networkError(e, model);
}

/** Per-request model settings and tool definitions in the AI SDK's terms. */
function modelSetup(ai: AiModule, request: ChatRequest) {
  const o = request.options;
  const chatSettings: OpenRouterChatSettings = {};
  if (o?.fallbackModels && o.fallbackModels.length > 0) chatSettings.models = [...o.fallbackModels];
  const reasoning = wireReasoning(o);
  // The provider's type insists on effort or max_tokens; OpenRouter also accepts {enabled}/{exclude} alone.
  if (reasoning) chatSettings.reasoning = reasoning as OpenRouterChatSettings['reasoning'];
  // Tools without `execute`: the SDK reports the calls and leaves running them to the caller.
  const tools = o?.tools?.length
    ? Object.fromEntries(
        o.tools.map((t) => [t.name, ai.tool({ description: t.description, inputSchema: ai.jsonSchema(t.parameters) })]),
      )
    : undefined;
  // OpenRouter's routing fields travel as the provider's per-call options, merged into the body.
  const provider = wireProvider(o);
  const openrouterOptions: Record<string, JSONValue> = {};
  if (provider) openrouterOptions.provider = provider as JSONValue;
  if (o?.sessionId) openrouterOptions.session_id = o.sessionId;
  // Not among the provider's typed plugins; its per-call options are merged into the body as they are.
  const plugins = wirePlugins(o);
  if (plugins) openrouterOptions.plugins = plugins;
  const providerOptions = Object.keys(openrouterOptions).length > 0 ? { openrouter: openrouterOptions } : undefined;
  return { chatSettings, tools, providerOptions };
}

export class OpenRouterSdkProvider implements ChatProvider {
  readonly mode = 'openrouter_sdk' as const;
  private readonly load: () => Promise<LoadedSdks>;

  constructor(private readonly settings: ProviderSettings) {
    this.load = loadOnce(() =>
      loadSdks().then(([ai, provider]) => ({
        ai,
        openrouter: provider.createOpenRouter({
          apiKey: settings.apiKey,
          baseURL: normalizedBaseUrl(settings),
          headers: attributionHeaders(settings),
          // 'strict' sends stream_options.include_usage, as the other mode does.
          compatibility: 'strict',
        }),
      })),
    );
  }

  stream(request: ChatRequest): AsyncIterable<StreamPart> {
    return streamWithSdk(this.settings, request, 'OpenRouter AI', this.load, (sdk) => this.streamWith(sdk, request));
  }

  private async *streamWith(sdk: LoadedSdks, request: ChatRequest): AsyncIterable<StreamPart> {
    const model = request.model;
    let answeredModel = model;
    let finish: FinishReason = 'other';
    let usage: Usage | undefined;
    let failure: ProviderError | undefined;
    let answerStarted = false;
    let toolChoiceIgnored = false;
    // Tool calls come from the wire's own fragments (raw chunks), assembled as in the other mode:
    // the provider holds back a call whose arguments never parse until the end, sends it as `{}`,
    // or drops it when the finish reason is not "tool_calls".
    const toolCalls = new ToolCallAssembler();
    let reasoningDetails: unknown[] = [];
    // Leaving the stream early does not abort the HTTP request, so a consumer that stops reading would
    // leave the socket open; this controller closes it in every case, and follows the caller's signal.
    const connection = new AbortController();
    const followCaller = (): void => connection.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', followCaller, { once: true });
    try {
      const { ai, openrouter } = sdk;
      const { chatSettings, tools, providerOptions } = modelSetup(ai, request);
      const o = request.options;
      const result = ai.streamText({
        model: openrouter.chat(model, chatSettings),
        messages: toModelMessages(request.messages, model),
        // System messages come from the extension itself (and the user's own history), not from a
        // third party, so keeping them in place is intended.
        allowSystemInMessages: true,
        maxRetries: 0,
        abortSignal: connection.signal,
        temperature: o?.temperature,
        maxOutputTokens: o?.maxTokens,
        topP: o?.topP,
        seed: o?.seed,
        stopSequences: o?.stop?.length ? o.stop : undefined,
        frequencyPenalty: o?.frequencyPenalty,
        presencePenalty: o?.presencePenalty,
        tools,
        toolChoice: tools ? o?.toolChoice : undefined,
        providerOptions,
        include: { rawChunks: tools !== undefined },
        // Errors come back through the stream; without this the SDK also prints them to the console.
        onError: () => undefined,
      });
      for await (const part of result.stream) {
        switch (part.type) {
          case 'text-delta':
            if (part.text) {
              answerStarted = true;
              yield { type: 'text', text: part.text };
            }
            break;
          case 'reasoning-delta':
            if (part.text && !answerStarted) yield { type: 'reasoning', text: part.text };
            break;
          case 'raw': {
            const choice = firstChoice(part.rawValue);
            const completed = [
              ...(Array.isArray(choice?.delta?.tool_calls) ? toolCalls.add(choice.delta.tool_calls) : []),
              ...(choice?.finish_reason ? toolCalls.finish() : []),
            ];
            for (const call of completed) yield toolCallPart(call);
            break;
          }
          case 'finish-step': {
            // The stream has ended: calls still open are complete.
            for (const call of toolCalls.finish()) yield toolCallPart(call);
            if (part.response.modelId) answeredModel = part.response.modelId;
            const details = field(part.providerMetadata?.openrouter, 'reasoning_details');
            // As they would travel on the wire: the provider leaves keys set to undefined.
            if (Array.isArray(details)) reasoningDetails = JSON.parse(JSON.stringify(details)) as unknown[];
            const meta = field(part.providerMetadata?.openrouter, 'usage') as OpenRouterMetadataUsage | undefined;
            if (meta?.promptTokens !== undefined || meta?.completionTokens !== undefined) {
              usage = { promptTokens: meta.promptTokens ?? 0, completionTokens: meta.completionTokens ?? 0 };
              const reasoningTokens = meta.completionTokensDetails?.reasoningTokens;
              if (reasoningTokens !== undefined) usage.reasoningTokens = reasoningTokens;
              if (meta.cost !== undefined) usage.cost = meta.cost;
            }
            break;
          }
          case 'finish':
            // The provider reports 'other' with no raw reason when the wire never sent finish_reason;
            // `ai` 7 names that case 'interrupted' for providers that detect it. Either way the
            // answer is cut short, which the other mode reports as an incomplete stream too.
            if (part.rawFinishReason === undefined || part.finishReason === 'interrupted') failure = incompleteStreamError(answeredModel);
            // After a tool-choice check the SDK reports 'error'; the wire's own reason is the answer's.
            else finish = toolChoiceIgnored ? finishReasonFromWire(part.rawFinishReason) : part.finishReason;
            break;
          case 'error':
            // `ai` 7 checks `tool_choice` itself: a model that answered in text although a call was
            // required becomes an error after the answer. The other mode delivers that answer as
            // the model sent it, and what to do about it is the caller's (the agent loop's) choice.
            if (field(part.error, 'name') === 'AI_ToolChoiceViolationError') {
              toolChoiceIgnored = true;
              break;
            }
            failure = normalizeSdkError(part.error, request.signal, answeredModel);
            break;
          case 'abort':
            failure = cancelledError(answeredModel, request.signal);
            break;
        }
        // The first failure ends the answer; the finally below closes the request.
        if (failure) break;
      }
    } catch (e) {
      failure = normalizeSdkError(e, request.signal, answeredModel);
    } finally {
      request.signal?.removeEventListener('abort', followCaller);
      connection.abort();
    }
    if (!failure && request.signal?.aborted) failure = cancelledError(answeredModel, request.signal);
    if (failure) {
      yield { type: 'error', error: failure };
      return;
    }
    if (reasoningDetails.length > 0) yield { type: 'reasoning-details', details: reasoningDetails };
    if (usage) yield { type: 'usage', usage };
    yield { type: 'finish', reason: finish, model: answeredModel };
  }
}
