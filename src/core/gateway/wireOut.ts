// The router's events out as OpenAI's chat-completion chunks and completions. `model` is always
// the model that answered, so a client sees which one it got.
import type { FinishReason, ToolCall, Usage } from '../providers/types';

export interface WireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  completion_tokens_details?: { reasoning_tokens: number };
  cost?: number;
}

interface WireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export function wireFinishReason(reason: FinishReason | undefined, sawToolCall: boolean): string {
  switch (reason) {
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    default:
      return sawToolCall ? 'tool_calls' : 'stop';
  }
}

export function wireUsage(usage: Usage): WireUsage {
  const out: WireUsage = {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
  };
  if (usage.reasoningTokens !== undefined) out.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  if (usage.cost !== undefined) out.cost = usage.cost;
  return out;
}

function wireToolCall(call: ToolCall): WireToolCall {
  return { id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } };
}

/** The chunks of one streamed completion; each method returns one chunk object. */
export class ChunkBuilder {
  private roleSent = false;
  private toolIndex = 0;

  constructor(
    readonly id: string,
    private readonly created: number,
  ) {}

  private chunk(model: string, delta: Record<string, unknown>, finishReason: string | null = null): object {
    if (!this.roleSent) {
      delta = { role: 'assistant', ...delta };
      this.roleSent = true;
    }
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model, choices: [{ index: 0, delta, finish_reason: finishReason }] };
  }

  text(model: string, text: string): object {
    return this.chunk(model, { content: text });
  }

  reasoning(model: string, text: string): object {
    return this.chunk(model, { reasoning: text });
  }

  toolCall(model: string, call: ToolCall): object {
    return this.chunk(model, { tool_calls: [{ index: this.toolIndex++, ...wireToolCall(call) }] });
  }

  finish(model: string, reason: string): object {
    return this.chunk(model, {}, reason);
  }

  usage(model: string, usage: Usage): object {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model, choices: [], usage: wireUsage(usage) };
  }
}

/** A non-streamed answer, collected from the same events. */
export class CompletionCollector {
  private content = '';
  private reasoningText = '';
  private readonly toolCalls: ToolCall[] = [];

  text(t: string): void {
    this.content += t;
  }

  reasoning(t: string): void {
    this.reasoningText += t;
  }

  toolCall(call: ToolCall): void {
    this.toolCalls.push(call);
  }

  build(id: string, created: number, model: string, finish: FinishReason | undefined, usage: Usage | undefined): object {
    const message: Record<string, unknown> = { role: 'assistant', content: this.toolCalls.length && !this.content ? null : this.content, refusal: null };
    if (this.reasoningText) message.reasoning = this.reasoningText;
    if (this.toolCalls.length) message.tool_calls = this.toolCalls.map(wireToolCall);
    const out: Record<string, unknown> = {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message, finish_reason: wireFinishReason(finish, this.toolCalls.length > 0), logprobs: null }],
    };
    if (usage) out.usage = wireUsage(usage);
    return out;
  }
}
