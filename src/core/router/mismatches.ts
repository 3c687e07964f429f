// Models OpenRouter said have no endpoint for a request's features (its capability 404s): the next
// request needing the same features skips them without asking, while requests without those
// features still go to them. Bounded in size and in time: endpoints come and go, and a data policy
// the user changes should not be held against a model forever.
import type { UnsupportedFeature } from '../providers/errors';
import type { RequestFeature } from './features';

/** Entries kept at most; the oldest go first. */
export const MAX_MISMATCHES = 256;
/** How long one refusal is believed. */
export const MISMATCH_TTL_MS = 60 * 60_000;

interface Mismatch {
  model: string;
  /** What OpenRouter named: a feature (tools, image), the data policy or the provider constraints. */
  said: UnsupportedFeature | undefined;
  /** The features that fail together: a later request needing all of them (or more) is skipped. */
  features: RequestFeature[];
  at: number;
}

export class CapabilityMismatches {
  // Insertion order is age order: a re-recorded key is deleted first so it moves to the end.
  private readonly entries = new Map<string, Mismatch>();

  constructor(
    private readonly ttlMs = MISMATCH_TTL_MS,
    private readonly max = MAX_MISMATCHES,
  ) {}

  /**
   * Remembers OpenRouter's refusal of `model` for a request that needed `requested`. A refusal
   * naming tools or images is about that feature alone; a data-policy refusal is about the whole
   * combination the request asked for (with no feature at all: the model refuses every request).
   */
  record(model: string, said: UnsupportedFeature | undefined, requested: readonly RequestFeature[], now: number): void {
    const features = said === 'tools' || said === 'image' ? [said] : [...requested].sort();
    const key = `${model}\u0000${features.join('+')}`;
    this.entries.delete(key);
    this.entries.set(key, { model, said, features, at: now });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** True when a remembered refusal of `model` covers a request needing `requested`. */
  refuses(model: string, requested: readonly RequestFeature[], now: number): boolean {
    for (const [key, m] of this.entries) {
      if (now - m.at >= this.ttlMs) {
        this.entries.delete(key);
        continue;
      }
      if (m.model === model && m.features.every((f) => requested.includes(f))) return true;
    }
    return false;
  }

  /**
   * Forgets the refusals that came from the request's data policy or provider constraints, not from
   * what a model can do: after the user changes those, every model is worth asking again.
   */
  forgetPolicyRefusals(): void {
    for (const [key, m] of this.entries) if (m.said !== 'tools' && m.said !== 'image') this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
