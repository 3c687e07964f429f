// Group chat: one prompt to several models at once. Members start eagerly (bounded by the
// concurrency) and stream into their own queues, so each answer arrives as it is produced
// whatever order the host reads them in; one cancellation stops every member.
import { AsyncQueue } from './asyncQueue';
import type { RouteRequest, RouterEvent } from './types';

export interface GroupOptions {
  /** Named models; otherwise `size` models picked by the strategy. */
  models?: string[];
  size?: number;
  /** Members running at once; the rest wait for a slot. Default: all. */
  concurrency?: number;
}

export interface GroupMember {
  model: string;
  events: AsyncIterable<RouterEvent>;
}

export interface GroupHandle {
  members: GroupMember[];
  /** Stops every member (as the request's signal does). */
  cancel(): void;
  /** Settles when every member has ended. */
  done: Promise<void>;
}

type RouteFn = (request: RouteRequest) => AsyncIterable<RouterEvent>;

export function runGroup(models: string[], request: RouteRequest, concurrency: number, route: RouteFn): GroupHandle {
  const group = new AbortController();
  const onCallerAbort = () => group.abort();
  if (request.signal?.aborted) group.abort();
  else request.signal?.addEventListener('abort', onCallerAbort, { once: true });

  let free = Math.max(1, Math.floor(concurrency) || 1);
  const waiting: (() => void)[] = [];
  const acquire = (): Promise<void> => {
    if (free > 0) {
      free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };

  const members: GroupMember[] = [];
  const tasks: Promise<void>[] = [];
  for (const model of models) {
    const member = new AbortController();
    const onGroupAbort = () => member.abort();
    group.signal.addEventListener('abort', onGroupAbort, { once: true });
    if (group.signal.aborted) member.abort();
    // A reader that walks away from one answer stops that member only.
    const queue = new AsyncQueue<RouterEvent>(() => member.abort());
    members.push({ model, events: queue });
    tasks.push(
      (async () => {
        await acquire();
        try {
          for await (const event of route({ ...request, preferredModel: model, pinned: true, signal: member.signal })) {
            queue.push(event);
          }
        } finally {
          queue.close();
          group.signal.removeEventListener('abort', onGroupAbort);
          release();
        }
      })(),
    );
  }

  const done = Promise.all(tasks).then(
    () => request.signal?.removeEventListener('abort', onCallerAbort),
    () => request.signal?.removeEventListener('abort', onCallerAbort),
  );
  return { members, cancel: () => group.abort(), done };
}
