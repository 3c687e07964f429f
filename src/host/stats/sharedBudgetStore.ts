// The free-tier budget shared by every window of the profile: each window writes only its own
// file (`<window id>.json` in the extension's global storage, written to a temporary name and
// renamed, so a reader never sees half a file) and counts the union of all files. No window ever
// rewrites another's part, so two windows spending at once lose no update.
//
// Bounded: a file that holds nothing that still counts is removed at activation, at most
// MAX_FILES are read, and each is read again only when it changed (its size or modification time),
// so a budget check costs a directory listing and a stat per window, not a read of every file.
import { randomUUID } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import type { SharedBudgetPart, SharedCounterStore } from '../../core/router/budget';
import { errorText } from '../../core/shared/errorText';
import { lazy } from '../../core/lazy';
import type { Log } from '../status/log';

/** A window's file untouched this long holds nothing that still counts (the day is over). */
const STALE_MS = 2 * 86_400_000;
const DAY_MS = 86_400_000;
const MAX_SLOTS = 10_000;
/** More windows than anyone keeps open in a day; beyond it the oldest files are not read. */
const MAX_FILES = 64;

// Built when another window's file is first read, not at load (zod is loaded on first use).
const partSchema = lazy(() => {
  const ms = z.number().finite();
  return z.object({
    day: z.array(ms).max(MAX_SLOTS),
    minute: z.array(ms).max(MAX_SLOTS),
    dayClosed: z.object({ until: ms, limit: z.number().int().min(1) }).optional(),
  });
});

/** The file operations the store uses: node:fs, or a stand-in that counts or fails in tests. */
export type BudgetFs = Pick<typeof nodeFs, 'mkdirSync' | 'readdirSync' | 'readFileSync' | 'renameSync' | 'statSync' | 'unlinkSync' | 'writeFileSync'>;

interface CachedPart {
  mtimeMs: number;
  size: number;
  part: SharedBudgetPart | undefined;
}

/** True when a part still holds a request of the last day or a close that has not ended. */
function stillCounts(part: SharedBudgetPart, now: number): boolean {
  return part.day.some((t) => t > now - DAY_MS) || part.minute.some((t) => t > now - DAY_MS) || (part.dayClosed?.until ?? 0) > now;
}

export class FileSharedBudgetStore implements SharedCounterStore {
  readonly windowId = randomUUID();
  private readonly ownFile: string;
  private readonly cache = new Map<string, CachedPart>();
  private warned = false;

  constructor(
    private readonly dir: string,
    private readonly log: Log,
    private readonly clock: () => number = Date.now,
    private readonly fs: BudgetFs = nodeFs,
  ) {
    this.ownFile = join(dir, `${this.windowId}.json`);
    try {
      fs.mkdirSync(dir, { recursive: true });
      this.prune();
    } catch (e) {
      this.warn(e);
    }
  }

  others(): SharedBudgetPart[] {
    const files = this.otherFiles();
    const parts: SharedBudgetPart[] = [];
    for (const { name, mtimeMs, size } of files) {
      const cached = this.cache.get(name);
      if (cached && cached.mtimeMs === mtimeMs && cached.size === size) {
        if (cached.part) parts.push(cached.part);
        continue;
      }
      const part = this.readPart(name);
      this.cache.set(name, { mtimeMs, size, part });
      if (part) parts.push(part);
    }
    // Files gone since the last look are forgotten.
    const present = new Set(files.map((f) => f.name));
    for (const name of this.cache.keys()) if (!present.has(name)) this.cache.delete(name);
    return parts;
  }

  publish(part: SharedBudgetPart): void {
    // A unique temporary name per write, renamed over this window's own file: atomic on one disk.
    const temp = `${this.ownFile}.${process.pid}.${this.clock()}.tmp`;
    try {
      this.fs.writeFileSync(temp, JSON.stringify(part));
      this.fs.renameSync(temp, this.ownFile);
    } catch (e) {
      this.warn(e);
    }
  }

  /** The other windows' files, newest first, at most MAX_FILES. */
  private otherFiles(): { name: string; mtimeMs: number; size: number }[] {
    let names: string[];
    try {
      names = this.fs.readdirSync(this.dir);
    } catch (e) {
      this.warn(e);
      return [];
    }
    const files: { name: string; mtimeMs: number; size: number }[] = [];
    for (const name of names) {
      if (!name.endsWith('.json') || join(this.dir, name) === this.ownFile) continue;
      try {
        const stat = this.fs.statSync(join(this.dir, name));
        files.push({ name, mtimeMs: stat.mtimeMs, size: stat.size });
      } catch {
        // Removed by its window meanwhile.
      }
    }
    return files.sort((a, b) => b.mtimeMs - a.mtimeMs).slice(0, MAX_FILES);
  }

  private readPart(name: string): SharedBudgetPart | undefined {
    try {
      const parsed = partSchema.safeParse(JSON.parse(this.fs.readFileSync(join(this.dir, name), 'utf8')));
      return parsed.success ? parsed.data : undefined;
    } catch {
      // Removed by its window meanwhile, or not ours: nothing to count.
      return undefined;
    }
  }

  /**
   * Files that hold nothing that still counts go (each activation leaves one behind), and so do
   * files untouched for two days; a window's own file goes only that way, since its day still counts.
   */
  private prune(): void {
    const now = this.clock();
    for (const name of this.fs.readdirSync(this.dir)) {
      const file = join(this.dir, name);
      try {
        const stale = now - this.fs.statSync(file).mtimeMs > STALE_MS;
        const part = !stale && name.endsWith('.json') ? this.readPart(name) : undefined;
        const done = part !== undefined && !stillCounts(part, now);
        if (stale || done) this.fs.unlinkSync(file);
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
