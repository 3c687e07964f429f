// Test doubles for router unit tests: a fake clock with timers, and a scripted in-memory
// ChatProvider (a double of the ChatProvider interface, not of any SDK). Provider behaviour over
// real HTTP is covered by the load test through the OpenRouter double.
import { ProviderError, type ProviderErrorInit } from '../../src/core/providers/errors';
import type { ChatProvider, ChatRequest, ProviderMode, StreamPart, Usage } from '../../src/core/providers/types';
import { ModelRouter, type ModelRouterOptions } from '../../src/core/router/router';
import type { RouterSettings, RouterEvent } from '../../src/core/router/types';
import type { Timers } from '../../src/core/shared/timers';
import { mulberry32 } from '../fixtures/modelsPayload';

interface Pending {
  at: number;
  seq: number;
  callback: () => void;
}

/** A clock that only moves when told to, and timers that fire when it passes them. */
export class FakeTime implements Timers {
  now: number;
  private pending = new Map<number, Pending>();
  private seq = 0;

  constructor(start = Date.UTC(2026, 0, 15, 12, 0, 0)) {
    this.now = start;
  }

  readonly clock = (): number => this.now;

  setTimeout(callback: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.pending.set(id, { at: this.now + Math.max(0, ms), seq: id, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  get timerCount(): number {
    return this.pending.size;
  }

  /** Moves time forward by `ms`, firing due timers in order. */
  async advance(ms: number): Promise<void> {
    const target = this.now + ms;
    for (;;) {
      await settle();
      const next = this.earliest();
      if (!next || next.at > target) break;
      this.now = next.at;
      this.pending.delete(next.seq);
      next.callback();
    }
    this.now = target;
    await settle();
  }

  /** Waits for `promise`, jumping time to the next timer whenever everything else is idle. */
  async run<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await settle();
      if (settled) return promise;
      const next = this.earliest();
      if (!next) throw new Error('FakeTime.run: the promise waits for something no timer will bring');
      this.now = Math.max(this.now, next.at);
      this.pending.delete(next.seq);
      next.callback();
    }
  }

  private earliest(): Pending | undefined {
    let best: Pending | undefined;
    for (const p of this.pending.values()) if (!best || p.at < best.at || (p.at === best.at && p.seq < best.seq)) best = p;
    return best;
  }
}

/** Lets every pending promise reaction run (no I/O is involved in these tests). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export type Behavior =
  | { kind: 'stream'; text: string[]; reasoning?: string[]; delayMs?: number; chunkDelayMs?: number; usage?: Usage; answeredModel?: string }
  | { kind: 'error'; error: Omit<ProviderErrorInit, 'message'> & { message?: string } }
  | { kind: 'error-after-text'; text: string[]; reasoningOnly?: boolean; error: Omit<ProviderErrorInit, 'message'> & { message?: string } }
  | { kind: 'hang'; text?: string[]; reasoning?: string[] };

export interface SeenRequest {
  model: string;
  request: ChatRequest;
  /** True once the router aborted this request's signal. */
  aborted: boolean;
}

/** A ChatProvider that plays scripted behaviours per model (the last one repeats). */
export class ScriptedProvider implements ChatProvider {
  readonly requests: SeenRequest[] = [];
  private readonly scripts = new Map<string, Behavior[]>();

  constructor(private readonly time: FakeTime, readonly mode: ProviderMode = 'openai_compatible') {}

  script(model: string, ...behaviors: Behavior[]): this {
    this.scripts.set(model, behaviors);
    return this;
  }

  countFor(model: string): number {
    return this.requests.filter((r) => r.model === model).length;
  }

  stream(request: ChatRequest): AsyncIterable<StreamPart> {
    const seen: SeenRequest = { model: request.model, request, aborted: false };
    this.requests.push(seen);
    request.signal?.addEventListener('abort', () => (seen.aborted = true), { once: true });
    return this.play(request, this.next(request.model));
  }

  private next(model: string): Behavior {
    const queue = this.scripts.get(model);
    if (!queue || queue.length === 0) return { kind: 'stream', text: ['Hello ', 'from ', model] };
    return queue.length > 1 ? (queue.shift() as Behavior) : queue[0];
  }

  private async *play(request: ChatRequest, behavior: Behavior): AsyncGenerator<StreamPart> {
    const model = request.model;
    const cancelled = (): StreamPart => ({ type: 'error', error: new ProviderError({ kind: 'cancelled', message: 'Request cancelled.', model }) });
    const wait = async (ms: number | undefined): Promise<boolean> => {
      if (ms) await this.waitOrAbort(ms, request.signal);
      return !request.signal?.aborted;
    };
    switch (behavior.kind) {
      case 'stream': {
        if (!(await wait(behavior.delayMs))) { yield cancelled(); return; }
        for (const r of behavior.reasoning ?? []) yield { type: 'reasoning', text: r };
        for (const t of behavior.text) {
          yield { type: 'text', text: t };
          if (!(await wait(behavior.chunkDelayMs))) { yield cancelled(); return; }
        }
        if (behavior.usage) yield { type: 'usage', usage: behavior.usage };
        yield { type: 'finish', reason: 'stop', model: behavior.answeredModel ?? model };
        return;
      }
      case 'error':
        yield { type: 'error', error: scriptedError(behavior.error, model) };
        return;
      case 'error-after-text':
        for (const t of behavior.text) yield behavior.reasoningOnly ? { type: 'reasoning', text: t } : { type: 'text', text: t };
        yield { type: 'error', error: scriptedError(behavior.error, model) };
        return;
      case 'hang':
        for (const r of behavior.reasoning ?? []) yield { type: 'reasoning', text: r };
        for (const t of behavior.text ?? []) yield { type: 'text', text: t };
        await this.waitOrAbort(Number.POSITIVE_INFINITY, request.signal);
        yield cancelled();
        return;
    }
  }

  private waitOrAbort(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const handle = Number.isFinite(ms) ? this.time.setTimeout(resolve, ms) : undefined;
      signal?.addEventListener(
        'abort',
        () => {
          if (handle !== undefined) this.time.clearTimeout(handle);
          resolve();
        },
        { once: true },
      );
    });
  }
}

function scriptedError(init: Omit<ProviderErrorInit, 'message'> & { message?: string }, model: string): ProviderError {
  return new ProviderError({ ...init, model, message: init.message ?? `${init.kind} from ${model}` });
}

export interface RouterSetup {
  time: FakeTime;
  provider: ScriptedProvider;
  router: ModelRouter;
  models: string[];
  current: RouterSettings;
}

/** A router over a scripted provider, on fake time, with settings the test may change. */
export function setup(models: string[], overrides: Partial<RouterSettings> = {}, { mode, ...extra }: Partial<Omit<ModelRouterOptions, 'provider'>> & { mode?: ProviderMode } = {}): RouterSetup {
  const time = new FakeTime();
  const provider = new ScriptedProvider(time, mode);
  const s: RouterSetup = { time, provider, models, current: settings(overrides), router: undefined as unknown as ModelRouter };
  s.router = new ModelRouter({
    models: () => s.models,
    settings: () => s.current,
    clock: time.clock,
    timers: time,
    random: seededRandom(7),
    retryBackoffMs: 100,
    ...extra,
    provider: () => provider,
  });
  return s;
}

export function settings(overrides: Partial<RouterSettings> = {}): RouterSettings {
  return {
    strategy: 'failover',
    maxRetries: 2,
    timeoutPerModelMs: 30_000,
    dailyLimit: 1000,
    requestsPerMinute: 1000,
    serverSideFallback: false,
    freeModelsOnly: true,
    ...overrides,
  };
}

export async function collect(events: AsyncIterable<RouterEvent>): Promise<RouterEvent[]> {
  const out: RouterEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

export function textOf(events: RouterEvent[]): string {
  return events.map((e) => (e.type === 'text' ? e.text : '')).join('');
}

export function lastEvent(events: RouterEvent[]): RouterEvent {
  const e = events[events.length - 1];
  if (!e) throw new Error('no events');
  return e;
}

/** A seeded generator: the same sequence every run. */
export const seededRandom = mulberry32;
