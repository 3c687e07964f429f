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

/** OpenRouter's `plugins` for the request: the context-compression plugin when asked for; undefined otherwise. */
export function wirePlugins(options: ChatOptions | undefined): { id: 'context-compression' }[] | undefined {
  return options?.contextCompression ? [{ id: 'context-compression' }] : undefined;
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

/** The `reasoning_details` entry types OpenRouter documents; anything else is left out, as the official provider does. */
const REASONING_FORMATS = new Set(['unknown', 'openai-responses-v1', 'azure-openai-responses-v1', 'xai-responses-v1', 'anthropic-claude-v1', 'google-gemini-v1']);

function optionalString(v: unknown): boolean {
  return v === undefined || v === null || typeof v === 'string';
}

function isReasoningDetail(d: unknown): d is Record<string, unknown> {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return false;
  const r = d as Record<string, unknown>;
  const common =
    optionalString(r.id) && (r.format === undefined || r.format === null || REASONING_FORMATS.has(String(r.format))) && (r.index === undefined || typeof r.index === 'number');
  if (!common) return false;
  switch (r.type) {
    case 'reasoning.summary':
      return typeof r.summary === 'string';
    case 'reasoning.encrypted':
      return typeof r.data === 'string';
    case 'reasoning.text':
      return optionalString(r.text) && optionalString(r.signature);
    default:
      return false;
  }
}

/**
 * Adds one delta's `reasoning_details` to the turn's list the way the official provider does:
 * consecutive text entries become one (texts joined, the first signature and format kept), other
 * entries are kept as they are, entries of unknown shape are left out. Both modes hand on the same list.
 */
export function appendReasoningDetails(into: Record<string, unknown>[], incoming: unknown): void {
  if (!Array.isArray(incoming)) return;
  for (const detail of incoming) {
    if (!isReasoningDetail(detail)) continue;
    const last = into.at(-1);
    if (detail.type === 'reasoning.text' && last?.type === 'reasoning.text') {
      last.text = String(last.text ?? '') + String(detail.text ?? '');
      if (!last.signature && detail.signature) last.signature = detail.signature;
      if (!last.format && detail.format) last.format = detail.format;
    } else {
      into.push(detail.type === 'reasoning.text' ? { ...detail } : detail);
    }
  }
}

function reasoningDetailKey(d: Record<string, unknown>): string | undefined {
  switch (d.type) {
    case 'reasoning.summary':
      return String(d.summary);
    case 'reasoning.encrypted':
      return String(d.id || d.data);
    case 'reasoning.text':
      return d.text ? String(d.text) : d.signature ? String(d.signature) : undefined;
    default:
      return undefined;
  }
}

/** The reasoning of an assistant turn that may go to `model`: only the model that produced it gets it back. */
export function reasoningDetailsFor(turn: { reasoningDetails?: unknown[]; reasoningModel?: string }, model: string): unknown[] | undefined {
  if (!turn.reasoningDetails) return undefined;
  return turn.reasoningModel === undefined || turn.reasoningModel === model ? turn.reasoningDetails : undefined;
}

/**
 * The entries of an assistant turn's `reasoningDetails` to send back, as the official provider
 * sends them: Claude and Gemini refuse reasoning text without its signature (a text entry without a
 * format counts as Claude's), and an entry already sent with an earlier turn of the same request
 * (`seen`) is not sent twice.
 */
export function reasoningDetailsToSend(details: readonly unknown[], seen: Set<string>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const d of details) {
    if (!isReasoningDetail(d)) continue;
    const format = d.format ?? 'anthropic-claude-v1';
    if (d.type === 'reasoning.text' && (format === 'anthropic-claude-v1' || format === 'google-gemini-v1') && !d.signature) continue;
    const key = reasoningDetailKey(d);
    if (key === undefined || seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}
