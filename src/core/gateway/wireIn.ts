// OpenAI's chat-completion request in, the router's request out: messages, tools, tool choice,
// sampling, reasoning and images carried over; a value the providers cannot take is refused by name.
import type { ChatMessage, ChatOptions, ImageInput, ReasoningOptions, ToolDefinition } from '../providers/types';
import type { ProviderPreferences } from '../providers/providerPreferences';
import { gatewayErrors } from './errors';
import { chatCompletionRequestSchema, firstIssue, type ChatCompletionRequest } from './wireSchema';

export interface GatewayChat {
  model: string;
  stream: boolean;
  includeUsage: boolean;
  messages: ChatMessage[];
  options: ChatOptions;
}

/** Throws a GatewayError (400 naming the field) when the body does not fit. */
export function parseChatRequest(body: unknown): GatewayChat {
  const parsed = chatCompletionRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error);
    throw gatewayErrors.invalidField(issue.param, issue.message);
  }
  const req = parsed.data;
  return {
    model: req.model,
    stream: req.stream === true,
    includeUsage: req.stream_options?.include_usage === true,
    messages: req.messages.map((m, i) => toMessage(m, i)),
    options: toOptions(req),
  };
}

type WireMessage = ChatCompletionRequest['messages'][number];

function text(content: string | { text: string }[] | null | undefined): string {
  if (content === null || content === undefined) return '';
  return typeof content === 'string' ? content : content.map((p) => p.text).join('');
}

function toMessage(m: WireMessage, index: number): ChatMessage {
  switch (m.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: text(m.content) };
    case 'user': {
      if (typeof m.content === 'string') return { role: 'user', content: m.content };
      const images: ImageInput[] = [];
      let content = '';
      m.content.forEach((part, j) => {
        if (part.type === 'text') content += part.text;
        else images.push(toImage(part.image_url.url, `messages[${index}].content[${j}].image_url.url`));
      });
      return images.length ? { role: 'user', content, images } : { role: 'user', content };
    }
    case 'assistant': {
      const out: ChatMessage = { role: 'assistant', content: text(m.content) };
      if (m.tool_calls?.length) out.toolCalls = m.tool_calls.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments }));
      if (m.reasoning_details?.length) out.reasoningDetails = m.reasoning_details;
      return out;
    }
    case 'tool':
      return { role: 'tool', toolCallId: m.tool_call_id, content: text(m.content) };
  }
}

const DATA_URL = /^data:(image\/(?:png|jpeg|webp|gif));base64,([A-Za-z0-9+/=\s]+)$/;

/** Images travel inline: a remote URL would make the gateway fetch on a client's behalf. */
function toImage(url: string, param: string): ImageInput {
  const match = DATA_URL.exec(url);
  if (!match) throw gatewayErrors.invalidField(param, 'only data: URLs of PNG, JPEG, WebP or GIF images (base64) are accepted');
  return { mimeType: match[1] as string, base64: (match[2] as string).replace(/\s+/g, '') };
}

function toOptions(req: ChatCompletionRequest): ChatOptions {
  const options: ChatOptions = {};
  if (req.temperature !== undefined && req.temperature !== null) options.temperature = req.temperature;
  const maxTokens = req.max_completion_tokens ?? req.max_tokens;
  if (maxTokens !== undefined && maxTokens !== null) options.maxTokens = maxTokens;
  if (req.top_p !== undefined && req.top_p !== null) options.topP = req.top_p;
  if (req.seed !== undefined && req.seed !== null) options.seed = req.seed;
  if (req.stop !== undefined && req.stop !== null) options.stop = typeof req.stop === 'string' ? [req.stop] : req.stop;
  if (req.frequency_penalty !== undefined && req.frequency_penalty !== null) options.frequencyPenalty = req.frequency_penalty;
  if (req.presence_penalty !== undefined && req.presence_penalty !== null) options.presencePenalty = req.presence_penalty;
  const reasoning = toReasoning(req);
  if (reasoning) options.reasoning = reasoning;
  const provider = toProviderPreferences(req.provider);
  if (provider) options.provider = provider;
  if (req.session_id !== undefined) options.sessionId = req.session_id;
  let tools: ToolDefinition[] | undefined = req.tools?.map((t) => ({
    name: t.function.name,
    ...(t.function.description !== undefined ? { description: t.function.description } : {}),
    parameters: t.function.parameters ?? { type: 'object', properties: {} },
  }));
  const choice = req.tool_choice;
  if (choice === 'none') tools = undefined;
  else if (choice === 'required') options.toolChoice = 'required';
  else if (choice !== undefined && choice !== 'auto') {
    // One named function: offer only it, and require a call.
    const named = tools?.filter((t) => t.name === choice.function.name) ?? [];
    if (named.length === 0) throw gatewayErrors.invalidField('tool_choice.function.name', `no tool named ${JSON.stringify(choice.function.name)} in tools`);
    tools = named;
    options.toolChoice = 'required';
  }
  if (tools?.length) options.tools = tools;
  return options;
}

function toReasoning(req: ChatCompletionRequest): ReasoningOptions | undefined {
  const effortOf = (e: string | null | undefined): ReasoningOptions['effort'] => (e === 'minimal' ? 'low' : (e ?? undefined) as ReasoningOptions['effort']);
  if (req.reasoning) {
    const r: ReasoningOptions = {};
    const effort = effortOf(req.reasoning.effort);
    if (effort) r.effort = effort;
    if (req.reasoning.max_tokens !== undefined) r.maxTokens = req.reasoning.max_tokens;
    if (req.reasoning.exclude !== undefined) r.exclude = req.reasoning.exclude;
    if (req.reasoning.enabled !== undefined) r.enabled = req.reasoning.enabled;
    return r;
  }
  const effort = effortOf(req.reasoning_effort);
  return effort ? { effort } : undefined;
}

/** A client's `provider` object in the router's terms (the router merges it under the user's). */
function toProviderPreferences(p: ChatCompletionRequest['provider']): ProviderPreferences | undefined {
  if (!p) return undefined;
  const out: ProviderPreferences = {};
  if (p.sort !== undefined) out.sort = typeof p.sort === 'string' ? p.sort : p.sort.by;
  if (p.data_collection !== undefined) out.dataCollection = p.data_collection;
  if (p.zdr !== undefined) out.zdr = p.zdr;
  if (p.only !== undefined) out.only = p.only;
  if (p.ignore !== undefined) out.ignore = p.ignore;
  if (p.order !== undefined) out.order = p.order;
  if (p.allow_fallbacks !== undefined) out.allowFallbacks = p.allow_fallbacks;
  return Object.keys(out).length > 0 ? out : undefined;
}
