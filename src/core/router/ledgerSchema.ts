// The schema of the ledger file the windows of a profile share. A file that does not fit is refused
// whole, with a reason (the store keeps it aside), never half-applied.
import * as z from 'zod';
import { lazy } from '../lazy';
import type { LedgerSnapshot } from './ledger';

const count = lazy(() => z.number().int().min(0));
const usd = lazy(() => z.number().finite().min(0));

export const ledgerSchema = lazy(() => z.object({
  days: z.array(z.object({
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    models: z.array(z.object({ model: z.string().min(1).max(300), requests: count, promptTokens: count, completionTokens: count, cost: usd })).max(10_000),
  })).max(1_000),
  billed: z.array(z.object({ model: z.string().min(1).max(300), cost: usd, at: z.number().finite() })).max(10_000),
}));

/** What GET /key said, as the settings page is sent it. */
export const accountUsageSchema = lazy(() => z.object({
  usageDaily: usd.optional(),
  limitRemaining: z.number().finite().nullable(),
  freeRequests: z.object({ limit: count, remaining: count, used: count }).optional(),
  at: z.number().finite(),
}));

export function parseLedger(value: unknown): { ok: true; ledger: LedgerSnapshot } | { ok: false; message: string } {
  const parsed = ledgerSchema.safeParse(value);
  if (parsed.success) return { ok: true, ledger: parsed.data };
  const first = parsed.error.issues[0];
  const where = first && first.path.length ? ` at ${first.path.join('.')}` : '';
  return { ok: false, message: `The saved ledger is not readable${where}: ${first?.message ?? 'invalid'}.` };
}
