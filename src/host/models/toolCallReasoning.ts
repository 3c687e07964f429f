// Reasoning that OpenRouter returned with a turn that called tools, kept on the extension's side:
// the language-model API has no part that brings it back, yet reasoning models need it with the
// tool results (https://openrouter.ai/docs/use-cases/reasoning-tokens#preserving-reasoning-blocks).
// Keyed by tool call id; bounded, the least recently used id leaves first. It also remembers which
// model made each call, so Auto can hand the call's result back to that model.

export const MAX_REMEMBERED_TOOL_CALLS = 200;

export interface KeptReasoning {
  details: unknown[];
  /** The model that produced it: only that model gets it back. */
  model: string;
}

export class ToolCallReasoning {
  private readonly byCallId = new Map<string, KeptReasoning>();

  constructor(private readonly capacity = MAX_REMEMBERED_TOOL_CALLS) {}

  /** `kept.details` may be empty: the call's model is still worth remembering. */
  remember(callIds: readonly string[], kept: KeptReasoning): void {
    for (const id of callIds) {
      this.byCallId.delete(id);
      this.byCallId.set(id, kept);
    }
    for (const oldest of this.byCallId.keys()) {
      if (this.byCallId.size <= this.capacity) break;
      this.byCallId.delete(oldest);
    }
  }

  /** The reasoning of the turn that made this call, if still kept; a lookup counts as a use. */
  recall(callId: string): KeptReasoning | undefined {
    const kept = this.use(callId);
    return kept && kept.details.length > 0 ? kept : undefined;
  }

  /** The model that made this call, if the call is still remembered. */
  callerOf(callId: string): string | undefined {
    return this.use(callId)?.model;
  }

  private use(callId: string): KeptReasoning | undefined {
    const kept = this.byCallId.get(callId);
    if (kept !== undefined) {
      this.byCallId.delete(callId);
      this.byCallId.set(callId, kept);
    }
    return kept;
  }

  get size(): number {
    return this.byCallId.size;
  }
}
