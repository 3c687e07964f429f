// Pieces of OpenRouter's chat wire format shared by both modes: request options and chunk fields.
import type { ChatOptions, FinishReason, Usage } from './types';

/** OpenRouter's `reasoning` request object (`effort` and `max_tokens` are alternatives). */
export interface WireReasoning {
  effort?: 'low' | 'medium' | 'high';
  max_tokens?: number;
  exclude?: boolean;
  enabled?: boolean;
}

export function wireReasoning(options: ChatOptions | undefined): WireReasoning | undefined {
  const r = options?.reasoning;
  if (!r) return undefined;
  const out: WireReasoning = {};
  // Sending both effort and max_tokens is a 400 at OpenRouter: max_tokens wins as the more precise one.
  if (r.maxTokens !== undefined) out.max_tokens = r.maxTokens;
  else if (r.effort !== undefined) out.effort = r.effort;
  if (r.exclude !== undefined) out.exclude = r.exclude;
  if (r.enabled !== undefined) out.enabled = r.enabled;
  return Object.keys(out).length > 0 ? out : undefined;
}

export function finishReasonFromWire(raw: string | null | undefined): FinishReason {
  switch (raw) {
    case 'stop':
    case 'end_turn':
      return 'stop';
    case 'length':
    case 'max_tokens':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    case 'error':
      return 'error';
    default:
      return 'other';
  }
}

export interface WireUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  cost?: number;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

export function usageFromWire(u: WireUsage): Usage {
  const usage: Usage = { promptTokens: u.prompt_tokens ?? 0, completionTokens: u.completion_tokens ?? 0 };
  const reasoning = u.completion_tokens_details?.reasoning_tokens;
  if (typeof reasoning === 'number') usage.reasoningTokens = reasoning;
  if (typeof u.cost === 'number') usage.cost = u.cost;
  return usage;
}

interface WireReasoningDetail {
  type?: string;
  text?: string;
  summary?: string;
}

/**
 * The reasoning text of one delta. Like the official provider, prefer `reasoning_details` (text and
 * summary entries; encrypted ones carry nothing readable) and fall back to the plain `reasoning` field.
 */
export function reasoningFromDelta(delta: { reasoning?: unknown; reasoning_details?: unknown }): string {
  if (Array.isArray(delta.reasoning_details) && delta.reasoning_details.length > 0) {
    let text = '';
    for (const d of delta.reasoning_details as WireReasoningDetail[]) {
      if (d?.type === 'reasoning.text' && typeof d.text === 'string') text += d.text;
      else if (d?.type === 'reasoning.summary' && typeof d.summary === 'string') text += d.summary;
    }
    return text;
  }
  return typeof delta.reasoning === 'string' ? delta.reasoning : '';
}
