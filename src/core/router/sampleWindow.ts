// A fixed-size window of the most recent samples: statistics stay bounded whatever the traffic.

export class SampleWindow {
  private readonly values: Float64Array;
  private next = 0;
  private count = 0;
  /** Sorted copy, rebuilt lazily: strategies read medians far more often than samples arrive. */
  private sorted: Float64Array | undefined;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.values = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(value: number): void {
    if (!Number.isFinite(value)) return;
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
    this.sorted = undefined;
  }

  /** Oldest first. */
  toArray(): number[] {
    const out: number[] = new Array(this.count);
    const start = (this.next - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) out[i] = this.values[(start + i) % this.capacity];
    return out;
  }

  /** The last `n` samples, oldest first. */
  last(n: number): number[] {
    const all = this.toArray();
    return all.length > n ? all.slice(all.length - n) : all;
  }

  /** Nearest-rank quantile, q in [0, 1]; undefined when empty. */
  quantile(q: number): number | undefined {
    if (this.count === 0) return undefined;
    if (!this.sorted) {
      this.sorted = Float64Array.from(this.toArray()).sort();
    }
    const rank = Math.min(this.count - 1, Math.max(0, Math.ceil(q * this.count) - 1));
    return this.sorted[rank];
  }

  mean(): number | undefined {
    if (this.count === 0) return undefined;
    let sum = 0;
    for (let i = 0; i < this.count; i++) sum += this.values[i];
    return sum / this.count;
  }

  clear(): void {
    this.next = 0;
    this.count = 0;
    this.sorted = undefined;
  }

  /** Replaces the content with `samples` (oldest first); keeps only the newest `capacity`. */
  load(samples: readonly number[]): void {
    this.clear();
    for (const s of samples.length > this.capacity ? samples.slice(samples.length - this.capacity) : samples) this.push(s);
  }
}
