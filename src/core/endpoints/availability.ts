// Which endpoints answer. A server that refuses the connection (a local one that is off) makes its
// models unavailable, not gone: the router passes over them at no cost, and tries them again once
// the endpoint answered anything (its model list, a chat) or after a short pause, whichever is first.
import type { Clock } from '../router/types';

/** How long a refused connection keeps an endpoint's models out before one request tries again. */
const OFFLINE_RETRY_MS = 15_000;

export class EndpointAvailability {
  private readonly downUntil = new Map<string, number>();
  private readonly listeners = new Set<(endpointId: string, up: boolean) => void>();
  /** Endpoints that answered at least once in this session (for the UI: "answering" vs "not asked yet"). */
  private readonly answered = new Set<string>();

  constructor(
    private readonly clock: Clock = Date.now,
    private readonly retryMs: number = OFFLINE_RETRY_MS,
  ) {}

  markDown(endpointId: string): void {
    const wasUp = !this.downUntil.has(endpointId);
    this.downUntil.set(endpointId, this.clock() + this.retryMs);
    if (wasUp) this.emit(endpointId, false);
  }

  markUp(endpointId: string): void {
    this.answered.add(endpointId);
    if (this.downUntil.delete(endpointId)) this.emit(endpointId, true);
  }

  /** Known not to answer, and not yet due for another try. */
  isOffline(endpointId: string): boolean {
    const until = this.downUntil.get(endpointId);
    return until !== undefined && this.clock() < until;
  }

  /** Refused the last connection (whether or not it is due for another try): for the UI. */
  wasDown(endpointId: string): boolean {
    return this.downUntil.has(endpointId);
  }

  /** Answered (a model list, a chat) since this session started, and has not refused a connection since. */
  hasAnswered(endpointId: string): boolean {
    return this.answered.has(endpointId) && !this.downUntil.has(endpointId);
  }

  onDidChange(listener: (endpointId: string, up: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(endpointId: string, up: boolean): void {
    for (const l of this.listeners) l(endpointId, up);
  }
}
