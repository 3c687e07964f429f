// Models OpenRouter said are gone for this user for good (`free_variant_ended`, `model_deprecated`):
// never sent a request again, and the user is told once, with the free replacements OpenRouter
// suggested. A cooldown would try the model again after a while and tell nobody; this registry is
// what the router skips by, and what the host persists (every window, across reloads) and announces.
// Bounded in size and in time: a model that returns a month later gets one request to say so.
import type { Availability } from '../providers/availability';

/** The availability codes after which a model will never answer this user again. */
export const ENDED_CODES = ['free_variant_ended', 'model_deprecated'] as const;
export type EndedCode = (typeof ENDED_CODES)[number];

/** Entries kept at most; the oldest go first. */
export const MAX_ENDED_MODELS = 256;
/** How long an end is believed before one request may find out again. */
export const ENDED_TTL_MS = 30 * 86_400_000;
/** Replacements offered at most (a notification has room for a few buttons). */
export const MAX_REPLACEMENTS = 3;

export interface EndedModel {
  model: string;
  code: EndedCode;
  /** Epoch ms when OpenRouter said so. */
  at: number;
  /** Free models OpenRouter suggested instead, not enabled yet and not ended themselves, best first. */
  replacements: string[];
}

export function isEndedCode(code: string | undefined): code is EndedCode {
  return (ENDED_CODES as readonly string[]).includes(code ?? '');
}

/**
 * The free entries of OpenRouter's `fallback_models`, never a paid one (a replacement the user enables
 * with one click must not cost money), without the models already enabled or known to have ended.
 */
export function freeReplacements(
  availability: Pick<Availability, 'fallbackModels'>,
  isFree: (id: string) => boolean,
  excluded: (id: string) => boolean,
): string[] {
  const out: string[] = [];
  for (const id of availability.fallbackModels) {
    if (out.length >= MAX_REPLACEMENTS) break;
    if (id && !out.includes(id) && isFree(id) && !excluded(id)) out.push(id);
  }
  return out;
}

export class EndedModels {
  // Insertion order is age order.
  private readonly byModel = new Map<string, EndedModel>();
  private readonly listeners = new Set<(ended: EndedModel) => void>();

  constructor(
    private readonly ttlMs = ENDED_TTL_MS,
    private readonly max = MAX_ENDED_MODELS,
  ) {}

  /**
   * Records that `entry.model` ended. Returns true, and tells the listeners (the host's notice), only
   * when it was not known yet: a second request or a concurrent one meeting the same answer is silent.
   */
  learn(entry: EndedModel, now: number): boolean {
    if (this.has(entry.model, now)) return false;
    this.put(entry);
    for (const listener of [...this.listeners]) listener(entry);
    return true;
  }

  /** Ends another window (or an earlier session) recorded: skipped from now on, nobody told again. */
  restore(entries: readonly EndedModel[], now: number): void {
    for (const entry of entries) if (now - entry.at < this.ttlMs && !this.has(entry.model, now)) this.put(entry);
  }

  has(model: string, now: number): boolean {
    return this.get(model, now) !== undefined;
  }

  get(model: string, now: number): EndedModel | undefined {
    const entry = this.byModel.get(model);
    if (entry && now - entry.at >= this.ttlMs) {
      this.byModel.delete(model);
      return undefined;
    }
    return entry;
  }

  /** Told of each end this window learns first; returns the unsubscribe. */
  onDidEnd(listener: (ended: EndedModel) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.byModel.size;
  }

  private put(entry: EndedModel): void {
    this.byModel.delete(entry.model);
    this.byModel.set(entry.model, { ...entry, replacements: [...entry.replacements] });
    while (this.byModel.size > this.max) this.byModel.delete(this.byModel.keys().next().value as string);
  }
}
