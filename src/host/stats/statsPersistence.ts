// The router's statistics survive a reload: saved to globalState (debounced), restored at start.
import type * as vscode from 'vscode';
import type { RouterStats } from '../../core/router';
import type { Log } from '../status/log';

const STATE_KEY = 'openrouterDual.stats';
const SAVE_DELAY_MS = 5_000;

export class StatsPersistence implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly off: () => void;

  constructor(
    private readonly state: vscode.Memento,
    private readonly stats: RouterStats,
    private readonly log: Log,
  ) {
    this.off = stats.onEvent((e) => {
      // 'route-end' too: a chat refused before any request (budget, every model cooling) counts.
      if (e.type === 'request-end' || e.type === 'route-end' || e.type === 'reset' || e.type === 'cooldown') this.schedule();
    });
  }

  restore(): void {
    const saved = this.state.get<unknown>(STATE_KEY);
    if (saved === undefined) return;
    try {
      this.stats.restore(saved);
    } catch (e) {
      // A snapshot from an older version or a damaged store: start from zero rather than fail.
      this.log.warn(`Saved statistics were not restored: ${(e as Error).message}`);
    }
  }

  flush(): Thenable<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    return this.state.update(STATE_KEY, this.stats.snapshot());
  }

  dispose(): void {
    this.off();
    if (this.timer) void this.flush();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.state.update(STATE_KEY, this.stats.snapshot());
    }, SAVE_DELAY_MS);
  }
}
