// The conversation's `session_id` and the routing fields of one request (the router's part):
// OpenRouter keeps a conversation on one endpoint and its prompt cache.
import { createHash } from 'node:crypto';
import { mergeProviderPreferences, SESSION_ID_MAX_LENGTH, type ProviderPreferences } from './providerPreferences';
import type { ChatMessage, ChatOptions } from './types';

/**
 * A stable `session_id` for a conversation: derived from its first user turn, which stays the same
 * for every later turn of that conversation (VS Code gives neither the participant nor the model
 * provider a conversation id). Undefined without a user turn.
 */
export function conversationSessionId(messages: readonly ChatMessage[]): string | undefined {
  const first = messages.find((m) => m.role === 'user');
  if (!first || first.role !== 'user') return undefined;
  const hash = createHash('sha256');
  hash.update(first.content);
  for (const image of first.images ?? []) hash.update(`\u0000${image.mimeType}\u0000${image.base64}`);
  return `ord-${hash.digest('hex').slice(0, 32)}`;
}

/** A client's own session id, when OpenRouter would take it. */
export function acceptableSessionId(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= SESSION_ID_MAX_LENGTH ? value : undefined;
}

/**
 * A request's options with the user's preferences merged over the caller's (a gateway client's) and
 * the conversation's session id (the caller's own, else derived from the first user turn).
 */
export function withRoutingPreferences(
  options: ChatOptions | undefined,
  user: ProviderPreferences | undefined,
  messages: readonly ChatMessage[],
): ChatOptions {
  const out: ChatOptions = { ...options };
  const provider = mergeProviderPreferences(user, options?.provider);
  if (provider) out.provider = provider;
  else delete out.provider;
  const sessionId = acceptableSessionId(options?.sessionId) ?? conversationSessionId(messages);
  if (sessionId) out.sessionId = sessionId;
  return out;
}
