// The ledger file every window of the profile shares (`ledger.json` in global storage, next to the
// statistics). SharedStatsStore reads it and adds a window's pending part to it under its lock;
// this file says what the file looks like and how it is read. Only "no such file" means there is no
// ledger yet; any other read error is a failure to retry. A file this version cannot parse is moved
// aside (kept for a look), and one a newer version wrote is shown but never written over.
import { randomUUID } from 'node:crypto';
import { emptyLedger, mergeLedgers, type LedgerSnapshot, type SpendLedger } from '../../core/router/ledger';
import { parseLedger } from '../../core/router/ledgerSchema';
import { errorText } from '../../core/shared/errorText';
import type * as nodeFs from 'node:fs';

export const LEDGER_FILE = 'ledger.json';
/** The ledger file format this build writes. */
const LEDGER_VERSION = 1;

export type LedgerRead =
  | { kind: 'file'; ledger: LedgerSnapshot; writeId: string; newer: boolean }
  | { kind: 'none' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'unreadable'; message: string };

export function readLedgerFile(fs: Pick<typeof nodeFs, 'readFileSync' | 'renameSync'>, file: string): LedgerRead {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return { kind: 'failed', error: e };
  }
  let message: string;
  try {
    const raw = JSON.parse(text) as { writeId?: unknown; version?: unknown; ledger?: unknown };
    const newer = typeof raw.version === 'number' && raw.version > LEDGER_VERSION;
    const parsed = parseLedger(raw.ledger);
    if (parsed.ok) return { kind: 'file', ledger: parsed.ledger, writeId: typeof raw.writeId === 'string' ? raw.writeId : '', newer };
    // A newer version's ledger this one cannot read is left alone.
    if (newer) return { kind: 'failed', error: new Error('written by a newer version') };
    message = parsed.message;
  } catch (e) {
    message = `The saved ledger is not readable (${errorText(e)}).`;
  }
  const aside = `${file}.unreadable-${Date.now()}`;
  try {
    fs.renameSync(file, aside);
  } catch {
    // Another window moved it first.
  }
  return { kind: 'unreadable', message: `Ledger: ${message}` };
}

/** The file's next text: `current` plus this window's `pending` part, bounded; the write id comes first (see refreshIfChanged). */
export function ledgerFileText(current: LedgerSnapshot | undefined, pending: LedgerSnapshot, own: Pick<SpendLedger, 'limits'>, now = Date.now()): { text: string; ledger: LedgerSnapshot; writeId: string } {
  const ledger = mergeLedgers(current ?? emptyLedger(), pending, now, own.limits);
  const writeId = randomUUID();
  return { text: JSON.stringify({ writeId, version: LEDGER_VERSION, ledger }), ledger, writeId };
}
