// Timers behind an interface, so the router and the settings page session can be driven by fake
// ones in tests; the real ones; and an abortable sleep over whichever timers were given.

/** Timers for timeouts, back-off and throttling; injected for deterministic tests. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Timers that also tell the time, for code that throttles by elapsed time. */
export interface ClockedTimers extends Timers {
  now(): number;
}

export const realTimers: ClockedTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
export function sleep(timers: Timers, ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      timers.clearTimeout(handle);
      resolve(false);
    };
    const handle = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
