// What was spent, per UTC day and model: requests, prompt and completion tokens, and the cost
// OpenRouter reported (`usage.cost`). Also the models that reported a cost while the extension
// treated them as free: from then on they count as paid. Bounded: the last `days` days, at most
// `modelsPerDay` models a day (the rest are summed under OTHER_MODELS, so a day's totals stay
// whole), and the last `billed` billed models. Pure data and functions plus one small class; the
// host's shared store adds one window's pending part to the profile's file under its lock.
import type { Usage } from '../providers/types';
import type { Clock } from './types';

export interface LedgerEntry {
  model: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  /** USD, as reported; 0 when no answer reported a cost. */
  cost: number;
}

export interface LedgerDay {
  /** UTC date, `YYYY-MM-DD`: OpenRouter's free-tier day ends at UTC midnight. */
  day: string;
  models: LedgerEntry[];
}

/** A model the extension treated as free whose answer reported a cost above zero. */
export interface BilledModel {
  model: string;
  /** The first cost reported, USD. */
  cost: number;
  at: number;
}

export interface LedgerSnapshot {
  /** Oldest first. */
  days: LedgerDay[];
  billed: BilledModel[];
}

export interface LedgerLimits {
  days: number;
  modelsPerDay: number;
  billed: number;
}

export const DEFAULT_LEDGER_LIMITS: LedgerLimits = { days: 30, modelsPerDay: 100, billed: 200 };
/** Where the models past `modelsPerDay` are summed. */
export const OTHER_MODELS = '(other models)';
const DAY_MS = 86_400_000;

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function emptyLedger(): LedgerSnapshot {
  return { days: [], billed: [] };
}

export function isEmptyLedger(ledger: LedgerSnapshot): boolean {
  return ledger.days.length === 0 && ledger.billed.length === 0;
}

/** The totals of one day over its models (zeros for a day with nothing recorded). */
export function dayTotals(ledger: LedgerSnapshot, day: string): Omit<LedgerEntry, 'model'> & { models: LedgerEntry[] } {
  const models = ledger.days.find((d) => d.day === day)?.models ?? [];
  const sum = (pick: (e: LedgerEntry) => number) => models.reduce((n, e) => n + pick(e), 0);
  return {
    requests: sum((e) => e.requests),
    promptTokens: sum((e) => e.promptTokens),
    completionTokens: sum((e) => e.completionTokens),
    cost: sum((e) => e.cost),
    models,
  };
}

function addEntry(into: LedgerEntry, from: Omit<LedgerEntry, 'model'>): void {
  into.requests += from.requests;
  into.promptTokens += from.promptTokens;
  into.completionTokens += from.completionTokens;
  into.cost += from.cost;
}

/** Adds one request to `model` on the day of `at` (mutates `ledger`), then keeps the bounds. */
export function recordRequest(ledger: LedgerSnapshot, at: number, model: string, usage: Usage | undefined, limits: LedgerLimits): void {
  const day = utcDay(at);
  let entry = ledger.days.find((d) => d.day === day);
  if (!entry) {
    entry = { day, models: [] };
    ledger.days.push(entry);
    ledger.days.sort((a, b) => (a.day < b.day ? -1 : 1));
  }
  let row = entry.models.find((m) => m.model === model);
  if (!row) {
    row = { model, requests: 0, promptTokens: 0, completionTokens: 0, cost: 0 };
    entry.models.push(row);
  }
  addEntry(row, {
    requests: 1,
    promptTokens: usage?.promptTokens ?? 0,
    completionTokens: usage?.completionTokens ?? 0,
    // A negative or non-finite figure is not a cost anyone was charged.
    cost: usage?.cost !== undefined && Number.isFinite(usage.cost) && usage.cost > 0 ? usage.cost : 0,
  });
  boundLedger(ledger, at, limits);
}

/** Drops days older than the bound (counted back from `now`), folds extra models, keeps the newest billed. */
export function boundLedger(ledger: LedgerSnapshot, now: number, limits: LedgerLimits): void {
  const oldest = utcDay(now - (limits.days - 1) * DAY_MS);
  ledger.days = ledger.days.filter((d) => d.day >= oldest);
  for (const d of ledger.days) d.models = foldModels(d.models, limits.modelsPerDay);
  if (ledger.billed.length > limits.billed) ledger.billed = ledger.billed.slice(-limits.billed);
}

/** At most `max` rows: the ones with most requests, the rest summed under OTHER_MODELS. */
function foldModels(models: LedgerEntry[], max: number): LedgerEntry[] {
  if (models.length <= max) return models;
  const ranked = [...models].sort((a, b) => (a.model === OTHER_MODELS ? 1 : b.model === OTHER_MODELS ? -1 : b.requests - a.requests));
  const kept = ranked.slice(0, Math.max(0, max - 1));
  const other: LedgerEntry = { model: OTHER_MODELS, requests: 0, promptTokens: 0, completionTokens: 0, cost: 0 };
  for (const m of ranked.slice(kept.length)) addEntry(other, m);
  return [...kept, other];
}

/** `base` plus `newer`: every request of both, per day and model; billed models of either (the earlier record kept). */
export function mergeLedgers(base: LedgerSnapshot, newer: LedgerSnapshot, now: number, limits: LedgerLimits): LedgerSnapshot {
  const days = new Map<string, Map<string, LedgerEntry>>();
  for (const d of [...base.days, ...newer.days]) {
    let rows = days.get(d.day);
    if (!rows) days.set(d.day, (rows = new Map()));
    for (const m of d.models) {
      const row = rows.get(m.model);
      if (row) addEntry(row, m);
      else rows.set(m.model, { ...m });
    }
  }
  const billed = new Map<string, BilledModel>();
  for (const b of [...base.billed, ...newer.billed]) if (!billed.has(b.model)) billed.set(b.model, { ...b });
  const merged: LedgerSnapshot = {
    days: [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, rows]) => ({ day, models: [...rows.values()] })),
    billed: [...billed.values()].sort((a, b) => a.at - b.at),
  };
  boundLedger(merged, now, limits);
  return merged;
}

function copy(ledger: LedgerSnapshot): LedgerSnapshot {
  return { days: ledger.days.map((d) => ({ day: d.day, models: d.models.map((m) => ({ ...m })) })), billed: ledger.billed.map((b) => ({ ...b })) };
}

/**
 * One window's ledger: what every window saved (`adopt`) plus what this one recorded since its
 * last hand-over (`pendingPart`), the same scheme as the statistics.
 */
export class SpendLedger {
  private shown = emptyLedger();
  private pending = emptyLedger();
  private billedIds = new Set<string>();

  constructor(
    private readonly clock: Clock,
    readonly limits: LedgerLimits = DEFAULT_LEDGER_LIMITS,
  ) {}

  record(model: string, usage: Usage | undefined): void {
    const now = this.clock();
    recordRequest(this.shown, now, model, usage, this.limits);
    recordRequest(this.pending, now, model, usage, this.limits);
  }

  /** Records that `model`, treated as free, reported `cost`; true when no window knew it yet. */
  markBilled(model: string, cost: number): boolean {
    if (this.billedIds.has(model)) return false;
    const record = { model, cost, at: this.clock() };
    this.shown.billed.push(record);
    this.pending.billed.push({ ...record });
    this.billedIds.add(model);
    return true;
  }

  isBilled(model: string): boolean {
    return this.billedIds.has(model);
  }

  /** The ledger as shown, not copied: for a quick read (the status bar after each request), never to change. */
  get current(): Readonly<LedgerSnapshot> {
    return this.shown;
  }

  snapshot(): LedgerSnapshot {
    boundLedger(this.shown, this.clock(), this.limits);
    return copy(this.shown);
  }

  /** What this window recorded since it last handed its part over, or undefined when nothing. */
  pendingPart(): LedgerSnapshot | undefined {
    return isEmptyLedger(this.pending) ? undefined : copy(this.pending);
  }

  /** Shows what every window saved; `handedOver`: it includes this window's pending part, which starts over. */
  adopt(shared: LedgerSnapshot, handedOver: boolean): void {
    if (handedOver) this.pending = emptyLedger();
    const now = this.clock();
    this.shown = mergeLedgers(shared, this.pending, now, this.limits);
    this.billedIds = new Set(this.shown.billed.map((b) => b.model));
  }
}

/** What `GET /key` said at its last check (see providers/keyInfo.ts). */
export interface AccountUsage {
  /** USD this key spent today (UTC), `usage_daily`. */
  usageDaily?: number;
  /** USD left on the key's credit limit; null when it has none. */
  limitRemaining: number | null;
  /** The account's free-model requests today, `free_model_daily_requests`. */
  freeRequests?: { limit: number; remaining: number; used: number };
  /** When it was asked (epoch ms). */
  at: number;
}

/** Today as the user is shown it: the ledger's day, the free requests left, and the account's word. */
export interface DaySpend {
  day: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  cost: number;
  /** Free-tier requests left today by the router's budget (0 while OpenRouter's daily limit closes them). */
  freeLeft: number;
  freeLimit: number;
  account?: AccountUsage;
  /** Models that billed although treated as free. */
  billed: string[];
}

export function todaySpend(
  ledger: LedgerSnapshot,
  budget: { dayUsed: number; dayLimit: number; dayClosedUntil?: number },
  now: number,
  account?: AccountUsage,
): DaySpend {
  const day = utcDay(now);
  const { requests, promptTokens, completionTokens, cost } = dayTotals(ledger, day);
  const closed = (budget.dayClosedUntil ?? 0) > now;
  // The account's counter is of the same UTC day only when it was read today.
  const sameDay = account && utcDay(account.at) === day ? account : account && { ...account, usageDaily: undefined, freeRequests: undefined };
  return {
    day,
    requests,
    promptTokens,
    completionTokens,
    cost,
    freeLeft: closed ? 0 : Math.max(0, budget.dayLimit - budget.dayUsed),
    freeLimit: budget.dayLimit,
    ...(sameDay ? { account: sameDay } : {}),
    billed: ledger.billed.map((b) => b.model),
  };
}
