// Tool calls stream as fragments keyed by index (id and name first, then pieces of the JSON
// arguments); this reassembles them into whole calls.
import type { ToolCall } from './types';

export interface ToolCallDelta {
  index?: number;
  id?: string | null;
  function?: { name?: string | null; arguments?: string | null } | null;
}

export class ToolCallAssembler {
  private readonly calls: { id?: string; name?: string; arguments: string }[] = [];

  add(deltas: readonly ToolCallDelta[]): void {
    for (const d of deltas) {
      const index = d.index ?? Math.max(0, this.calls.length - 1);
      const call = (this.calls[index] ??= { arguments: '' });
      if (d.id) call.id = d.id;
      if (d.function?.name) call.name = d.function.name;
      if (d.function?.arguments) call.arguments += d.function.arguments;
    }
  }

  /** Calls that have a name, in index order; a call without arguments gets `{}`. */
  complete(): ToolCall[] {
    const out: ToolCall[] = [];
    this.calls.forEach((c, index) => {
      if (!c?.name) return;
      out.push({ id: c.id ?? `call_${index}`, name: c.name, arguments: c.arguments || '{}' });
    });
    return out;
  }
}
