// One GET of `{baseUrl}/models`: public, so no key is sent. Every way it can fail becomes a
// ModelListError whose message says what happened; the caller keeps its previous list.
import { deriveModel } from './derive';
import { MalformedModelsPayloadError, parseModelsPayload, type ParsedModelsPayload } from './liveSchema';
import type { CatalogModel } from './types';
import { trimTrailingSlashes } from '../shared/baseUrl';
import type { MessageLocale } from '../shared/errorKinds';
import { USER_AGENT } from '../shared/identity';

export const DEFAULT_MODELS_TIMEOUT_MS = 15_000;

/**
 * Largest /models answer read. OpenRouter's whole list (free and paid, ~350 models with kilobyte
 * descriptions) is about 1 MB today (test/fixtures/modelsPayload.ts builds one like it); 8 MB leaves
 * room for the list to grow several times over while bounding what a broken or hostile server can
 * make the extension hold in memory and parse on the extension host's one thread.
 */
export const MAX_MODELS_RESPONSE_BYTES = 8 * 1024 * 1024;

export type ModelListFailure = 'network' | 'timeout' | 'http' | 'malformed' | 'empty' | 'too_large' | 'cancelled';

export class ModelListError extends Error {
  constructor(
    readonly failure: ModelListFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ModelListError';
  }
}

/** What a failed refresh of the model list reads as, one table per language. */
export interface CatalogText {
  cancelled(url: string): string;
  timeout(url: string, seconds: string): string;
  network(url: string, reason: string): string;
  http(status: string): string;
  tooLarge(url: string, size: string): string;
  notJson: string;
  badFormat(detail: string): string;
  noValidEntry(count: string): string;
  emptyList: string;
  unexpected(reason: string): string;
  noFreeModel(count: string): string;
}

const KEEP_EN = 'the previous model list is kept';
const KEEP_ZH = '继续使用之前的模型列表';

const CATALOG_TEXT: Record<MessageLocale, CatalogText> = {
  en: {
    cancelled: (url) => `The request for the model list at ${url} was cancelled; ${KEEP_EN}.`,
    timeout: (url, seconds) => `OpenRouter's model list (${url}) did not answer within ${seconds} s; ${KEEP_EN}. Try 'OpenRouter: Refresh Free Models' later.`,
    network: (url, reason) => `Could not reach OpenRouter's model list at ${url} (${reason}); ${KEEP_EN}. Check the network or the openrouterDual.baseUrl setting.`,
    http: (status) => `OpenRouter's model list answered HTTP ${status}; ${KEEP_EN}. Try again later.`,
    tooLarge: (url, size) => `OpenRouter's model list at ${url} is larger than ${size}, far more than a model list needs; it was not read and ${KEEP_EN}.`,
    notJson: `OpenRouter's model list was not valid JSON. The previous model list is kept.`,
    badFormat: (detail) => `OpenRouter's model list was not in the expected format (${detail}). The previous model list is kept.`,
    noValidEntry: (count) => `OpenRouter's model list was unusable (none of its ${count} entries was valid); ${KEEP_EN}.`,
    emptyList: `OpenRouter's model list was unusable (it was empty); ${KEEP_EN}.`,
    unexpected: (reason) => `Refreshing the model list failed unexpectedly (${reason}); ${KEEP_EN}.`,
    noFreeModel: (count) => `OpenRouter's model list listed no free model (${count} models, all paid); ${KEEP_EN}.`,
  },
  'zh-cn': {
    cancelled: (url) => `对 ${url} 模型列表的请求已取消；${KEEP_ZH}。`,
    timeout: (url, seconds) => `OpenRouter 的模型列表（${url}）在 ${seconds} 秒内没有响应；${KEEP_ZH}。请稍后运行 "OpenRouter: Refresh Free Models"。`,
    network: (url, reason) => `无法连接 ${url} 上的 OpenRouter 模型列表（${reason}）；${KEEP_ZH}。请检查网络或 openrouterDual.baseUrl 设置。`,
    http: (status) => `OpenRouter 的模型列表返回 HTTP ${status}；${KEEP_ZH}。请稍后重试。`,
    tooLarge: (url, size) => `${url} 上的 OpenRouter 模型列表超过 ${size}，远超模型列表所需；未读取，${KEEP_ZH}。`,
    notJson: `OpenRouter 的模型列表不是有效的 JSON。${KEEP_ZH}。`,
    badFormat: (detail) => `OpenRouter 的模型列表格式不符合预期（${detail}）。${KEEP_ZH}。`,
    noValidEntry: (count) => `OpenRouter 的模型列表无法使用（${count} 个条目全部无效）；${KEEP_ZH}。`,
    emptyList: `OpenRouter 的模型列表无法使用（列表为空）；${KEEP_ZH}。`,
    unexpected: (reason) => `刷新模型列表时发生意外错误（${reason}）；${KEEP_ZH}。`,
    noFreeModel: (count) => `OpenRouter 的模型列表中没有免费模型（共 ${count} 个模型，全部付费）；${KEEP_ZH}。`,
  },
};

export function catalogText(locale: MessageLocale = 'en'): CatalogText {
  return CATALOG_TEXT[locale];
}

export interface LiveModelList {
  models: CatalogModel[];
  skipped: ParsedModelsPayload['skipped'];
}

export function modelsUrl(baseUrl: string): string {
  return `${trimTrailingSlashes(baseUrl)}/models`;
}

export async function fetchLiveModels(
  baseUrl: string,
  opts: {
    fetch: typeof fetch;
    timeoutMs: number;
    describeFallback?: (id: string) => string | undefined;
    /** Abandons the request (the caller no longer wants this URL's list). */
    signal?: AbortSignal;
    /** Answers longer than this are refused unread (default MAX_MODELS_RESPONSE_BYTES). */
    maxBytes?: number;
    /** The language of the errors' messages (default English). */
    locale?: MessageLocale;
  },
): Promise<LiveModelList> {
  const url = modelsUrl(baseUrl);
  const text = catalogText(opts.locale);
  const maxBytes = opts.maxBytes ?? MAX_MODELS_RESPONSE_BYTES;
  let response: Response;
  let body: string | undefined;
  try {
    response = await opts.fetch(url, {
      method: 'GET',
      headers: { accept: 'application/json', 'user-agent': USER_AGENT },
      signal: opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs)]) : AbortSignal.timeout(opts.timeoutMs),
    });
    body = response.ok ? await readCapped(response, maxBytes) : await response.text();
  } catch (err) {
    const e = err as Error;
    if (opts.signal?.aborted) throw new ModelListError('cancelled', text.cancelled(url));
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
      throw new ModelListError('timeout', text.timeout(url, String(Math.round(opts.timeoutMs / 1000))));
    }
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? e.message;
    throw new ModelListError('network', text.network(url, reason));
  }
  if (!response.ok) {
    throw new ModelListError('http', text.http(`${response.status}${response.statusText ? ` ${response.statusText}` : ''}`));
  }

  if (body === undefined) {
    throw new ModelListError('too_large', text.tooLarge(url, formatBytes(maxBytes)));
  }

  let parsed: ParsedModelsPayload;
  try {
    parsed = parseModelsPayload(JSON.parse(body) as unknown);
  } catch (err) {
    throw new ModelListError('malformed', err instanceof MalformedModelsPayloadError ? text.badFormat(err.detail) : text.notJson);
  }
  if (parsed.entries.length === 0) {
    if (parsed.skipped.length) throw new ModelListError('malformed', text.noValidEntry(String(parsed.skipped.length)));
    throw new ModelListError('empty', text.emptyList);
  }
  const models = parsed.entries.map((e) => deriveModel(e, opts.describeFallback?.(e.id)));
  return { models, skipped: parsed.skipped };
}

/** The body as text, or undefined once it is known to exceed `maxBytes` (the rest is not read). */
export async function readCapped(response: Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!response.body) return response.text();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let total = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}
