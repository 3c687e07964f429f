// What a user reads when a request fails: what happened, then what to do about it. Never a stack
// trace, never the key. English and Simplified Chinese, since the UI ships both.
import type { ErrorKind, ProviderError, UnsupportedFeature } from './errors';
import { MAX_IMAGE_BYTES, MAX_IMAGES_TOTAL_BYTES } from './images';
import { redactSecrets } from './redact';
import type { MessageLocale } from '../shared/errorKinds';
import { formatTokens } from '../tokens/format';
import { DATA_COLLECTION_SETTING, PRIVACY_SETTINGS_URL, ZDR_SETTING, type PrivacyCause } from './privacy';

export type { MessageLocale };

interface Facts {
  model: string;
  status: string;
  server: string;
  retry: string;
  /** For `unsupported`: what no endpoint of the model supports. */
  feature?: UnsupportedFeature;
  /** For `context_length`: the window the server stated, as "32K", or empty. */
  window: string;
  /** For a data-policy refusal: whose policy excluded the model, when the router knows. */
  privacy?: PrivacyCause;
}

type Template = (f: Facts) => string;

const EN: Record<ErrorKind, Template> = {
  auth: (f) =>
    `OpenRouter rejected the API key${f.status}. Run 'OpenRouter: Set API Key' and paste a valid key from https://openrouter.ai/keys.`,
  payment: (f) =>
    `OpenRouter refused the request for lack of credits${f.status}${f.server}. Free models stop too when the balance is negative: add credits at https://openrouter.ai/settings/credits or check the account balance.`,
  forbidden: (f) =>
    `OpenRouter refused the request to ${f.model}${f.status}${f.server}. The input was probably flagged by moderation: rephrase it or use another model.`,
  not_found: (f) =>
    `The model ${f.model} is no longer available on OpenRouter${f.status}${f.server}. Run 'OpenRouter: Refresh Free Models' and enable another model.`,
  bad_request: (f) =>
    `OpenRouter rejected the request to ${f.model} as invalid${f.status}${f.server}. Check the model's options (max tokens, reasoning, tools) or try another model.`,
  rate_limited: (f) =>
    `${f.model} is rate-limited${f.status}${f.server}. Free models allow 20 requests a minute and 50 (or 1000) a day per account. ${f.retry || 'Wait a minute'}, or enable more models so the router can fail over.`,
  timeout: (f) =>
    `${f.model} did not answer in time${f.status}${f.server}. Try again, choose a faster model, or raise 'openrouterDual.timeoutPerModel'.`,
  upstream: (f) =>
    `The provider behind ${f.model} is unavailable${f.status}${f.server}. ${f.retry || 'Try again shortly'}, or use another model.`,
  network: (f) =>
    `The connection to OpenRouter failed${f.server}. Check the network connection, the proxy, and the 'openrouterDual.baseUrl' setting.`,
  cancelled: () => `The request was cancelled.`,
  stream_error: (f) => `The answer from ${f.model} broke off${f.server}. Try again or use another model.`,
  empty_answer: (f) => `${f.model} sent an empty answer (no text and no tool call). Try again or use another model.`,
  unsupported: (f) =>
    f.feature === 'tools'
      ? `${f.model} has no endpoint on OpenRouter that supports tool calls${f.status}. Enable a free model with tool support, or ask without tools.`
      : f.feature === 'image'
        ? `${f.model} has no endpoint on OpenRouter that accepts images${f.status}. Enable a free model with image input, or ask without images.`
        : f.feature === 'constraint'
          ? `OpenRouter has no endpoint of ${f.model} that meets the request's provider preferences${f.status}${f.server}. Loosen the preferences or use another model.`
          : privacyEn(f),
  context_length: (f) =>
    `The request is longer than the context window of ${f.model}${f.window ? ` (${f.window} tokens)` : ''}${f.status}. Enable a model with a larger window, or start a new chat with less history.`,
};

const ZH: Record<ErrorKind, Template> = {
  auth: (f) => `OpenRouter 拒绝了 API 密钥${f.status}。请运行 "OpenRouter: Set API Key"，填入 https://openrouter.ai/keys 中的有效密钥。`,
  payment: (f) =>
    `OpenRouter 因余额不足拒绝了请求${f.status}${f.server}。余额为负时免费模型也会停用：请在 https://openrouter.ai/settings/credits 充值或检查账户余额。`,
  forbidden: (f) =>
    `OpenRouter 拒绝了发往 ${f.model} 的请求${f.status}${f.server}。输入可能被内容审核拦截：请换一种说法或改用其他模型。`,
  not_found: (f) =>
    `模型 ${f.model} 在 OpenRouter 上已不可用${f.status}${f.server}。请运行 "OpenRouter: Refresh Free Models" 并启用其他模型。`,
  bad_request: (f) =>
    `OpenRouter 认为发往 ${f.model} 的请求无效${f.status}${f.server}。请检查模型选项（最大 token、推理、工具）或改用其他模型。`,
  rate_limited: (f) =>
    `${f.model} 已被限流${f.status}${f.server}。免费模型每个账户每分钟 20 次、每天 50（或 1000）次。${f.retry || '请稍等一分钟'}，或启用更多模型以便路由器自动切换。`,
  timeout: (f) =>
    `${f.model} 未能及时响应${f.status}${f.server}。请重试、选择更快的模型，或调大 "openrouterDual.timeoutPerModel"。`,
  upstream: (f) => `${f.model} 背后的服务商暂不可用${f.status}${f.server}。${f.retry || '请稍后重试'}，或改用其他模型。`,
  network: (f) => `与 OpenRouter 的连接失败${f.server}。请检查网络连接、代理以及 "openrouterDual.baseUrl" 设置。`,
  cancelled: () => `请求已取消。`,
  stream_error: (f) => `${f.model} 的回答中途中断${f.server}。请重试或改用其他模型。`,
  empty_answer: (f) => `${f.model} 返回了空回答（没有文字也没有工具调用）。请重试或改用其他模型。`,
  unsupported: (f) =>
    f.feature === 'tools'
      ? `${f.model} 在 OpenRouter 上没有支持工具调用的端点${f.status}。请启用支持工具的免费模型，或不带工具提问。`
      : f.feature === 'image'
        ? `${f.model} 在 OpenRouter 上没有接受图片的端点${f.status}。请启用支持图片输入的免费模型，或不带图片提问。`
        : f.feature === 'constraint'
          ? `OpenRouter 上 ${f.model} 没有满足请求的服务商偏好的端点${f.status}${f.server}。请放宽偏好，或改用其他模型。`
          : privacyZh(f),
  context_length: (f) =>
    `请求超出了 ${f.model} 的上下文窗口${f.window ? `（${f.window} 个 token）` : ''}${f.status}。请启用窗口更大的模型，或开始一个历史更短的新对话。`,
};

/**
 * A data-policy refusal: which setting (the extension's or the account's) excludes the model, and how
 * to change it. One lead per owner of the policy, one tail per cause; no cause: main's general words.
 */
function privacyEn(f: Facts): string {
  const p = f.privacy;
  if (!p || (p.by === 'account' && p.what === 'policy')) {
    return `OpenRouter has no endpoint of ${f.model} that your account's data policy allows${f.status}${f.server}. Change the policy at ${PRIVACY_SETTINGS_URL} or use another model.`;
  }
  const whose = p.by === 'setting' ? "the extension's data policy allows" : "your account's privacy settings allow";
  const tail =
    p.by === 'setting'
      ? p.setting === DATA_COLLECTION_SETTING
        ? `'${DATA_COLLECTION_SETTING}' is "deny", which leaves out endpoints that store or train on prompts (many free ones do). Set it to "allow" to use this model`
        : `'${ZDR_SETTING}' is on, which leaves only Zero Data Retention endpoints. Turn it off to use this model`
      : p.what === 'training'
        ? `its endpoints may train on prompts, which your settings at ${PRIVACY_SETTINGS_URL} exclude (free models have a switch of their own there). Allow it there`
        : `they allow Zero Data Retention endpoints only (${PRIVACY_SETTINGS_URL}). Change that there`;
  return `OpenRouter has no endpoint of ${f.model} that ${whose}${f.status}${f.server}: ${tail}, or use another model.`;
}

function privacyZh(f: Facts): string {
  const p = f.privacy;
  if (!p || (p.by === 'account' && p.what === 'policy')) {
    return `OpenRouter 上 ${f.model} 没有符合你账户数据政策的端点${f.status}${f.server}。请在 ${PRIVACY_SETTINGS_URL} 修改政策，或改用其他模型。`;
  }
  const whose = p.by === 'setting' ? '本扩展数据政策' : '你账户隐私设置';
  const tail =
    p.by === 'setting'
      ? p.setting === DATA_COLLECTION_SETTING
        ? `"${DATA_COLLECTION_SETTING}" 为 "deny"，会排除存储或用提示词训练的端点（许多免费端点如此）。将其设为 "allow" 即可使用该模型`
        : `"${ZDR_SETTING}" 已开启，只保留零数据保留（ZDR）端点。将其关闭即可使用该模型`
      : p.what === 'training'
        ? `它的端点可能用提示词训练，而你在 ${PRIVACY_SETTINGS_URL} 的设置排除了这类端点（免费模型有单独的开关）。请在那里允许`
        : `你的设置只允许零数据保留（ZDR）端点（${PRIVACY_SETTINGS_URL}）。请在那里修改`;
  return `OpenRouter 上 ${f.model} 没有符合${whose}的端点${f.status}${f.server}：${tail}，或改用其他模型。`;
}

/** The wait in the largest unit that keeps it readable: a daily limit resets in hours, not 50,000 s. */
function retryText(ms: number | undefined, locale: MessageLocale): string {
  if (ms === undefined) return '';
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  const [amount, en, zh] =
    seconds < 120 ? [seconds, 's', '秒'] : seconds < 7200 ? [Math.ceil(seconds / 60), 'min', '分钟'] : [Math.ceil(seconds / 3600), 'h', '小时'];
  return locale === 'zh-cn' ? `请在 ${amount} ${zh}后重试` : `Retry in ${amount} ${en}`;
}

/** The server's own words, without the "OpenRouter returned 429:" prefix the error message carries. */
function serverWords(e: ProviderError): string {
  const m = /^OpenRouter returned \d+: (.*)$/s.exec(e.message);
  const stripped = m ? m[1] : e.message.replace(/^[^:]*: /, '');
  const words = stripped.trim().replace(/[.。\s]+$/, '');
  // Parser errors can quote a whole broken event; the first line says enough.
  const firstLine = words.split('\n')[0];
  return firstLine.length > MAX_SERVER_WORDS ? `${firstLine.slice(0, MAX_SERVER_WORDS - 1)}…` : firstLine;
}

const MAX_SERVER_WORDS = 160;
const IMAGE_MB = MAX_IMAGE_BYTES / (1024 * 1024);
const IMAGES_MB = MAX_IMAGES_TOTAL_BYTES / (1024 * 1024);

export function describeProviderError(e: ProviderError, locale: MessageLocale = 'en'): string {
  const zh = locale === 'zh-cn';
  if (e.detail === 'missing_key') {
    return zh ? `尚未设置 OpenRouter API 密钥。请运行 "OpenRouter: Set API Key"。` : `No OpenRouter API key is set. Run 'OpenRouter: Set API Key'.`;
  }
  if (e.detail === 'sdk_load_failed') {
    // Nothing reached OpenRouter: the extension's own files are at fault, not the request.
    const words = serverWords(e);
    return redactSecrets(
      zh
        ? `扩展无法加载该模式的 SDK（${words}）。请运行 "OpenRouter: Switch Provider Mode" 换用另一种模式，或重新安装扩展。`
        : `The extension could not load this mode's SDK (${words}). Run 'OpenRouter: Switch Provider Mode' to use the other mode, or reinstall the extension.`,
    );
  }
  if (e.detail === 'image_too_large') {
    return zh
      ? `附加的图片超过 ${IMAGE_MB} MB，这是 OpenRouter 的模型对单张图片普遍接受的上限。请附加更小或压缩过的图片（例如只截取屏幕的一部分）。`
      : `An attached image is larger than ${IMAGE_MB} MB, the most OpenRouter's models accept per image. Attach a smaller or compressed image (for example a screenshot of part of the screen).`;
  }
  if (e.detail === 'image_type') {
    return zh
      ? `附加的图片不是 PNG、JPEG、WebP 或 GIF 格式，而 OpenRouter 的模型只接受这几种。请将其转换为其中一种格式后重新附加。`
      : `An attached image is not PNG, JPEG, WebP or GIF, the formats OpenRouter's models take. Convert it to one of these and attach it again.`;
  }
  if (e.detail === 'images_too_large') {
    return zh
      ? `对话中的图片合计超过 ${IMAGES_MB} MB，超出一次请求能携带的大小。请开始新的对话，或附加更少、更小的图片。`
      : `The images in this conversation together are larger than ${IMAGES_MB} MB, more than one request can carry. Start a new chat, or attach fewer or smaller images.`;
  }
  const words = e.kind === 'cancelled' ? '' : serverWords(e);
  const facts: Facts = {
    model: e.model ?? (zh ? '该模型' : 'The model'),
    status: e.status !== undefined ? ` (${e.status})` : '',
    server: words ? (zh ? `：${words}` : `: "${words}"`) : '',
    retry: retryText(e.retryAfterMs, locale),
    feature: e.unsupported,
    window: e.contextWindow ? formatTokens(e.contextWindow) : '',
    privacy: e.privacy,
  };
  const text = (zh ? ZH : EN)[e.kind](facts);
  return redactSecrets(text);
}
