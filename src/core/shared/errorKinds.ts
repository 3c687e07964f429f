// The kinds of failure, listed once: the error type, the statistics, the snapshot schema and the
// page all derive theirs from these lists, so a new kind is added in one place.
import * as z from 'zod';
import { lazy } from '../lazy';

/** What went wrong with one request to a provider; the router decides failover on this alone. */
export const ERROR_KINDS = [
  'auth',
  'payment',
  'forbidden',
  'not_found',
  'bad_request',
  'rate_limited',
  'timeout',
  'upstream',
  'network',
  'cancelled',
  'stream_error',
  // The stream ended with no text and no tool call: nothing to show, so another model is asked.
  'empty_answer',
  // OpenRouter has no endpoint of this model for what the request needs (tools, image input, the
  // account's data policy): another model can answer, and this one still can without that feature.
  'unsupported',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** An error kind, or why the router sent no request at all (`not_free`: a paid model while free-only is on). */
export const FAILURE_KINDS = [...ERROR_KINDS, 'budget_exhausted', 'all_cooling_down', 'no_models', 'not_free'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export const failureKindSchema = lazy(() => z.enum(FAILURE_KINDS));

/** The languages the core writes its messages in; the host picks one from VS Code's display language. */
export type MessageLocale = 'en' | 'zh-cn';

/**
 * A few words naming each failure kind, as a user reads it in a list (`/stats`, a failed attempt):
 * one table per language, never the raw kind (`rate_limited`).
 */
export const FAILURE_KIND_LABELS: Record<MessageLocale, Record<FailureKind, string>> = {
  en: {
    auth: 'API key rejected',
    payment: 'payment required',
    forbidden: 'refused (moderation)',
    not_found: 'model not found',
    bad_request: 'bad request',
    rate_limited: 'rate limited',
    timeout: 'timed out',
    upstream: 'provider unavailable',
    network: 'network error',
    cancelled: 'cancelled',
    stream_error: 'stream error',
    empty_answer: 'empty answer',
    unsupported: 'cannot take this request',
    budget_exhausted: 'free-tier limit used up',
    all_cooling_down: 'all models cooling down',
    no_models: 'no models enabled',
    not_free: 'not a free model',
  },
  'zh-cn': {
    auth: 'API 密钥被拒绝',
    payment: '需要付费',
    forbidden: '被拒绝（内容审核）',
    not_found: '模型不存在',
    bad_request: '请求无效',
    rate_limited: '被限流',
    timeout: '超时',
    upstream: '服务商不可用',
    network: '网络错误',
    cancelled: '已取消',
    stream_error: '流错误',
    empty_answer: '空回答',
    unsupported: '不支持此请求',
    budget_exhausted: '免费额度已用完',
    all_cooling_down: '所有模型都在冷却中',
    no_models: '没有启用的模型',
    not_free: '不是免费模型',
  },
};

/** The label of `kind` in `locale`; an unknown kind (an older snapshot, say) reads as itself. */
export function failureKindLabel(kind: string, locale: MessageLocale = 'en'): string {
  return (FAILURE_KIND_LABELS[locale] as Record<string, string | undefined>)[kind] ?? kind;
}
