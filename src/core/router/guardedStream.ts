// One attempt's stream, guarded: a watchdog bounds the wait for each part (first token and stalls)
// and the caller's cancellation ends it at once. Either way the attempt's own AbortSignal aborts
// the HTTP request, and the stream ends with an `error` part the router can act on.
import { ProviderError } from '../providers/errors';
import type { ChatProvider, ChatRequest, StreamPart } from '../providers/types';
import type { RouterText } from './routerText';
import type { Clock } from './types';
import type { Timers } from '../shared/timers';

export interface GuardedStreamOptions {
  provider: ChatProvider;
  request: Omit<ChatRequest, 'signal'>;
  callerSignal?: AbortSignal;
  timeoutMs: number;
  clock: Clock;
  timers: Timers;
  text: RouterText;
}

type Interrupt = { interrupted: 'timeout' | 'cancelled' };
type Step = IteratorResult<StreamPart> | Interrupt | { thrown: unknown };

export async function* guardedStream(options: GuardedStreamOptions): AsyncGenerator<StreamPart> {
  const { provider, request, callerSignal, timeoutMs, clock, timers, text } = options;
  const controller = new AbortController();
  let interrupted: Interrupt | undefined;
  let wake: ((step: Step) => void) | undefined;
  let waitingSince: number | undefined;
  let timer: unknown;
  let sawContent = false;

  const interrupt = (reason: Interrupt['interrupted']) => {
    if (interrupted) return;
    interrupted = { interrupted: reason };
    controller.abort();
    wake?.(interrupted);
  };
  // The deadline is checked, not re-armed, on every part: one timer per attempt, not per token.
  // Only time spent waiting on the model counts, never time the consumer takes to render.
  const watchdog = () => {
    timer = undefined;
    if (interrupted) return;
    const waited = waitingSince === undefined ? 0 : clock() - waitingSince;
    if (waitingSince !== undefined && waited >= timeoutMs) interrupt('timeout');
    else timer = timers.setTimeout(watchdog, timeoutMs - waited);
  };
  const onCallerAbort = () => interrupt('cancelled');

  if (callerSignal?.aborted) {
    yield { type: 'error', error: new ProviderError({ kind: 'cancelled', message: text.cancelled, model: request.model }) };
    return;
  }
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  const iterator = provider.stream({ ...request, signal: controller.signal })[Symbol.asyncIterator]();
  let finished = false;
  try {
    timer = timers.setTimeout(watchdog, timeoutMs);
    while (true) {
      waitingSince = clock();
      const pending = iterator.next();
      const step: Step = interrupted ?? (await new Promise<Step>((resolve) => {
        wake = resolve;
        pending.then(resolve, (thrown: unknown) => resolve({ thrown }));
      }));
      wake = undefined;
      waitingSince = undefined;
      if ('interrupted' in step) {
        pending.catch(() => undefined);
        const error =
          step.interrupted === 'timeout'
            ? new ProviderError({ kind: 'timeout', message: text.timeout(request.model, timeoutMs, sawContent), model: request.model })
            : new ProviderError({ kind: 'cancelled', message: text.cancelled, model: request.model });
        yield { type: 'error', error };
        return;
      }
      if ('thrown' in step) {
        // Providers promise never to throw; if one does, it is still an error of this attempt.
        const error =
          step.thrown instanceof ProviderError
            ? step.thrown
            : new ProviderError({ kind: 'stream_error', message: `${request.model} failed unexpectedly: ${String(step.thrown)}`, model: request.model });
        finished = true;
        yield { type: 'error', error };
        return;
      }
      if (step.done) {
        finished = true;
        return;
      }
      const part = step.value;
      if (part.type === 'text' || part.type === 'reasoning' || part.type === 'tool-call') sawContent = true;
      yield part;
      if (part.type === 'error') {
        finished = true;
        return;
      }
    }
  } finally {
    if (timer !== undefined) timers.clearTimeout(timer);
    callerSignal?.removeEventListener('abort', onCallerAbort);
    if (!finished) {
      // Stopped early (timeout, cancel, or the consumer walked away): close the HTTP request.
      controller.abort();
      iterator.return?.().catch(() => undefined);
    }
  }
}
