// The router's statistics, one set for every window of the profile, surviving reloads.
//
// One file in the extension's global storage holds what all windows recorded. A window hands over
// what it recorded since its last hand-over (`RouterStats.pendingSnapshot`) by adding it to the
// file under a lock (a directory created atomically), so two windows saving at once lose nothing:
// neither overwrites the other's requests, each adds its own. Between hand-overs a window shows the
// file plus its own pending part, and it rereads the file when another window changed it. A reset
// writes an empty file with a new reset id; every window that sees the new id drops what it had.
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import type { RouterStats } from '../../core/router';
import { parseStatsSnapshot } from '../../core/router/snapshotSchema';
import { emptyStatsSnapshot, mergeStatsSnapshots } from '../../core/router/statsMerge';
import type { StatsSnapshot } from '../../core/router/types';
import { errorText } from '../../core/shared/errorText';
import type { Log } from '../status/log';

/** Where versions before the shared file kept one window's snapshot (the last one saved won). */
const LEGACY_STATE_KEY = 'openrouterDual.stats';
const SAVE_DELAY_MS = 1_000;
const POLL_MS = 2_000;
/** A lock older than this was left by a window that died while holding it. */
const STALE_LOCK_MS = 10_000;
const LOCK_WAIT_MS = 2_000;
const WRITE_ID = /^\{"writeId":"([0-9a-f-]{36})"/;

interface SharedFile {
  /** New at every write, and first in the file: a window polls the file's first bytes for it. */
  writeId?: string;
  resetId: string;
  stats: StatsSnapshot;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export class SharedStatsStore implements vscode.Disposable {
  private readonly file: string;
  private readonly lockDir: string;
  private resetId: string | undefined;
  private seenWriteId: string | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly poller: ReturnType<typeof setInterval>;
  private readonly off: () => void;
  /** Set while this store applies another window's reset, so it is not sent back out. */
  private applyingRemoteReset = false;
  private warned = false;
  private disposed = false;

  constructor(
    dir: string,
    private readonly stats: RouterStats,
    private readonly log: Log,
    private readonly legacy?: vscode.Memento,
  ) {
    this.file = join(dir, 'statistics.json');
    this.lockDir = join(dir, 'statistics.lock');
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      this.warn(e);
    }
    this.off = stats.onEvent((e) => {
      if (e.type === 'reset') {
        if (!this.applyingRemoteReset) this.broadcastReset();
      } else if (e.type === 'request-end' || e.type === 'route-end' || e.type === 'cooldown') {
        this.schedule();
      }
    });
    this.poller = setInterval(() => this.refreshIfChanged(), POLL_MS);
    this.poller.unref?.();
  }

  /** Shows what every window saved; at the first start of this version, what the old store kept. */
  load(): void {
    if (this.disposed) return;
    const shared = this.read();
    if (shared) {
      this.show(shared, false);
      return;
    }
    const old = this.legacy?.get<unknown>(LEGACY_STATE_KEY);
    if (old === undefined) return;
    const parsed = parseStatsSnapshot(old);
    if (!parsed.ok) {
      this.log.warn(`Saved statistics were not restored: ${parsed.message}`);
      return;
    }
    // Seeded once, under the lock, and only if no other window seeded it meanwhile.
    this.withLock(() => {
      const now = this.read() ?? { resetId: randomUUID(), stats: parsed.snapshot };
      this.write(now);
      this.show(now, false);
    });
  }

  /** Hands this window's pending statistics over to the shared file now. */
  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const pending = this.stats.pendingSnapshot();
    if (!pending) return;
    this.withLock(() => {
      const current = this.read();
      if (current && current.resetId !== this.resetId && this.resetId !== undefined) {
        // Another window reset the statistics: what this window recorded before is dropped too.
        this.show(current, false);
        return;
      }
      const next: SharedFile = {
        resetId: current?.resetId ?? this.resetId ?? randomUUID(),
        stats: current ? mergeStatsSnapshots(current.stats, pending, this.stats.limits) : pending,
      };
      this.write(next);
      this.show(next, true);
    });
  }

  /** Rereads the file when another window wrote it since this window last looked. */
  refreshIfChanged(): void {
    // Not the modification time: two writes within one tick of the file system's clock share it.
    let head: string;
    try {
      const fd = openSync(this.file, 'r');
      try {
        const buffer = Buffer.alloc(128);
        head = buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, 0));
      } finally {
        closeSync(fd);
      }
    } catch {
      return;
    }
    if (WRITE_ID.exec(head)?.[1] === this.seenWriteId) return;
    const shared = this.read();
    if (shared) this.show(shared, false);
  }

  dispose(): void {
    this.disposed = true;
    this.off();
    clearInterval(this.poller);
    this.flush();
  }

  private schedule(): void {
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = undefined;
      this.flush();
    }, SAVE_DELAY_MS);
  }

  private broadcastReset(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.withLock(() => {
      const empty: SharedFile = { resetId: randomUUID(), stats: emptyStatsSnapshot(Date.now(), this.stats.snapshot().budget) };
      this.write(empty);
      this.resetId = empty.resetId;
    });
  }

  /** `handedOver`: the file already holds this window's pending part. */
  private show(shared: SharedFile, handedOver: boolean): void {
    if (this.resetId !== undefined && shared.resetId !== this.resetId) {
      this.applyingRemoteReset = true;
      try {
        this.stats.reset();
      } finally {
        this.applyingRemoteReset = false;
      }
    }
    this.resetId = shared.resetId;
    this.stats.adopt(shared.stats, handedOver);
  }

  private read(): SharedFile | undefined {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const raw = JSON.parse(text) as { writeId?: unknown; resetId?: unknown; stats?: unknown };
      const parsed = parseStatsSnapshot(raw.stats);
      if (typeof raw.resetId === 'string' && parsed.ok) {
        this.seenWriteId = typeof raw.writeId === 'string' ? raw.writeId : undefined;
        return { resetId: raw.resetId, stats: parsed.snapshot };
      }
      throw new Error(parsed.ok ? 'no reset id' : parsed.message);
    } catch (e) {
      // Kept aside, not deleted, so the numbers can still be looked at; the windows start over.
      const aside = `${this.file}.unreadable-${Date.now()}`;
      try {
        renameSync(this.file, aside);
      } catch {
        // Another window moved it first.
      }
      this.log.warn(`The saved statistics could not be read (${errorText(e)}); they were moved to ${aside} and counting starts over.`);
      return undefined;
    }
  }

  private write(shared: SharedFile): void {
    const temp = `${this.file}.${process.pid}.${randomUUID()}.tmp`;
    const writeId = randomUUID();
    writeFileSync(temp, JSON.stringify({ writeId, resetId: shared.resetId, stats: shared.stats }));
    renameSync(temp, this.file);
    this.seenWriteId = writeId;
  }

  /** Runs `work` holding the profile-wide lock; without the lock (a broken disk), logs once and skips. */
  private withLock(work: () => void): void {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        mkdirSync(this.lockDir);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return this.warn(e);
        try {
          if (Date.now() - statSync(this.lockDir).mtimeMs > STALE_LOCK_MS) rmdirSync(this.lockDir);
        } catch {
          // Released meanwhile.
        }
        if (Date.now() > deadline) return this.warn(new Error('another window held the statistics lock too long'));
        sleepSync(5);
      }
    }
    try {
      work();
    } catch (e) {
      this.warn(e);
    } finally {
      try {
        rmdirSync(this.lockDir);
      } catch {
        // Removed as stale by another window: nothing to release.
      }
    }
  }

  private warn(e: unknown): void {
    if (this.warned) return;
    this.warned = true;
    this.log.warn(`Statistics: the store shared with other windows is not available (${errorText(e)}); this window shows its own requests only.`);
  }
}
