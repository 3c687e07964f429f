// The one schema of a statistics snapshot. It validates a snapshot read back from the host's
// storage before it replaces anything (a corrupted or older entry is refused whole, with a reason,
// never half-applied), and the settings page's protocol sends the same shape without raw samples.
import * as z from 'zod';
import { lazy } from '../lazy';
import { FAILURE_KINDS, failureKindSchema } from '../shared/errorKinds';
import { optionalMeasure } from '../shared/measure';
import type { StatsSnapshot } from './types';
import { accountUsageSchema, ledgerSchema } from './ledgerSchema';

/** Longer error messages are cut when recorded, so a snapshot always fits its schema. */
export const MAX_ERROR_MESSAGE = 2000;

const count = lazy(() => z.number().int().min(0));
const ms = lazy(() => z.number().finite());
const samples = lazy(() => z.array(z.number().finite()).max(10_000));
/** A measurement that may be missing (see optionalMeasure). */
const metric = lazy(() => optionalMeasure(ms));
const latency = lazy(() => z.object({ median: metric, p95: metric }));

export const modelStatsSchema = lazy(() => z.object({
  model: z.string().min(1).max(300),
  requests: count,
  successes: count,
  failures: z.partialRecord(failureKindSchema, count),
  inFlight: count,
  ttftMs: latency,
  totalMs: latency,
  tokensPerSecond: metric,
  loadShare: z.number().min(0).max(1),
  lastError: z.object({ kind: failureKindSchema, message: z.string().max(MAX_ERROR_MESSAGE), at: ms }).optional(),
  cooldownUntil: ms.optional(),
  cooldownWhy: z.enum(['stated', 'gone', 'failure_rate']).optional(),
  cooldownKind: failureKindSchema.optional(),
  recentLatencyMs: samples,
  samples: z
    .object({
      ttftMs: samples,
      totalMs: samples,
      tokensPerSecond: samples,
      outcomes: samples,
      recent: z.object({ value: z.number().min(0), at: ms }),
    })
    .optional(),
}));

export const statsSnapshotSchema = lazy(() => z.object({
  version: z.literal(1),
  at: ms,
  totals: z.object({ requests: count, successes: count, failures: count }),
  routes: z.object({ answered: count, failed: count, cancelled: count }).optional(),
  gatewayRoutes: z.object({ answered: count, failed: count, cancelled: count }).optional(),
  models: z.array(modelStatsSchema).max(10_000),
  budget: z.object({
    minuteUsed: count,
    minuteLimit: count,
    dayUsed: count,
    dayLimit: count,
    minuteResetAt: ms.optional(),
    dayResetAt: ms,
    dayClosedUntil: ms.optional(),
  }),
  // Shown, never saved with the statistics: the ledger has its own file, the account is GET /key's.
  ledger: ledgerSchema.optional(),
  account: accountUsageSchema.optional(),
}));

export function parseStatsSnapshot(value: unknown): { ok: true; snapshot: StatsSnapshot } | { ok: false; message: string } {
  const parsed = statsSnapshotSchema.safeParse(value);
  if (parsed.success) return { ok: true, snapshot: parsed.data };
  const first = parsed.error.issues[0];
  const where = first && first.path.length ? ` at ${first.path.join('.')}` : '';
  return { ok: false, message: `The saved router statistics are not readable${where}: ${first?.message ?? 'invalid'}.` };
}

/** The snapshot version this build writes. */
export const STATS_SNAPSHOT_VERSION = 1;

/**
 * A snapshot another version may have written: what this version understands is read (failure
 * kinds it does not know and their last errors are left out), and `newer` says the file holds more
 * than that, so this window must not write it back (it would drop what it did not understand).
 */
export function parseSharedStatsSnapshot(value: unknown): { ok: true; snapshot: StatsSnapshot; newer: boolean } | { ok: false; newer: boolean; message: string } {
  const raw = isRecord(value) ? value : {};
  const version = typeof raw.version === 'number' ? raw.version : STATS_SNAPSHOT_VERSION;
  let newer = version > STATS_SNAPSHOT_VERSION;
  const known = new Set<string>(FAILURE_KINDS);
  const models = Array.isArray(raw.models)
    ? raw.models.map((m: unknown) => {
        if (!isRecord(m)) return m;
        const failures = isRecord(m.failures) ? Object.fromEntries(Object.entries(m.failures).filter(([kind]) => known.has(kind) || !(newer = true))) : m.failures;
        const lastError = isRecord(m.lastError) && typeof m.lastError.kind === 'string' && !known.has(m.lastError.kind) ? ((newer = true), undefined) : m.lastError;
        return { ...m, failures, lastError };
      })
    : raw.models;
  const parsed = parseStatsSnapshot(isRecord(value) ? { ...raw, version: newer ? STATS_SNAPSHOT_VERSION : raw.version, models } : value);
  return parsed.ok ? { ...parsed, newer } : { ...parsed, newer };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// The router's StatsSnapshot must always fit the schema; this fails to compile if they drift.
type Assignable<T extends U, U> = T;
/** @public A compile-time check, used by nothing at run time. */
export type StatsSnapshotFitsSchema = Assignable<StatsSnapshot, z.input<typeof statsSnapshotSchema>>;
