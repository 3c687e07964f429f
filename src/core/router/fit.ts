// Whether a request fits a model's context window. A request's size is its estimated input (the
// shared token counter over messages and tool schemas) plus the output it reserves; a model whose
// window cannot hold that is passed over as a model without tools is. The server's word wins: a
// context-length 400 teaches the router the window the server stated (bounded memory).
import { countRequestTokens } from '../tokens/count';
import type { ChatOptions } from '../providers/types';
import type { RouteRequest } from './types';
import { parseQualifiedId } from '../endpoints/qualifiedIds';

/** Output reserved when the request sets no `maxTokens`, at most a quarter of the window. */
export const DEFAULT_OUTPUT_RESERVE = 4096;
/**
 * The counter is within 15% of a tokenizer (bench/tokens.ts), so the output cap leaves that much
 * of the input's count spare: a server that counts more must still find input plus cap in its window.
 */
const COUNT_MARGIN = 1.15;
/** Windows learned from servers' 400s, for this many models at most (the oldest is forgotten). */
const MAX_LEARNED_WINDOWS = 256;

/** A model's context window in tokens as the model list states it; undefined when unknown. */
export type ContextWindowOf = (model: string) => number | undefined;

/** The output a request reserves in a window of `window` tokens: what it asks for, at most the default and a quarter of the window. */
export function reservedOutput(window: number, maxTokens?: number): number {
  return Math.max(1, Math.min(maxTokens ?? DEFAULT_OUTPUT_RESERVE, DEFAULT_OUTPUT_RESERVE, Math.floor(window / 4)));
}

/** The estimated input of a request, counted once per route. */
export function requestInputTokens(request: Pick<RouteRequest, 'messages' | 'options'>): number {
  return countRequestTokens(request.messages, request.options);
}

/** The request's size against one window: input plus the output it reserves there. */
export function sizeIn(window: number, input: number, options?: ChatOptions): number {
  return input + reservedOutput(window, options?.maxTokens);
}

export function fitsWindow(window: number | undefined, input: number, options?: ChatOptions): boolean {
  return window === undefined || sizeIn(window, input, options) <= window;
}

/** The `maxTokens` to send to a model with `window`: never more than the window leaves after the input. */
export function cappedOptions(options: ChatOptions | undefined, window: number | undefined, input: number): ChatOptions | undefined {
  if (window === undefined || options?.maxTokens === undefined) return options;
  const room = Math.max(1, Math.floor(window - input * COUNT_MARGIN));
  return options.maxTokens <= room ? options : { ...options, maxTokens: room };
}

/**
 * Whether OpenRouter's context-compression plugin may be asked for at `model`: OpenRouter's own
 * models only. The plugin is OpenRouter's; another endpoint's server would ignore it and refuse the
 * request, or worse, answer from a prompt it cut without saying so.
 */
export function mayCompress(model: string): boolean {
  return parseQualifiedId(model) === undefined;
}

/**
 * For a request no enabled window holds, with compression allowed: the OpenRouter models to send it
 * to with the plugin, the largest window first (the less it must leave out); ties keep their order.
 */
export function compressionOrder(models: readonly string[], windowOf: ContextWindowOf): string[] {
  return models.filter(mayCompress).sort((a, b) => (windowOf(b) ?? 0) - (windowOf(a) ?? 0));
}

/**
 * A compressed request's options: the plugin, and an output cap the window keeps room for (what
 * the request reserves there), so OpenRouter shortens the prompt to leave space for an answer.
 */
export function compressedOptions(options: ChatOptions | undefined, window: number | undefined): ChatOptions {
  const maxTokens = window === undefined ? options?.maxTokens : reservedOutput(window, options?.maxTokens);
  return { ...options, contextCompression: true, ...(maxTokens !== undefined ? { maxTokens } : {}) };
}

/** Windows servers stated in their context-length 400s; they replace the list's number. */
export class LearnedWindows {
  private readonly byModel = new Map<string, number>();

  /**
   * `model` refused a request of `requestSize` tokens (as counted here) as too long, stating
   * `stated` (when it did). Kept: the stated window, and never more than the refused size, so a
   * request as large is not sent there again even where the count was low.
   */
  learn(model: string, stated: number | undefined, requestSize: number): void {
    const window = Math.max(1, Math.min(stated ?? Infinity, requestSize - 1, this.byModel.get(model) ?? Infinity));
    this.byModel.delete(model);
    this.byModel.set(model, window);
    if (this.byModel.size > MAX_LEARNED_WINDOWS) this.byModel.delete(this.byModel.keys().next().value as string);
  }

  get(model: string): number | undefined {
    return this.byModel.get(model);
  }

  get size(): number {
    return this.byModel.size;
  }

  reset(): void {
    this.byModel.clear();
  }
}
