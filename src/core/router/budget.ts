// The account-wide free-tier budget: OpenRouter counts every request to any `:free` model, from
// any key of the account, against 20 per minute and 50 (or 1000) per UTC day. Refusing locally
// before a request we know will be refused saves the user a 429 and keeps the day's count honest.
import type { FreeTierWindow, RateLimitInfo } from '../providers/errors';
import type { BudgetSnapshot, Clock } from './types';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

export interface BudgetLimits {
  perMinute: number;
  perDay: number;
}

export interface BudgetRefusal {
  window: FreeTierWindow;
  limit: number;
  /** Epoch ms when a request would be accepted again. */
  retryAt: number;
  /** OpenRouter said so in a 429, rather than the local count. */
  server?: boolean;
}

/** The daily limit OpenRouter reported in a 429, in force until `until`. */
interface ServerDayClose {
  until: number;
  limit: number;
}

/**
 * One window's part of the account's budget, as it shares it with the other windows of the
 * profile: each window publishes only its own part, and every window counts the union.
 */
export interface SharedBudgetPart {
  /** Start times of this window's free requests of the current UTC day (epoch ms). */
  day: number[];
  /** This window's minute window, including slots OpenRouter filled with a per-minute 429. */
  minute: number[];
  /** OpenRouter's daily close as this window heard it, if any. */
  dayClosed?: ServerDayClose;
}

/** Where a budget finds the other windows' parts and tells them about its own. */
export interface SharedCounterStore {
  /** The parts of every other window of the profile (not this one's). */
  others(): readonly SharedBudgetPart[];
  /** This window's part changed: publish it (without overwriting any other window's part). */
  publish(part: SharedBudgetPart): void;
}

export function nextUtcMidnight(now: number): number {
  return Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
}

export const DEFAULT_BUDGET_LIMITS: BudgetLimits = { perMinute: 20, perDay: 50 };

/**
 * OpenRouter's daily free-tier limit for an account: 1000 once it bought credits (GET /key says
 * `is_free_tier: false`), 50 before.
 */
export function accountDailyLimit(isFreeTier: boolean): number {
  return isFreeTier ? DEFAULT_BUDGET_LIMITS.perDay : 1000;
}

export class FreeTierBudget {
  /** Start times of the requests in the last minute, oldest first; never longer than the limit. */
  private minute: number[] = [];
  private dayUsed = 0;
  private dayResetAt: number;
  /** Every free model is closed until then: OpenRouter answered a free-models-per-day 429. */
  private dayClosed: ServerDayClose | undefined;
  /** The minute window is full until then because OpenRouter said so (a free-models-per-min 429). */
  private minuteServerUntil = 0;
  /** Start times of this window's requests counted today, for the other windows (shared mode only). */
  private daySlots: number[] = [];
  private store: SharedCounterStore | undefined;

  /** `limits` is read at every use, so a settings change applies at once. */
  constructor(
    private readonly clock: Clock,
    private readonly readLimits: () => BudgetLimits = () => DEFAULT_BUDGET_LIMITS,
  ) {
    this.dayResetAt = nextUtcMidnight(clock());
  }

  /**
   * Counts the other windows' requests too, from now on, and publishes this window's. The count
   * restored from this window's own snapshot is dropped: the store holds it (no double count).
   */
  share(store: SharedCounterStore): void {
    this.store = store;
    this.dayUsed = this.daySlots.length;
    this.publish();
  }

  /** The other windows' parts that still count at `now`. */
  private othersAt(now: number): { minute: number[]; dayUsed: number; dayClosed?: ServerDayClose } {
    const minute: number[] = [];
    let dayUsed = 0;
    let dayClosed: ServerDayClose | undefined;
    const dayStart = this.dayResetAt - DAY_MS;
    for (const part of this.store?.others() ?? []) {
      for (const t of part.minute) if (t > now - MINUTE_MS) minute.push(t);
      for (const t of part.day) if (t >= dayStart && t < this.dayResetAt) dayUsed++;
      if (part.dayClosed && part.dayClosed.until > now && (!dayClosed || part.dayClosed.until > dayClosed.until)) dayClosed = part.dayClosed;
    }
    return { minute, dayUsed, dayClosed };
  }

  /** This window's own state merged with the other windows'. */
  private merged(now: number): { minute: number[]; dayUsed: number; dayClosed?: ServerDayClose } {
    if (!this.store) return { minute: this.minute, dayUsed: this.dayUsed, dayClosed: this.dayClosed };
    const others = this.othersAt(now);
    const own = this.dayClosed;
    return {
      minute: [...this.minute, ...others.minute].sort((a, b) => a - b),
      dayUsed: this.dayUsed + others.dayUsed,
      dayClosed: own && others.dayClosed ? (own.until >= others.dayClosed.until ? own : others.dayClosed) : (own ?? others.dayClosed),
    };
  }

  private publish(): void {
    this.store?.publish({ day: [...this.daySlots], minute: [...this.minute], ...(this.dayClosed ? { dayClosed: { ...this.dayClosed } } : {}) });
  }

  private get limits(): BudgetLimits {
    const l = this.readLimits();
    return { perMinute: Math.max(1, Math.floor(l.perMinute) || 1), perDay: Math.max(1, Math.floor(l.perDay) || 1) };
  }

  /** Why a request now would be refused, or undefined when it would be accepted. Spends nothing. */
  check(): BudgetRefusal | undefined {
    const now = this.clock();
    const limits = this.limits;
    this.roll(now, limits);
    const { minute, dayUsed, dayClosed } = this.merged(now);
    if (dayClosed) return { window: 'day', limit: dayClosed.limit, retryAt: dayClosed.until, server: true };
    if (dayUsed >= limits.perDay) {
      return { window: 'day', limit: limits.perDay, retryAt: this.dayResetAt };
    }
    if (minute.length >= limits.perMinute) {
      const retryAt = minute[minute.length - limits.perMinute] + MINUTE_MS;
      return { window: 'minute', limit: limits.perMinute, retryAt, ...(retryAt <= this.minuteServerUntil ? { server: true } : {}) };
    }
    return undefined;
  }

  /**
   * Spends one request, counted at `now`, when the budget allows it; otherwise spends nothing and
   * says why. The caller keeps `now` to give the slot back (`release`): the same value, not a later
   * reading of the clock, or nothing is given back.
   */
  tryAcquire(now: number = this.clock()): BudgetRefusal | undefined {
    const refusal = this.check();
    if (refusal) return refusal;
    this.minute.push(now);
    this.dayUsed++;
    if (this.store) {
      this.daySlots.push(now);
      this.publish();
    }
    return undefined;
  }

  /**
   * Gives back a request spent at `at` that was never sent (the caller cancelled or stopped
   * reading before it went out), so the count stays what OpenRouter saw.
   */
  release(at: number): void {
    const i = this.minute.lastIndexOf(at);
    if (i < 0) return;
    this.minute.splice(i, 1);
    if (at < this.dayResetAt && at >= this.dayResetAt - DAY_MS && this.dayUsed > 0) this.dayUsed--;
    const j = this.daySlots.lastIndexOf(at);
    if (j >= 0) this.daySlots.splice(j, 1);
    this.publish();
  }

  /**
   * OpenRouter refused a free-model request for an account-wide limit, so the count here was behind
   * (other clients, other keys of the account). A per-minute 429 fills the minute window until its
   * reset; a per-day 429 closes every free model until its reset (the next UTC midnight when the
   * answer does not say).
   */
  serverLimit(window: FreeTierWindow, info: RateLimitInfo | undefined): void {
    const now = this.clock();
    const limits = this.limits;
    this.roll(now, limits);
    if (window === 'minute') {
      const until = Math.min(Math.max(info?.resetAt ?? now + MINUTE_MS, now), now + MINUTE_MS);
      // Slots that free up at `until`: none of the counted requests may free one earlier.
      const at = until - MINUTE_MS;
      const minute = this.minute.slice(-limits.perMinute).map((t) => Math.max(t, at));
      while (minute.length < limits.perMinute) minute.push(at);
      this.minute = minute.sort((a, b) => a - b);
      this.minuteServerUntil = Math.max(this.minuteServerUntil, until);
      this.publish();
      return;
    }
    const reset = info?.resetAt !== undefined && info.resetAt > now ? Math.min(info.resetAt, now + DAY_MS) : this.dayResetAt;
    const limit = info?.limit !== undefined && info.limit > 0 ? Math.floor(info.limit) : limits.perDay;
    this.dayClosed = { until: Math.max(reset, this.dayClosed?.until ?? 0), limit };
    this.dayUsed = Math.max(this.dayUsed, limit - Math.max(0, info?.remaining ?? 0));
    this.publish();
  }

  snapshot(): BudgetSnapshot {
    const now = this.clock();
    const limits = this.limits;
    this.roll(now, limits);
    const { minute, dayUsed, dayClosed: closed } = this.merged(now);
    const full = minute.length >= limits.perMinute;
    return {
      minuteUsed: minute.length,
      minuteLimit: limits.perMinute,
      dayUsed: closed ? Math.max(dayUsed, closed.limit) : dayUsed,
      dayLimit: closed ? closed.limit : limits.perDay,
      minuteResetAt: full ? minute[minute.length - limits.perMinute] + MINUTE_MS : undefined,
      dayResetAt: this.dayResetAt,
      ...(closed ? { dayClosedUntil: closed.until } : {}),
    };
  }

  /**
   * Brings back the count from a snapshot taken at `at` (after a reload). The day's count only
   * applies on the same UTC day; the minute's requests are assumed to have started at `at`, the
   * conservative reading since their exact times are not kept.
   */
  restore(snapshot: BudgetSnapshot, at: number): void {
    // Shared: every window's requests are in the store already; a snapshot would count them twice.
    if (this.store) return;
    const now = this.clock();
    this.minute = [];
    this.dayUsed = 0;
    this.dayResetAt = nextUtcMidnight(now);
    this.dayClosed = undefined;
    if (snapshot.dayResetAt === this.dayResetAt) this.dayUsed = Math.max(0, Math.floor(snapshot.dayUsed));
    if (snapshot.dayClosedUntil !== undefined && snapshot.dayClosedUntil > now) {
      this.dayClosed = { until: snapshot.dayClosedUntil, limit: Math.max(1, Math.floor(snapshot.dayLimit)) };
    }
    if (now - at < MINUTE_MS) {
      const n = Math.min(Math.max(0, Math.floor(snapshot.minuteUsed)), 10_000);
      for (let i = 0; i < n; i++) this.minute.push(at);
    }
  }

  reset(): void {
    this.minute = [];
    this.dayUsed = 0;
    this.daySlots = [];
    this.dayResetAt = nextUtcMidnight(this.clock());
    this.dayClosed = undefined;
    this.publish();
  }

  private roll(now: number, limits: BudgetLimits): void {
    if (this.dayClosed && now >= this.dayClosed.until) {
      // OpenRouter's day reopened: its count starts again, whatever the local count said.
      this.dayClosed = undefined;
      this.dayUsed = 0;
      this.daySlots = [];
      this.dayResetAt = nextUtcMidnight(now);
    }
    if (now >= this.dayResetAt) {
      this.dayUsed = 0;
      this.daySlots = [];
      this.dayResetAt = nextUtcMidnight(now);
    }
    let drop = 0;
    while (drop < this.minute.length && this.minute[drop] <= now - MINUTE_MS) drop++;
    if (drop > 0) this.minute.splice(0, drop);
    // A lowered limit must not leave more entries than needed to decide the next refusal.
    if (this.minute.length > limits.perMinute) this.minute.splice(0, this.minute.length - limits.perMinute);
  }
}
