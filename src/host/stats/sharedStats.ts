// The router's statistics, one set for every window of the profile, surviving reloads.
//
// One file in the extension's global storage holds what all windows recorded. A window hands over
// what it recorded since its last hand-over (`RouterStats.pendingSnapshot`) by adding it to the
// file under a lock (a directory created atomically), so two windows saving at once lose nothing:
// neither overwrites the other's requests, each adds its own. Between hand-overs a window shows the
// file plus its own pending part, and it rereads the file when another window changed it. A reset
// writes an empty file with a new reset id; every window that sees the new id drops what it had.
//
// Faults and other versions: only "no such file" means there are no statistics yet; any other
// read error skips the save and keeps the pending part for the next one. A file a newer version
// wrote is read for what this version understands and never written back. The lock never blocks
// the extension host: it is tried once, and a save that finds it taken is retried later. It holds
// an owner token, is refreshed while held, is released only by its owner, and a window that lost
// it (taken over as stale) does not write.
//
// The ledger (what was spent, per day and model, and the "free" models that billed) is saved the
// same way to its own file under the same lock (sharedLedger.ts): a reset of the statistics leaves
// it, and the window whose hand-over first records a billed model is the one that tells the user.
import { randomUUID } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import type { RouterStats } from '../../core/router';
import { parseSharedStatsSnapshot, parseStatsSnapshot } from '../../core/router/snapshotSchema';
import { emptyStatsSnapshot, mergeStatsSnapshots } from '../../core/router/statsMerge';
import type { StatsSnapshot } from '../../core/router/types';
import { errorText } from '../../core/shared/errorText';
import type { Log } from '../status/log';
import type { BilledModel } from '../../core/router/ledger';
import { LEDGER_FILE, ledgerFileText, readLedgerFile } from './sharedLedger';

/** Where versions before the shared file kept one window's snapshot (the last one saved won). */
const LEGACY_STATE_KEY = 'openrouterDual.stats';
const SAVE_DELAY_MS = 1_000;
const POLL_MS = 2_000;
/** A lock not refreshed for this long was left by a window that died while holding it. */
const STALE_LOCK_MS = 10_000;
/** Retries of the last save when a window closes while another holds the lock. */
const CLOSING_RETRIES = 10;
const WRITE_ID = /^\{"writeId":"([0-9a-f-]{36})"/;

/** The file operations the store uses: node:fs, or a stand-in that fails on purpose in tests. */
export type StatsFs = Pick<
  typeof nodeFs,
  'closeSync' | 'mkdirSync' | 'openSync' | 'readFileSync' | 'readSync' | 'renameSync' | 'rmSync' | 'statSync' | 'utimesSync' | 'writeFileSync'
>;

interface SharedFile {
  /** New at every write, and first in the file: a window polls the file's first bytes for it. */
  writeId?: string;
  resetId: string;
  stats: StatsSnapshot;
}

type ReadResult = { kind: 'file'; file: SharedFile } | { kind: 'none' } | { kind: 'failed' };

export class SharedStatsStore implements vscode.Disposable {
  private readonly file: string;
  private readonly lockDir: string;
  private readonly ownerFile: string;
  private resetId: string | undefined;
  private seenWriteId: string | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly poller: ReturnType<typeof setInterval>;
  private readonly off: () => void;
  /** Set while this store applies another window's reset, so it is not sent back out. */
  private applyingRemoteReset = false;
  /** The file was written by a newer version: shown, never written, until this window is updated. */
  private readOnly = false;
  private readonly warnedAbout = new Set<string>();
  private disposed = false;
  private readonly ledgerFile: string;
  private seenLedgerWriteId: string | undefined;
  /** The ledger file was written by a newer version: shown, never written. */
  private ledgerReadOnly = false;
  /** Billed models this window told the user of (or handed to a window that did): told once. */
  private readonly told = new Set<string>();
  private readonly billedListeners = new Set<(billed: BilledModel) => void>();

  constructor(
    dir: string,
    private readonly stats: RouterStats,
    private readonly log: Log,
    private readonly legacy?: vscode.Memento,
    private readonly fs: StatsFs = nodeFs,
  ) {
    this.file = join(dir, 'statistics.json');
    this.lockDir = join(dir, 'statistics.lock');
    this.ownerFile = join(this.lockDir, 'owner');
    this.ledgerFile = join(dir, LEDGER_FILE);
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (e) {
      this.warn('store', e);
    }
    this.off = stats.onEvent((e) => {
      if (e.type === 'reset') {
        if (!this.applyingRemoteReset) this.broadcastReset();
      } else if (e.type === 'billed') {
        // At once: the other windows stop sending to it, and one of them tells the user.
        this.flush();
      } else if (e.type === 'request-end' || e.type === 'route-end' || e.type === 'cooldown') {
        this.schedule();
      }
    });
    this.poller = setInterval(() => this.refreshIfChanged(), POLL_MS);
    this.poller.unref?.();
  }

  /**
   * A model treated as free reported a cost: told once per profile, by the window whose save first
   * recorded it (or by this window at once when the shared file cannot be read or written).
   */
  onNewlyBilled(listener: (billed: BilledModel) => void): () => void {
    this.billedListeners.add(listener);
    return () => this.billedListeners.delete(listener);
  }

  /** Shows what every window saved; at the first start of this version, what the old store kept. */
  load(): void {
    if (this.disposed) return;
    this.showLedger();
    const shared = this.read();
    if (shared.kind === 'file') {
      this.show(shared.file, false);
      return;
    }
    if (shared.kind === 'failed' || this.readOnly) return;
    const old = this.legacy?.get<unknown>(LEGACY_STATE_KEY);
    if (old === undefined) return;
    const parsed = parseStatsSnapshot(old);
    if (!parsed.ok) {
      this.log.warn(`Saved statistics were not restored: ${parsed.message}`);
      return;
    }
    // Seeded once, under the lock, and only if no other window seeded it meanwhile.
    this.withLock((token) => {
      const now = this.read();
      if (now.kind === 'failed') return;
      const next = now.kind === 'file' ? now.file : { resetId: randomUUID(), stats: parsed.snapshot };
      if (now.kind === 'none') this.write(next, token);
      this.show(next, false);
    });
  }

  /** Hands this window's pending statistics over to the shared file now (or soon, when the lock is taken). */
  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const pending = this.readOnly ? undefined : this.stats.pendingSnapshot();
    const ledgerPending = this.ledgerReadOnly ? undefined : this.stats.ledger.pendingPart();
    if (!pending && !ledgerPending) return;
    const done = this.withLock((token) => {
      if (ledgerPending && !this.handOverLedger(ledgerPending, token)) return false;
      if (!pending) return true;
      const current = this.read();
      // Not "no file": the numbers are there but could not be read now. Writing this window's part
      // alone would replace every window's totals; it waits for the next save instead.
      if (current.kind === 'failed') return false;
      if (this.readOnly) return true;
      const file = current.kind === 'file' ? current.file : undefined;
      if (file && file.resetId !== this.resetId && this.resetId !== undefined) {
        // Another window reset the statistics: what this window recorded before is dropped too.
        this.show(file, false);
        return true;
      }
      const next: SharedFile = {
        resetId: file?.resetId ?? this.resetId ?? randomUUID(),
        stats: file ? mergeStatsSnapshots(file.stats, pending, this.stats.limits) : pending,
      };
      if (!this.write(next, token)) return false;
      this.show(next, true);
      return true;
    });
    if (done === 'failed') this.tellLocally();
    if (done !== true) this.retryLater();
  }

  /** Adds this window's ledger part to the shared ledger file; false (and nothing lost) when it could not. */
  private handOverLedger(pending: NonNullable<ReturnType<RouterStats['ledger']['pendingPart']>>, token: string): boolean {
    const current = readLedgerFile(this.fs, this.ledgerFile);
    if (current.kind === 'failed') {
      this.warn('ledger', current.error, 'the ledger file could not be read now; this window keeps its unsaved part and saves it later');
      this.tellLocally();
      return false;
    }
    if (current.kind === 'file' && current.newer) {
      this.ledgerReadOnly = true;
      this.stats.ledger.adopt(current.ledger, false);
      return true;
    }
    if (current.kind === 'unreadable') this.log.warn(`${current.message} It was moved aside and the ledger starts over.`);
    const known = new Set(current.kind === 'file' ? current.ledger.billed.map((b) => b.model) : []);
    const { text, ledger, writeId } = ledgerFileText(current.kind === 'file' ? current.ledger : undefined, pending, this.stats.ledger);
    if (!this.writeFile(this.ledgerFile, text, token)) return false;
    this.seenLedgerWriteId = writeId;
    this.stats.ledger.adopt(ledger, true);
    for (const b of pending.billed) if (!known.has(b.model)) this.tell(b);
    // Recorded by another window first: that window told the user.
    for (const b of pending.billed) this.told.add(b.model);
    return true;
  }

  /** The shared file is out of reach: billed models this window found are told now, not never. */
  private tellLocally(): void {
    for (const b of this.stats.ledger.pendingPart()?.billed ?? []) this.tell(b);
  }

  private tell(billed: BilledModel): void {
    if (this.told.has(billed.model)) return;
    this.told.add(billed.model);
    for (const listener of this.billedListeners) {
      try {
        listener(billed);
      } catch {
        // A failing notification must not break saving.
      }
    }
  }

  /** Shows the shared ledger (what every window saved plus this one's unsaved part). */
  private showLedger(): void {
    const current = readLedgerFile(this.fs, this.ledgerFile);
    if (current.kind === 'unreadable') this.log.warn(`${current.message} It was moved aside and the ledger starts over.`);
    if (current.kind !== 'file') return;
    if (current.newer) this.ledgerReadOnly = true;
    this.seenLedgerWriteId = current.writeId;
    for (const b of current.ledger.billed) this.told.add(b.model);
    this.stats.ledger.adopt(current.ledger, false);
  }

  /** Rereads the file when another window wrote it since this window last looked. */
  refreshIfChanged(): void {
    const ledgerId = this.headWriteId(this.ledgerFile);
    if (ledgerId !== undefined && ledgerId !== this.seenLedgerWriteId) this.showLedger();
    const id = this.headWriteId(this.file);
    if (id === undefined || id === this.seenWriteId) return;
    const shared = this.read();
    if (shared.kind === 'file') this.show(shared.file, false);
  }

  /** The write id at the start of a shared file; undefined when it cannot be read. */
  private headWriteId(file: string): string | undefined {
    // Not the modification time: two writes within one tick of the file system's clock share it.
    let head: string;
    try {
      const fd = this.fs.openSync(file, 'r');
      try {
        const buffer = Buffer.alloc(128);
        head = buffer.toString('utf8', 0, this.fs.readSync(fd, buffer, 0, buffer.length, 0));
      } finally {
        this.fs.closeSync(fd);
      }
    } catch {
      return undefined;
    }
    return WRITE_ID.exec(head)?.[1] ?? '';
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

  /** A save that could not happen now: the pending part stays, and the next save carries it. */
  private closingRetries = CLOSING_RETRIES;
  private retryLater(): void {
    if (!this.disposed) return this.schedule();
    // Closing: a few more tries, without blocking the thread, while the host lets the window go.
    if (this.closingRetries-- <= 0) return;
    setTimeout(() => this.flush(), 100);
  }

  private broadcastReset(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (this.readOnly) return;
    const done = this.withLock((token) => {
      const empty: SharedFile = { resetId: randomUUID(), stats: emptyStatsSnapshot(Date.now(), this.stats.snapshot().budget) };
      if (!this.write(empty, token)) return false;
      this.resetId = empty.resetId;
      return true;
    });
    if (done !== true && !this.disposed) setTimeout(() => this.broadcastReset(), SAVE_DELAY_MS);
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

  private read(): ReadResult {
    let text: string;
    try {
      text = this.fs.readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
      // EMFILE, EBUSY (a virus scanner), EACCES: the file is there, just not readable now.
      this.warn('read', e, 'the statistics file could not be read now; this window keeps its unsaved requests and saves them later');
      return { kind: 'failed' };
    }
    let raw: { writeId?: unknown; resetId?: unknown; stats?: unknown };
    let parsed: ReturnType<typeof parseSharedStatsSnapshot>;
    try {
      raw = JSON.parse(text) as typeof raw;
      parsed = parseSharedStatsSnapshot(raw.stats);
    } catch (e) {
      return this.unreadable(e);
    }
    if (parsed.newer && !this.readOnly) {
      this.readOnly = true;
      this.log.warn('Statistics: the shared statistics file was written by a newer version of OpenRouter Dual; this window shows what it understands and stops saving until it is updated (Extensions: update OpenRouter Dual, then reload the window).');
    }
    if (typeof raw.resetId === 'string' && parsed.ok) {
      this.seenWriteId = typeof raw.writeId === 'string' ? raw.writeId : undefined;
      return { kind: 'file', file: { resetId: raw.resetId, stats: parsed.snapshot } };
    }
    // A newer version's file this one cannot read at all is still left alone.
    if (parsed.newer) return { kind: 'failed' };
    return this.unreadable(new Error(parsed.ok ? 'no reset id' : parsed.message));
  }

  private unreadable(e: unknown): ReadResult {
    // Kept aside, not deleted, so the numbers can still be looked at; the windows start over.
    const aside = `${this.file}.unreadable-${Date.now()}`;
    try {
      this.fs.renameSync(this.file, aside);
    } catch {
      // Another window moved it first.
    }
    this.log.warn(`The saved statistics could not be read (${errorText(e)}); they were moved to ${aside} and counting starts over.`);
    return { kind: 'none' };
  }

  /** Writes the file while this window still holds the lock; false (and nothing written) when it lost it. */
  private write(shared: SharedFile, token: string): boolean {
    const writeId = randomUUID();
    if (!this.writeFile(this.file, JSON.stringify({ writeId, resetId: shared.resetId, stats: shared.stats }), token)) return false;
    this.seenWriteId = writeId;
    return true;
  }

  /** Writes `text` to a temporary name and renames it over `file`, only while this window holds the lock. */
  private writeFile(file: string, text: string, token: string): boolean {
    const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
    this.fs.writeFileSync(temp, text);
    if (!this.holds(token)) {
      this.fs.rmSync(temp, { force: true });
      this.log.warn('Statistics: another window took the statistics lock over while this one held it; this save was dropped and is tried again.');
      return false;
    }
    this.fs.renameSync(temp, file);
    return true;
  }

  /**
   * Runs `work` holding the profile-wide lock, if it can be had now: 'busy' when another window
   * holds it (never waits), 'failed' when the disk refused; otherwise what `work` returned.
   */
  private withLock<T>(work: (token: string) => T): T | 'busy' | 'failed' {
    const token = this.acquire();
    if (token === 'busy' || token === 'failed') return token;
    try {
      return work(token);
    } catch (e) {
      this.warn('store', e);
      return 'failed';
    } finally {
      this.release(token);
    }
  }

  private acquire(): string | 'busy' | 'failed' {
    const token = randomUUID();
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        this.fs.mkdirSync(this.lockDir);
        this.fs.writeFileSync(this.ownerFile, token);
        return token;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
          this.warn('store', e);
          return 'failed';
        }
      }
      if (!this.takeOverStale(token)) return 'busy';
    }
    return 'busy';
  }

  /** A lock not refreshed for STALE_LOCK_MS belonged to a window that died: moved away atomically, then removed. */
  private takeOverStale(token: string): boolean {
    try {
      if (Date.now() - this.fs.statSync(this.lockDir).mtimeMs <= STALE_LOCK_MS) return false;
      // A rename, so of two windows taking it over at once only one succeeds.
      const away = `${this.lockDir}.stale-${token}`;
      this.fs.renameSync(this.lockDir, away);
      this.fs.rmSync(away, { recursive: true, force: true });
      return true;
    } catch {
      // Released or taken over by another window meanwhile: try again.
      return true;
    }
  }

  /** True while the lock is this token's; refreshes it, so no other window takes it over as stale. */
  private holds(token: string): boolean {
    try {
      if (this.fs.readFileSync(this.ownerFile, 'utf8') !== token) return false;
      const now = new Date();
      this.fs.utimesSync(this.lockDir, now, now);
      return true;
    } catch {
      return false;
    }
  }

  /** Removes the lock only when it is still this token's. */
  private release(token: string): void {
    try {
      if (this.fs.readFileSync(this.ownerFile, 'utf8') !== token) return;
      const away = `${this.lockDir}.released-${token}`;
      this.fs.renameSync(this.lockDir, away);
      this.fs.rmSync(away, { recursive: true, force: true });
    } catch {
      // Taken over as stale by another window: nothing of ours to release.
    }
  }

  /** One warning per kind of trouble, saying what this window does about it. */
  private warn(what: 'store' | 'read' | 'ledger', e: unknown, consequence = 'this window shows its own requests only'): void {
    if (this.warnedAbout.has(what)) return;
    this.warnedAbout.add(what);
    this.log.warn(`Statistics: the store shared with other windows is not available (${errorText(e)}); ${consequence}.`);
  }
}
