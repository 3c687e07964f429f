// Converts the language-model API's messages (as VS Code hands them to our provider) into core
// messages. Parts are recognised by shape, not `instanceof`, so this runs without `vscode`.
import type { ChatMessage, ImageInput, ToolCall, ToolDefinition } from '../../../core/providers/types';
import { countTextTokens, IMAGE_TOKENS, MESSAGE_OVERHEAD_TOKENS } from '../../../core/tokens/count';

/** `vscode.LanguageModelChatMessageRole`: User = 1, Assistant = 2; 3 is System in newer VS Code. */
export const ROLE_USER = 1;
export const ROLE_ASSISTANT = 2;
export const ROLE_SYSTEM = 3;
/** `vscode.LanguageModelChatToolMode.Required`: the model must call a tool. */
export const TOOL_MODE_REQUIRED = 2;

export interface LmMessageLike {
  readonly role: number;
  readonly content: ReadonlyArray<unknown>;
  readonly name?: string | undefined;
}

export interface LmToolLike {
  readonly name: string;
  readonly description: string;
  readonly inputSchema?: object | undefined;
}

type TextPart = { value: string };
type ToolCallPart = { callId: string; name: string; input: object };
type ToolResultPart = { callId: string; content: ReadonlyArray<unknown> };

function isTextPart(p: unknown): p is TextPart {
  return typeof p === 'object' && p !== null && typeof (p as TextPart).value === 'string';
}
function isToolCallPart(p: unknown): p is ToolCallPart {
  const c = p as ToolCallPart;
  return typeof p === 'object' && p !== null && typeof c.callId === 'string' && typeof c.name === 'string' && 'input' in c;
}
/** The ids of the calls whose results a message carries. */
export function toolResultIds(message: LmMessageLike): string[] {
  return message.content.filter(isToolResultPart).map((p) => p.callId);
}

function isToolResultPart(p: unknown): p is ToolResultPart {
  const r = p as ToolResultPart;
  return typeof p === 'object' && p !== null && typeof r.callId === 'string' && Array.isArray(r.content);
}

/** Text of a tool result: text parts as they are, JSON data parts decoded, anything else skipped. */
function toolResultText(content: ReadonlyArray<unknown>): string {
  const out: string[] = [];
  for (const part of content) {
    if (isTextPart(part)) out.push(part.value);
    else if (isDataPart(part) && /json|text/.test(part.mimeType)) out.push(new TextDecoder().decode(part.data));
  }
  return out.join('');
}

type DataPart = { mimeType: string; data: Uint8Array };
function isDataPart(p: unknown): p is DataPart {
  const d = p as DataPart;
  return typeof p === 'object' && p !== null && typeof d.mimeType === 'string' && d.data instanceof Uint8Array;
}

function isImagePart(p: unknown): p is DataPart {
  return isDataPart(p) && p.mimeType.startsWith('image/');
}

/**
 * `reasoningFor` gives the reasoning kept for a tool call's id (the API has no part that hands it
 * back): it goes with the assistant turn that made the call, so OpenRouter gets it back.
 */
export function toCoreMessages(
  messages: ReadonlyArray<LmMessageLike>,
  reasoningFor: (toolCallId: string) => { details: unknown[]; model: string } | undefined = () => undefined,
): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const message of messages) {
    let text = '';
    const calls: ToolCall[] = [];
    const images: ImageInput[] = [];
    const results: Array<{ toolCallId: string; content: string }> = [];
    for (const part of message.content) {
      if (isToolCallPart(part)) calls.push({ id: part.callId, name: part.name, arguments: JSON.stringify(part.input ?? {}) });
      else if (isToolResultPart(part)) results.push({ toolCallId: part.callId, content: toolResultText(part.content) });
      else if (isTextPart(part)) text += part.value;
      else if (isImagePart(part)) images.push({ mimeType: part.mimeType, base64: Buffer.from(part.data).toString('base64') });
    }
    // Tool results answer the previous assistant turn's calls, so they come before any new text.
    for (const r of results) out.push({ role: 'tool', toolCallId: r.toolCallId, content: r.content });
    if (message.role === ROLE_ASSISTANT) {
      if (!text && !calls.length) continue;
      if (!calls.length) {
        out.push({ role: 'assistant', content: text });
        continue;
      }
      const kept = calls.map((c) => reasoningFor(c.id)).find((r) => r !== undefined);
      out.push(
        kept
          ? { role: 'assistant', content: text, toolCalls: calls, reasoningDetails: kept.details, reasoningModel: kept.model }
          : { role: 'assistant', content: text, toolCalls: calls },
      );
    } else if (message.role === ROLE_SYSTEM) {
      if (text) out.push({ role: 'system', content: text });
    } else if (images.length) {
      out.push({ role: 'user', content: text, images });
    } else if (text || results.length === 0) {
      out.push({ role: 'user', content: text });
    }
  }
  return out;
}

/** `required` when the caller's tool mode requires a call; otherwise the model decides. */
export function toToolChoice(toolMode: number | undefined): 'required' | undefined {
  return toolMode === TOOL_MODE_REQUIRED ? 'required' : undefined;
}

export function toToolDefinitions(tools: ReadonlyArray<LmToolLike> | undefined): ToolDefinition[] | undefined {
  if (!tools?.length) return undefined;
  return tools.map((tool) => ({
    name: tool.name,
    description: tool.description,
    parameters: (tool.inputSchema as Record<string, unknown> | undefined) ?? { type: 'object', properties: {} },
  }));
}

/**
 * Tool-call arguments arrive as a JSON string; the API wants an object. Arguments that are not JSON
 * (`error` says why) come as `{ _raw, _error }`, so the caller, and through it the model, sees what went wrong.
 */
export function parseToolArguments(json: string, error?: string): object {
  if (error !== undefined) return { _raw: json, _error: error };
  if (!json.trim()) return {};
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : { value };
  } catch {
    return { _raw: json };
  }
}

/** Messages counted before: VS Code asks again for the same message objects on every agent turn. */
const counted = new WeakMap<object, number>();

/**
 * The token count VS Code trims context by (not a bill): the core's counter, over the text, tool
 * calls, tool results and images of a message, as the router counts a request.
 */
export function estimateTokens(input: string | LmMessageLike): number {
  if (typeof input === 'string') return countTextTokens(input);
  const known = counted.get(input);
  if (known !== undefined) return known;
  let tokens = MESSAGE_OVERHEAD_TOKENS;
  for (const part of input.content) {
    if (isTextPart(part)) tokens += countTextTokens(part.value);
    else if (isToolCallPart(part)) tokens += MESSAGE_OVERHEAD_TOKENS + countTextTokens(part.name) + countTextTokens(JSON.stringify(part.input ?? {}));
    else if (isToolResultPart(part)) tokens += countTextTokens(toolResultText(part.content));
    else if (isImagePart(part)) tokens += IMAGE_TOKENS;
  }
  counted.set(input, tokens);
  return tokens;
}
