// Fits what @openrouter sends to the largest enabled window (the router then places it on a model
// whose window holds it), or to the window of the model picked for the chat when the question and
// its attachments fit there: the system prompt, the attached references and the new question stay;
// the oldest turns go first. Attachments go whole when that window holds them; only when it does
// not are they cut, the largest first, and the answer says what was cut.
import type { ChatMessage } from '../../../core/providers/types';
import { countMessageTokens, countTextTokens } from '../../../core/tokens/count';

export interface Attachment {
  label: string;
  text: string;
}

export interface CutAttachment {
  label: string;
  keptChars: number;
  totalChars: number;
}

/** Tokens of the heading, or of one file's label, fence and cut mark. */
const WRAPPER_TOKENS = 16;

/** How an attachment is put before the question. */
function block(label: string, text: string): string {
  return `File: ${label}\n\`\`\`\n${text}\n\`\`\``;
}

export function attachmentsText(blocks: readonly string[]): string {
  return blocks.length ? `Context attached by the user:\n\n${blocks.join('\n\n')}` : '';
}

/**
 * The attachments as text for the prompt within `budget` tokens (undefined: no limit known, all
 * whole). Over budget, each gets an equal share, and what a small one leaves goes to the larger.
 */
export function fitAttachments(attachments: readonly Attachment[], budget: number | undefined): { text: string; cut: CutAttachment[] } {
  const tokens = attachments.map((a) => countTextTokens(a.text));
  const total = tokens.reduce((sum, n) => sum + n, 0);
  if (budget === undefined || total <= budget) return { text: attachmentsText(attachments.map((a) => block(a.label, a.text))), cut: [] };
  const share = new Array<number>(attachments.length);
  // The heading and each file's fence and label take tokens too, and a cut text counts a little
  // differently from its share: both are kept spare.
  let left = Math.max(0, Math.floor((budget - WRAPPER_TOKENS * (attachments.length + 1)) * 0.97));
  const order = attachments.map((_, i) => i).sort((a, b) => tokens[a] - tokens[b]);
  order.forEach((index, n) => {
    share[index] = Math.min(tokens[index], Math.floor(left / (order.length - n)));
    left -= share[index];
  });
  const cut: CutAttachment[] = [];
  const blocks = attachments.map((a, i) => {
    if (share[i] >= tokens[i]) return block(a.label, a.text);
    const keptChars = Math.floor((a.text.length * share[i]) / Math.max(1, tokens[i]));
    cut.push({ label: a.label, keptChars, totalChars: a.text.length });
    return block(a.label, `${a.text.slice(0, keptChars)}\n…(cut)`);
  });
  return { text: attachmentsText(blocks), cut };
}

/**
 * Drops the oldest turns (a question and its answer) until `messages` fit `budget` tokens; the
 * system prompt and the last message (the new question with its attachments) always stay, so
 * `fits` says whether what is left is within the budget.
 */
export function fitHistory(messages: readonly ChatMessage[], budget: number | undefined): { messages: ChatMessage[]; droppedTurns: number; fits: boolean } {
  if (budget === undefined) return { messages: [...messages], droppedTurns: 0, fits: true };
  const system = messages[0]?.role === 'system' ? [messages[0]] : [];
  const last = messages.at(-1);
  const turns = messages.slice(system.length, -1);
  let total = messages.reduce((sum, m) => sum + countMessageTokens(m), 0);
  let start = 0;
  while (total > budget && start < turns.length) {
    // A turn is a question and its answer: both go, so no answer is left without its question.
    const width = turns[start].role === 'user' && turns[start + 1]?.role === 'assistant' ? 2 : 1;
    for (let i = start; i < start + width; i++) total -= countMessageTokens(turns[i]);
    start += width;
  }
  const kept = turns.slice(start);
  const droppedTurns = turns.slice(0, start).filter((m) => m.role === 'user').length;
  return { messages: [...system, ...kept, ...(last ? [last] : [])], droppedTurns, fits: total <= budget };
}
