// The free-tier budget shared by every window of the profile: each window writes only its own
// file (`<window id>.json` in the extension's global storage, written to a temporary name and
// renamed, so a reader never sees half a file) and counts the union of all files. No window ever
// rewrites another's part, so two windows spending at once lose no update.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import type { SharedBudgetPart, SharedCounterStore } from '../../core/router/budget';
import { errorText } from '../../core/shared/errorText';
import { lazy } from '../../core/lazy';
import type { Log } from '../status/log';

/** A window's file untouched this long holds nothing that still counts (the day is over). */
const STALE_MS = 2 * 86_400_000;
const MAX_SLOTS = 10_000;

// Built when another window's file is first read, not at load (zod is loaded on first use).
const partSchema = lazy(() => {
  const ms = z.number().finite();
  return z.object({
    day: z.array(ms).max(MAX_SLOTS),
    minute: z.array(ms).max(MAX_SLOTS),
    dayClosed: z.object({ until: ms, limit: z.number().int().min(1) }).optional(),
  });
});

export class FileSharedBudgetStore implements SharedCounterStore {
  readonly windowId = randomUUID();
  private readonly ownFile: string;
  private warned = false;

  constructor(
    private readonly dir: string,
    private readonly log: Log,
    private readonly clock: () => number = Date.now,
  ) {
    this.ownFile = join(dir, `${this.windowId}.json`);
    try {
      mkdirSync(dir, { recursive: true });
      this.prune();
    } catch (e) {
      this.warn(e);
    }
  }

  others(): SharedBudgetPart[] {
    const parts: SharedBudgetPart[] = [];
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch (e) {
      this.warn(e);
      return parts;
    }
    for (const name of names) {
      if (!name.endsWith('.json') || join(this.dir, name) === this.ownFile) continue;
      try {
        const parsed = partSchema.safeParse(JSON.parse(readFileSync(join(this.dir, name), 'utf8')));
        if (parsed.success) parts.push(parsed.data);
      } catch {
        // Removed by its window's prune meanwhile, or not ours: nothing to count.
      }
    }
    return parts;
  }

  publish(part: SharedBudgetPart): void {
    // A unique temporary name per write, renamed over this window's own file: atomic on one disk.
    const temp = `${this.ownFile}.${process.pid}.${this.clock()}.tmp`;
    try {
      writeFileSync(temp, JSON.stringify(part));
      renameSync(temp, this.ownFile);
    } catch (e) {
      this.warn(e);
    }
  }

  /** This window's file goes with it; its requests of the day still count, so only when stale. */
  private prune(): void {
    const now = this.clock();
    for (const name of readdirSync(this.dir)) {
      const file = join(this.dir, name);
      try {
        if (now - statSync(file).mtimeMs > STALE_MS) unlinkSync(file);
      } catch {
        // Another window pruned it first.
      }
    }
  }

  private warn(e: unknown): void {
    if (this.warned) return;
    this.warned = true;
    this.log.warn(`Free tier: the budget shared with other windows is not available (${errorText(e)}); this window counts its own requests only.`);
  }
}
