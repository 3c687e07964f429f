// The one token counter: the router (does a request fit a model's window?), the participant (how
// much history fits?), the model picker's provideTokenCount and, through the router, the gateway
// all count with it. VS Code calls it for every message of every agent turn, so long texts are
// counted once: a bounded cache keyed by content, and one keyed by message object.
import type { ChatMessage, ChatOptions, ToolDefinition } from '../providers/types';
import { estimateTextTokens } from './estimate';
import { tooDeepAt } from '../shared/jsonDepth';

/**
 * What an image costs in tokens, roughly: Gemini counts 258 per 768-pixel tile, OpenAI 765 for a
 * 1024×1024 image in high detail, Claude about 1,600 at its largest size before resizing.
 */
export const IMAGE_TOKENS = 1000;
/** Role markers and separators around each message in the chat template. */
export const MESSAGE_OVERHEAD_TOKENS = 4;
/** Shorter texts are counted every time: counting them costs less than a lookup. */
const CACHED_FROM_CHARS = 512;
/** Bounds on the content cache: entries, and characters held by its keys. */
const CACHE_ENTRIES = 512;
const CACHE_CHARS = 8_000_000;

const byContent = new Map<string, number>();
let cachedChars = 0;

/** The estimated token count of `text`; long texts seen before are not counted again. */
export function countTextTokens(text: string): number {
  if (text.length < CACHED_FROM_CHARS) return estimateTextTokens(text);
  const known = byContent.get(text);
  if (known !== undefined) {
    // Most recently used last, so eviction drops the oldest turn of a conversation first.
    byContent.delete(text);
    byContent.set(text, known);
    return known;
  }
  const tokens = estimateTextTokens(text);
  byContent.set(text, tokens);
  cachedChars += text.length;
  for (const [oldest] of byContent) {
    if (byContent.size <= CACHE_ENTRIES && cachedChars <= CACHE_CHARS) break;
    byContent.delete(oldest);
    cachedChars -= oldest.length;
  }
  return tokens;
}

/** How many texts the content cache holds (for tests of its bound). */
export function cachedTextCount(): { entries: number; chars: number } {
  return { entries: byContent.size, chars: cachedChars };
}

/** One message as the model reads it: its text, tool calls and results, images, and the template's markers. */
export function countMessageTokens(message: ChatMessage): number {
  let tokens = MESSAGE_OVERHEAD_TOKENS + countTextTokens(message.content);
  if (message.role === 'user') tokens += (message.images?.length ?? 0) * IMAGE_TOKENS;
  if (message.role === 'assistant') {
    for (const call of message.toolCalls ?? []) tokens += MESSAGE_OVERHEAD_TOKENS + countTextTokens(call.name) + countTextTokens(call.arguments);
  }
  return tokens;
}

/** The tool schemas a request offers: the model reads each name, description and JSON schema. */
export function countToolTokens(tools: readonly ToolDefinition[] | undefined): number {
  let tokens = 0;
  for (const tool of tools ?? []) {
    tokens += MESSAGE_OVERHEAD_TOKENS + countTextTokens(tool.name) + countTextTokens(tool.description ?? '') + schemaTokens(tool.parameters);
  }
  return tokens;
}

/**
 * A schema nested deeper than any real one is not written out to be counted (JSON.stringify would
 * overflow the stack): such a request is refused before it leaves, as not sent.
 */
function schemaTokens(parameters: unknown): number {
  return tooDeepAt(parameters) === undefined ? countTextTokens(JSON.stringify(parameters) ?? '') : 0;
}

/** The input of a whole request: every message and every tool schema. */
export function countRequestTokens(messages: readonly ChatMessage[], options?: Pick<ChatOptions, 'tools'>): number {
  let tokens = countToolTokens(options?.tools);
  for (const message of messages) tokens += countMessageTokens(message);
  return tokens;
}
