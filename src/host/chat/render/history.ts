// Turns the chat panel's history into the messages a model sees.
import type { ChatMessage } from '../../../core/providers/types';

export type HistoryTurn =
  | { kind: 'request'; prompt: string }
  /** `answer` is what the participant recorded in its result metadata (no footer or reasoning). */
  | { kind: 'response'; answer?: string; markdown: string[]; report?: boolean };

/** Metadata the participant stores on each result, read back when the turn is history. */
export interface TurnMetadata {
  answer?: string;
  model?: string;
  command?: string;
  /** The user's prompt, for follow-ups that ask it again. */
  prompt?: string;
  failed?: boolean;
  /** `/models`, `/stats` and key prompts: not part of the conversation. */
  report?: boolean;
}

export function isTurnMetadata(value: unknown): value is TurnMetadata {
  return typeof value === 'object' && value !== null && (!('answer' in value) || typeof (value as TurnMetadata).answer === 'string');
}

/**
 * Earlier turns first, then the new prompt. Responses without recorded text (reports such as
 * `/stats`, errors) are dropped with their request, so the model never sees a question left
 * unanswered or a table of statistics as its own words.
 */
export function buildMessages(history: readonly HistoryTurn[], prompt: string, system?: string): ChatMessage[] {
  const messages: ChatMessage[] = system ? [{ role: 'system', content: system }] : [];
  for (let i = 0; i < history.length; i++) {
    const turn = history[i];
    if (turn.kind !== 'request') continue;
    const next = history[i + 1];
    const answer = next?.kind === 'response' ? responseText(next) : undefined;
    if (!turn.prompt.trim() || !answer) continue;
    messages.push({ role: 'user', content: turn.prompt }, { role: 'assistant', content: answer });
    i++;
  }
  messages.push({ role: 'user', content: prompt });
  return messages;
}

function responseText(turn: Extract<HistoryTurn, { kind: 'response' }>): string | undefined {
  if (turn.report) return undefined;
  if (turn.answer !== undefined) return turn.answer.trim() || undefined;
  const text = turn.markdown.join('').trim();
  return text || undefined;
}
