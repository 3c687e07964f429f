// A single-consumer queue that is also an AsyncIterable: lets a producer run ahead of its reader
// (fan-out members stream concurrently whatever order the host reads them in).

export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly buffer: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private closed = false;
  private abandoned = false;

  /** `onAbandon` runs when the reader stops early (breaks out of its loop). */
  constructor(private readonly onAbandon?: () => void) {}

  push(item: T): void {
    if (this.closed || this.abandoned) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: item, done: false });
    } else {
      this.buffer.push(item);
    }
  }

  close(): void {
    this.closed = true;
    if (this.waiting && this.buffer.length === 0) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: undefined, done: true });
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.buffer.length > 0) return Promise.resolve({ value: this.buffer.shift() as T, done: false });
        if (this.closed || this.abandoned) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiting = resolve));
      },
      return: () => {
        if (!this.closed && !this.abandoned) {
          this.abandoned = true;
          this.buffer.length = 0;
          this.onAbandon?.();
        }
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
