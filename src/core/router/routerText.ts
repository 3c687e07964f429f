// What the router tells the user when it cannot answer: what happened and what to do next.
// English and Simplified Chinese, like the providers' messages.
import { formatTokens } from '../tokens/format';
import { failureKindLabel, type MessageLocale } from '../shared/errorKinds';
import type { BudgetRefusal } from './budget';
import type { RequestFeature } from '../catalog/types';
import { DATA_COLLECTION_SETTING, PRIVACY_SETTINGS_URL, ZDR_SETTING, type PrivacyCause } from '../providers/privacy';

/** The setting that keeps paid models out of every request, as the user finds it in Settings. */
export const FREE_ONLY_SETTING = 'openrouterDual.freeModelsOnly';

export type { MessageLocale };

export interface RouterText {
  /** "40 s", "3 min 5 s", "2 h 10 min": a wait as a person says it. */
  wait(ms: number): string;
  /** `paidAllowed`: free-only is off, so paid models can answer while the free tier is closed. */
  budget(refusal: BudgetRefusal, now: number, paidAllowed?: boolean): string;
  cooling(model: string, until: number, now: number, count: number): string;
  noModels: string;
  /** "Free models only" refused to send to `models`: names them and the setting. */
  notFree(models: readonly string[]): string;
  cancelled: string;
  timeout(model: string, timeoutMs: number, afterOutput: boolean): string;
  /** An answer that broke off after text was shown: it stays, marked incomplete, never replaced. */
  cutShort(reason: string): string;
  exhausted(lastReason: string, tried: readonly { model: string; reason: string }[]): string;
  /** A few words for an attempt in a list: "rate limited (429), retry after 20 s". */
  shortReason(kind: string, status?: number, retryAfterMs?: number): string;
  skipCooling(waitMs: number): string;
  skipBudget(window: BudgetRefusal['window']): string;
  /**
   * No enabled model supports what the request needs (`features`), so nothing was sent; names the
   * free models that do (`suggested`, which the host offers to enable).
   */
  noCapableModel(features: readonly RequestFeature[], suggested: readonly string[]): string;
  /** The model the caller pinned lacks `features`: nothing was sent; `others` can take it. */
  modelLacks(model: string, features: readonly RequestFeature[], others: readonly string[]): string;
  /** Why a picked model was passed over for this request. */
  skipLacks(features: readonly RequestFeature[]): string;
  /** Why a model was passed over: its window cannot hold the request ("40K window, request ~52K"). */
  skipTooLong(window: number, size: number): string;
  /**
   * No enabled model's window holds the request (about `size` tokens), so nothing was sent; names
   * the largest window enabled and free models whose window holds it (which the host offers to enable).
   */
  noFittingModel(size: number, largest: { model: string; window: number } | undefined, suggested: readonly { model: string; window?: number }[]): string;
  /** The model the caller pinned has too small a window: nothing was sent; `others` can hold it. */
  modelTooSmall(model: string, window: number, size: number, others: readonly string[]): string;
  /** A model whose server does not answer (a local endpoint that is off). */
  skipOffline: string;
  /** A model whose endpoint's own request limit (not OpenRouter's free tier) is reached. */
  skipEndpointBudget(waitMs: number): string;
  /** Every model left is over its endpoint's own limit. */
  endpointBudget(models: string[], waitMs: number): string;
  /** Every model left is on a server that does not answer. */
  offline(models: string[]): string;
  /** After a data-policy refusal's short reason: what excludes the model ("left out by …"). */
  privacyHint(cause: PrivacyCause): string;
  /** Why a model was passed over: OpenRouter said it ended (a free variant) or is deprecated. */
  skipEnded: string;
  /**
   * Every enabled model (or the one the caller pinned) has ended on OpenRouter, so nothing was sent;
   * names the free replacements OpenRouter suggested (which the host offers to enable).
   */
  ended(models: readonly string[], replacements: readonly string[]): string;
}

const FEATURE_NAMES: Record<MessageLocale, Record<RequestFeature, string>> = {
  en: { tools: 'tool calls', image: 'image input' },
  'zh-cn': { tools: '工具调用', image: '图片输入' },
};

function featureList(features: readonly RequestFeature[], locale: MessageLocale): string {
  return features.map((f) => FEATURE_NAMES[locale][f]).join(locale === 'zh-cn' ? '和' : ' and ');
}

/** "14:05:09 UTC": absolute times in UTC, because the free-tier day resets at UTC midnight. */
export function formatUtcTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(11, 19)} UTC`;
}

/** "08:00": a time of day in the user's own time zone, for when the free tier reopens. */
export function formatLocalTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

function splitWait(ms: number): { h: number; min: number; s: number } {
  const total = Math.max(1, Math.ceil(ms / 1000));
  return { h: Math.floor(total / 3600), min: Math.floor(total / 60) % 60, s: total % 60 };
}

const EN: RouterText = {
  wait(ms) {
    const { h, min, s } = splitWait(ms);
    if (h === 0 && min === 0) return `${s} s`;
    if (h === 0) return s ? `${min} min ${s} s` : `${min} min`;
    return min ? `${h} h ${min} min` : `${h} h`;
  },
  budget(refusal, now, paidAllowed = false) {
    const wait = EN.wait(refusal.retryAt - now);
    if (refusal.window === 'minute') {
      if (refusal.server) {
        return `OpenRouter says the free-tier limit of ${refusal.limit} requests per minute is used up for this account (every free model counts against it). A slot frees up in ${wait}; try again then.`;
      }
      return `The free-tier limit of ${refusal.limit} requests per minute is used up, so this request was not sent (OpenRouter would refuse it). A slot frees up in ${wait}; try again then.`;
    }
    const hint =
      refusal.limit < 1000
        ? ' Accounts with at least 10 credits get 1000 free requests per day (OpenRouter Dual notices it once the key shows purchased credits).'
        : '';
    const when = `It reopens at ${formatLocalTime(refusal.retryAt)} your time (${formatUtcTime(refusal.retryAt)}), in ${wait}.`;
    const instead = paidAllowed
      ? ' Until then only paid models can answer (they cost credits): enable one in OpenRouter: Open Settings.'
      : ` Nothing else can answer until then while 'free models only' is on.`;
    const what = refusal.server
      ? `OpenRouter says the free-tier limit of ${refusal.limit} requests per day is used up for this account: every free model refuses, so none was tried again.`
      : `The free-tier limit of ${refusal.limit} requests per day is used up, so this request was not sent.`;
    return `${what} ${when}${instead}${hint}`;
  },
  cooling(model, until, now, count) {
    const who = count === 1 ? `${model} is` : `All ${count} enabled models are`;
    return `${who} cooling down after rate limits or errors. The earliest back is ${model}, in ${EN.wait(until - now)} (at ${formatUtcTime(until)}). Try again then, or enable more models in OpenRouter: Open Settings.`;
  },
  noModels: 'No models are enabled. Choose some free models in OpenRouter: Open Settings.',
  notFree(models) {
    const which = models.length === 1 ? `${models[0]} is not a free model` : `${models.join(', ')} are not free models`;
    return `${which}, and "Free Models Only" (${FREE_ONLY_SETTING}) is on, so the request was not sent. Pick a free model or OpenRouter Auto, or turn the setting off to allow paid models.`;
  },
  cancelled: 'Cancelled.',
  timeout(model, timeoutMs, afterOutput) {
    return afterOutput
      ? `${model} stopped sending for ${EN.wait(timeoutMs)}.`
      : `${model} sent nothing within ${EN.wait(timeoutMs)}.`;
  },
  cutShort: (reason) => `${reason} The answer above is incomplete; ask again to get a full answer.`,
  exhausted(lastReason, tried) {
    if (tried.length <= 1) return lastReason;
    const list = tried.map((t) => `${t.model} (${t.reason})`).join('; ');
    return `No model could answer. Last error: ${lastReason} Tried: ${list}.`;
  },
  shortReason(kind, status, retryAfterMs) {
    const code = status ? ` (${status})` : '';
    const wait = retryAfterMs !== undefined && retryAfterMs > 0 ? `, retry after ${EN.wait(retryAfterMs)}` : '';
    return `${failureKindLabel(kind, 'en')}${code}${wait}`;
  },
  skipCooling: (waitMs) => `cooling down for ${EN.wait(waitMs)}`,
  skipBudget: (window) => `free-tier ${window === 'minute' ? 'per-minute' : 'daily'} limit reached`,
  noCapableModel(features, suggested) {
    const what = featureList(features, 'en');
    const lead = `No enabled model supports ${what}, so the request was not sent.`;
    return suggested.length
      ? `${lead} Free models that do: ${suggested.join(', ')}. Enable one to use them.`
      : `${lead} No free model in the current list supports ${what} either: refresh the free model list, or ask without them.`;
  },
  modelLacks(model, features, others) {
    const lead = `${model} does not support ${featureList(features, 'en')}, so the request was not sent.`;
    return others.length ? `${lead} Models that do: ${others.join(', ')}.` : lead;
  },
  skipLacks: (features) => `does not support ${featureList(features, 'en')}`,
  skipTooLong: (window, size) => `${formatTokens(window)} window, request ~${formatTokens(size)}`,
  noFittingModel(size, largest, suggested) {
    const biggest = largest ? ` (the largest, ${largest.model}, holds ${formatTokens(largest.window)})` : '';
    const lead = `This request is about ${formatTokens(size)} tokens, more than the context window of any enabled model${biggest}, so it was not sent.`;
    return suggested.length
      ? `${lead} Free models whose window holds it: ${suggested.map((s) => (s.window ? `${s.model} (${formatTokens(s.window)})` : s.model)).join(', ')}. Enable one, or start a new chat with less history.`
      : `${lead} No free model in the current list has a window that large: shorten the request, or start a new chat with less history.`;
  },
  modelTooSmall(model, window, size, others) {
    const lead = `The context window of ${model} (${formatTokens(window)}) cannot hold this request (about ${formatTokens(size)} tokens), so it was not sent.`;
    return others.length ? `${lead} Enabled models whose window does: ${others.join(', ')}.` : `${lead} Shorten the request, or start a new chat with less history.`;
  },
  skipOffline: 'its server is not answering',
  skipEndpointBudget: (waitMs) => `its endpoint's request limit is reached for ${EN.wait(waitMs)}`,
  endpointBudget: (models, waitMs) => `The request limit of the endpoint of ${models.join(', ')} is reached; it frees a request in ${EN.wait(waitMs)}. Raise its requestsPerMinute / requestsPerDay, or enable other models.`,
  offline: (models) => `No enabled model could be reached: the server of ${models.join(', ')} is not answering. Start it, or enable models of another endpoint.`,
  privacyHint(cause) {
    if (cause.by === 'setting') return cause.setting === ZDR_SETTING ? `left out by ${ZDR_SETTING} = true` : `left out by ${DATA_COLLECTION_SETTING} = "deny"`;
    const what = cause.what === 'training' ? ' (endpoints that may train on prompts)' : cause.what === 'zdr' ? ' (ZDR endpoints only)' : '';
    return `left out by your OpenRouter privacy settings${what}, ${PRIVACY_SETTINGS_URL}`;
  },
  skipEnded: 'ended on OpenRouter',
  ended(models, replacements) {
    const which = models.length === 1 ? `${models[0]} has` : `${models.join(', ')} have`;
    const lead = `${which} ended on OpenRouter (the free variant ended or the model is deprecated), so the request was not sent.`;
    return replacements.length
      ? `${lead} Free replacements OpenRouter suggests: ${replacements.join(', ')}. Enable one to use it.`
      : `${lead} Enable other free models in OpenRouter: Open Settings.`;
  },
};

const ZH: RouterText = {
  wait(ms) {
    const { h, min, s } = splitWait(ms);
    if (h === 0 && min === 0) return `${s} 秒`;
    if (h === 0) return s ? `${min} 分 ${s} 秒` : `${min} 分钟`;
    return min ? `${h} 小时 ${min} 分` : `${h} 小时`;
  },
  budget(refusal, now, paidAllowed = false) {
    const wait = ZH.wait(refusal.retryAt - now);
    if (refusal.window === 'minute') {
      if (refusal.server) {
        return `OpenRouter 表示本账户免费额度每分钟 ${refusal.limit} 次请求已用完（所有免费模型共用此额度）。${wait}后会空出名额，请届时重试。`;
      }
      return `免费额度每分钟 ${refusal.limit} 次请求已用完，本次请求未发送（OpenRouter 会拒绝）。${wait}后会空出名额，请届时重试。`;
    }
    const hint = refusal.limit < 1000 ? '购买至少 10 个 credits 的账户每天可用 1000 次免费请求（密钥显示已购买 credits 后 OpenRouter Dual 会自动采用）。' : '';
    const when = `额度将于本地时间 ${formatLocalTime(refusal.retryAt)}（${formatUtcTime(refusal.retryAt)}）恢复，还有 ${wait}。`;
    const instead = paidAllowed
      ? '在此之前只有付费模型可以回答（会消耗 credits）：请在 "OpenRouter: Open Settings" 中启用。'
      : '在"仅免费模型"开启时，恢复之前没有其他模型可以回答。';
    const what = refusal.server
      ? `OpenRouter 表示本账户免费额度每天 ${refusal.limit} 次请求已用完：所有免费模型都会拒绝，因此没有再尝试其他模型。`
      : `免费额度每天 ${refusal.limit} 次请求已用完，本次请求未发送。`;
    return `${what}${when}${instead}${hint}`;
  },
  cooling(model, until, now, count) {
    const who = count === 1 ? `${model} 正在` : `全部 ${count} 个已启用模型都在`;
    return `${who}因限流或错误而冷却。最早恢复的是 ${model}，还需 ${ZH.wait(until - now)}（${formatUtcTime(until)}）。请届时重试，或在 "OpenRouter: Open Settings" 中启用更多模型。`;
  },
  noModels: '尚未启用任何模型。请在 "OpenRouter: Open Settings" 中选择免费模型。',
  notFree: (models) =>
    `${models.join('、')} 不是免费模型，而设置 “Free Models Only”（${FREE_ONLY_SETTING}）已开启，因此请求未发送。请选择免费模型或 OpenRouter Auto，或关闭该设置以允许付费模型。`,
  cancelled: '已取消。',
  timeout(model, timeoutMs, afterOutput) {
    return afterOutput ? `${model} 已 ${ZH.wait(timeoutMs)}没有发送内容。` : `${model} 在 ${ZH.wait(timeoutMs)}内没有发送任何内容。`;
  },
  cutShort: (reason) => `${reason}以上回答不完整；请重新提问以获得完整回答。`,
  exhausted(lastReason, tried) {
    if (tried.length <= 1) return lastReason;
    const list = tried.map((t) => `${t.model}（${t.reason}）`).join('；');
    return `没有模型能够回答。最后的错误：${lastReason} 已尝试：${list}。`;
  },
  shortReason(kind, status, retryAfterMs) {
    const code = status ? ` (${status})` : '';
    const wait = retryAfterMs !== undefined && retryAfterMs > 0 ? `，${ZH.wait(retryAfterMs)}后重试` : '';
    return `${failureKindLabel(kind, 'zh-cn')}${code}${wait}`;
  },
  skipCooling: (waitMs) => `冷却中，还需 ${ZH.wait(waitMs)}`,
  skipBudget: (window) => (window === 'minute' ? '已达免费额度每分钟上限' : '已达免费额度每日上限'),
  noCapableModel(features, suggested) {
    const what = featureList(features, 'zh-cn');
    const lead = `没有已启用的模型支持${what}，因此请求未发送。`;
    return suggested.length
      ? `${lead}支持的免费模型：${suggested.join('、')}。启用其中之一即可使用。`
      : `${lead}当前列表中也没有支持${what}的免费模型：请刷新免费模型列表，或不使用它们提问。`;
  },
  modelLacks(model, features, others) {
    const lead = `${model} 不支持${featureList(features, 'zh-cn')}，因此请求未发送。`;
    return others.length ? `${lead}支持的模型：${others.join('、')}。` : lead;
  },
  skipLacks: (features) => `不支持${featureList(features, 'zh-cn')}`,
  skipTooLong: (window, size) => `窗口 ${formatTokens(window)}，请求约 ${formatTokens(size)}`,
  noFittingModel(size, largest, suggested) {
    const biggest = largest ? `（最大的是 ${largest.model}，可容纳 ${formatTokens(largest.window)}）` : '';
    const lead = `此请求约 ${formatTokens(size)} 个 token，超出了所有已启用模型的上下文窗口${biggest}，因此请求未发送。`;
    return suggested.length
      ? `${lead}窗口足够大的免费模型：${suggested.map((s) => (s.window ? `${s.model}（${formatTokens(s.window)}）` : s.model)).join('、')}。启用其中之一，或开始一个历史更短的新对话。`
      : `${lead}当前列表中也没有窗口这么大的免费模型：请缩短请求，或开始一个历史更短的新对话。`;
  },
  modelTooSmall(model, window, size, others) {
    const lead = `${model} 的上下文窗口（${formatTokens(window)}）容纳不下此请求（约 ${formatTokens(size)} 个 token），因此请求未发送。`;
    return others.length ? `${lead}窗口足够的已启用模型：${others.join('、')}。` : `${lead}请缩短请求，或开始一个历史更短的新对话。`;
  },
  skipOffline: '其服务器没有响应',
  skipEndpointBudget: (waitMs) => `其端点的请求上限已满，还需 ${ZH.wait(waitMs)}`,
  endpointBudget: (models, waitMs) => `${models.join('、')} 所属端点的请求上限已满，${ZH.wait(waitMs)}后可再次请求。请调高其 requestsPerMinute / requestsPerDay，或启用其他模型。`,
  offline: (models) => `无法连接任何已启用的模型：${models.join('、')} 的服务器没有响应。请启动该服务器，或启用其他端点的模型。`,
  privacyHint(cause) {
    if (cause.by === 'setting') return cause.setting === ZDR_SETTING ? `被 ${ZDR_SETTING} = true 排除` : `被 ${DATA_COLLECTION_SETTING} = "deny" 排除`;
    const what = cause.what === 'training' ? '（可能用提示词训练的端点）' : cause.what === 'zdr' ? '（仅限 ZDR 端点）' : '';
    return `被你的 OpenRouter 隐私设置${what}排除，${PRIVACY_SETTINGS_URL}`;
  },
  skipEnded: '已在 OpenRouter 上停止提供',
  ended(models, replacements) {
    const lead = `${models.join('、')} 已在 OpenRouter 上停止提供（免费版本已结束或模型已弃用），因此请求未发送。`;
    return replacements.length
      ? `${lead}OpenRouter 建议的免费替代模型：${replacements.join('、')}。启用其中之一即可使用。`
      : `${lead}请在 "OpenRouter: Open Settings" 中启用其他免费模型。`;
  },
};

export function routerText(locale: MessageLocale = 'en'): RouterText {
  return locale === 'zh-cn' ? ZH : EN;
}
