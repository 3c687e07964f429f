// One attempt: one HTTP request to one model. Forwards its parts as they arrive, records the
// request in the statistics and returns how it ended; what that means for the route (answer,
// failover, cut short) is the route's decision.
import { ProviderError } from '../providers/errors';
import { privacyCause } from '../providers/privacy';
import type { ChatOptions, ChatProvider, FinishReason, Usage } from '../providers/types';
import { estimateTextTokens } from '../tokens/estimate';
import { guardedStream } from './guardedStream';
import type { RouterText } from './routerText';
import type { RouterStats } from './stats';
import type { Clock, RouteRequest, RouterEvent } from './types';
import type { Timers } from '../shared/timers';

/** What every attempt of a router shares. */
export interface AttemptContext {
  clock: Clock;
  timers: Timers;
  stats: RouterStats;
  describeError: (error: ProviderError) => string;
}

export interface AttemptInput {
  model: string;
  provider: ChatProvider;
  /** The user's request: its messages and cancellation signal. */
  request: RouteRequest;
  options: ChatOptions | undefined;
  timeoutMs: number;
  text: RouterText;
  /**
   * Told of the error part as it arrives, before the stream is closed: what it says about the model
   * (a stated wait, a model gone) applies to concurrent requests from that moment.
   */
  onError?: (error: ProviderError) => void;
}

interface AttemptTiming {
  /** Epoch ms when the request was sent. */
  startedAt: number;
  /** From `startedAt` to the first text, reasoning or tool call. */
  ttftMs?: number;
  durationMs: number;
  usage?: Usage;
}

export type AttemptOutcome =
  | (AttemptTiming & {
      type: 'answered';
      /** As OpenRouter reported it: may differ from the model asked. */
      answeredBy: string;
      finishReason?: FinishReason;
    })
  | (AttemptTiming & {
      type: 'failed';
      error: ProviderError;
      /** The user-facing text for `error`. */
      message: string;
      /** Output the user has already seen: failing over would show a second answer. */
      visible: boolean;
    });

export async function* runAttempt(context: AttemptContext, input: AttemptInput): AsyncGenerator<RouterEvent, AttemptOutcome> {
  const { clock, stats } = context;
  const { model, provider, request, text } = input;
  const startedAt = clock();
  let visible = false;
  let ttftMs: number | undefined;
  let usage: Usage | undefined;
  let finishReason: FinishReason | undefined;
  let answeredBy = model;
  let textChars = 0;
  let toolCalls = 0;
  // What the model generated, counted once at the end when the server reports no usage.
  const generated: string[] = [];
  let error: ProviderError | undefined;
  stats.requestStarted(model);

  const parts = guardedStream({
    text,
    provider,
    request: { model, messages: request.messages, options: input.options },
    callerSignal: request.signal,
    timeoutMs: input.timeoutMs,
    clock,
    timers: context.timers,
  });
  let streamEnded = false;
  // Forwarded as `{ model, ...part }`: V8 builds that as fast as a literal, whereas
  // `{ ...part, model }` made the router's own cost per request half as large again (bench:router).
  try {
    for await (const part of parts) {
      switch (part.type) {
        case 'finish':
          finishReason = part.reason;
          answeredBy = part.model || model;
          break;
        case 'error':
          error = part.error;
          input.onError?.(part.error);
          break;
        case 'text':
        case 'reasoning':
        case 'tool-call':
          if (ttftMs === undefined) ttftMs = clock() - startedAt;
          // Reasoning is never on screen before the answer starts (the chat holds it back, the model
          // picker has no part for it), so only text and tool calls rule out a failover.
          if (part.type !== 'reasoning') visible = true;
          if (part.type === 'text') {
            textChars += part.text.length;
            generated.push(part.text);
          }
          if (part.type === 'tool-call') {
            toolCalls++;
            generated.push(part.call.name, part.call.arguments);
          }
          yield { model, ...part };
          break;
        default:
          // Parts that show nothing (usage) are forwarded too, but start no first token.
          if (part.type === 'usage') usage = part.usage;
          yield { model, ...part };
      }
    }
    streamEnded = true;
  } finally {
    // The consumer stopped reading mid-answer (leaving the loop closed the HTTP request):
    // the attempt ends as cancelled, so in-flight counts stay true.
    if (!streamEnded) stats.requestEnded(model, { outcome: 'cancelled', ttftMs, totalMs: clock() - startedAt, usage });
  }

  const durationMs = clock() - startedAt;
  // An answer with nothing in it (no text, no tool call; reasoning alone is never shown as the
  // answer) is a failure before anything was shown: another model is asked.
  if (!error && textChars === 0 && toolCalls === 0) error = emptyAnswer(model);
  // A data policy excluded every endpoint: which one (ours, sent with the request, or the account's)
  // decides what the user is told to change.
  if (error?.unsupported === 'data_policy' && !error.privacy) {
    error = new ProviderError({ ...error.toInit(), privacy: privacyCause(error.availability?.excludedBy ?? [], input.options?.provider) });
  }
  if (!error) {
    // The shared counter (src/core/tokens), not characters / 4, which counts Chinese a third of what it is.
    const completionTokens = usage?.completionTokens ?? (generated.length ? estimateTextTokens(generated.join('')) : undefined);
    stats.requestEnded(model, { outcome: 'success', ttftMs, totalMs: durationMs, completionTokens, usage });
    return { type: 'answered', answeredBy, finishReason, startedAt, ttftMs, durationMs, usage };
  }
  const message = context.describeError(error);
  if (error.local && !visible) stats.requestNotSent(model);
  else stats.requestEnded(model, { outcome: error.kind, ttftMs, totalMs: durationMs, message, usage });
  return { type: 'failed', error, message, visible, startedAt, ttftMs, durationMs, usage };
}

function emptyAnswer(model: string): ProviderError {
  return new ProviderError({ kind: 'empty_answer', message: 'The model sent an empty answer: no text and no tool call.', model });
}
