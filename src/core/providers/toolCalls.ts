// Tool calls stream as fragments keyed by index (id and name first, then pieces of the JSON
// arguments). Both modes report a call as soon as it is complete, by the same rule: its arguments
// parse as JSON (what the official provider waits for), the next call starts, or the stream ends.
import type { StreamPart, ToolCall } from './types';

export interface ToolCallDelta {
  index?: number;
  id?: string | null;
  function?: { name?: string | null; arguments?: string | null } | null;
}

function parses(json: string): boolean {
  try {
    JSON.parse(json);
    return true;
  } catch {
    return false;
  }
}

/**
 * The part for a complete call. A call without arguments gets `{}`; arguments that are not JSON
 * stay as the model wrote them and the part says so in `error`, so the caller can tell the model.
 */
export function toolCallPart(call: ToolCall): Extract<StreamPart, { type: 'tool-call' }> {
  const args = call.arguments.trim() ? call.arguments : '{}';
  try {
    JSON.parse(args);
    return { type: 'tool-call', call: { ...call, arguments: args } };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { type: 'tool-call', call: { ...call, arguments: args }, error: `The arguments of the call to ${call.name} are not valid JSON (${why}).` };
  }
}

function newCallId(): string {
  return `call_${globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 24)}`;
}

interface PendingCall {
  index: number;
  id?: string;
  name?: string;
  arguments: string;
  reported: boolean;
}

/** Reassembles the wire's fragments (mode `openai_compatible`) and hands out each call once, when complete. */
export class ToolCallAssembler {
  private readonly calls: PendingCall[] = [];
  private readonly usedIds = new Set<string>();

  /** Adds one chunk's fragments; returns the calls these fragments completed. */
  add(deltas: readonly ToolCallDelta[]): ToolCall[] {
    const done: ToolCall[] = [];
    for (const d of deltas) {
      const index = d.index ?? Math.max(0, this.calls.length - 1);
      let call = this.calls.find((c) => c.index === index);
      if (!call) {
        // A new call starts: every earlier one is complete.
        done.push(...this.take((c) => c.index !== index));
        call = { index, arguments: '', reported: false };
        this.calls.push(call);
      }
      if (call.reported) continue;
      // A missing or repeated id would make two calls' results indistinguishable (across turns too):
      // such a call gets an id of its own, as the official provider gives it.
      if (d.id && call.id === undefined) call.id = this.usedIds.has(d.id) ? newCallId() : d.id;
      if (call.id !== undefined) this.usedIds.add(call.id);
      if (d.function?.name) call.name = d.function.name;
      if (d.function?.arguments) call.arguments += d.function.arguments;
      if (call.name && call.arguments && parses(call.arguments)) done.push(...this.take((c) => c === call));
    }
    return done;
  }

  /** The stream ended: every call not yet handed out, in index order. */
  finish(): ToolCall[] {
    return this.take(() => true);
  }

  private take(which: (c: PendingCall) => boolean): ToolCall[] {
    const out: ToolCall[] = [];
    for (const c of [...this.calls].sort((a, b) => a.index - b.index)) {
      // A call without a name cannot be run or answered; there is nothing to report.
      if (c.reported || !c.name || !which(c)) continue;
      c.reported = true;
      c.id ??= newCallId();
      this.usedIds.add(c.id);
      out.push({ id: c.id, name: c.name, arguments: c.arguments });
    }
    return out;
  }
}
