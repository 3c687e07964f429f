// Validates a statistics snapshot read back from the host's storage before it replaces anything:
// a corrupted or older entry must be refused whole, with a reason, never half-applied.
import * as z from 'zod';
import { lazy } from '../lazy';
import type { StatsSnapshot } from './types';

const count = lazy(() => z.number().int().min(0));
const ms = lazy(() => z.number().finite());
const samples = lazy(() => z.array(z.number().finite()).max(10_000));

const failureKind = lazy(() => z.enum([
  'auth', 'payment', 'forbidden', 'not_found', 'bad_request', 'rate_limited', 'timeout', 'upstream',
  'network', 'cancelled', 'stream_error', 'budget_exhausted', 'all_cooling_down', 'no_models',
]));

const modelSchema = lazy(() => z.object({
  model: z.string().min(1).max(300),
  requests: count,
  successes: count,
  failures: z.partialRecord(failureKind, count),
  inFlight: count,
  ttftMs: z.object({ median: ms.optional(), p95: ms.optional() }),
  totalMs: z.object({ median: ms.optional(), p95: ms.optional() }),
  tokensPerSecond: ms.optional(),
  loadShare: z.number().min(0).max(1),
  lastError: z.object({ kind: failureKind, message: z.string().max(2000), at: ms }).optional(),
  cooldownUntil: ms.optional(),
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
  models: z.array(modelSchema).max(10_000),
  budget: z.object({
    minuteUsed: count,
    minuteLimit: count,
    dayUsed: count,
    dayLimit: count,
    minuteResetAt: ms.optional(),
    dayResetAt: ms,
  }),
}));

export function parseStatsSnapshot(value: unknown): { ok: true; snapshot: StatsSnapshot } | { ok: false; message: string } {
  const parsed = statsSnapshotSchema.safeParse(value);
  if (parsed.success) return { ok: true, snapshot: parsed.data };
  const first = parsed.error.issues[0];
  const where = first && first.path.length ? ` at ${first.path.join('.')}` : '';
  return { ok: false, message: `The saved router statistics are not readable${where}: ${first?.message ?? 'invalid'}.` };
}
