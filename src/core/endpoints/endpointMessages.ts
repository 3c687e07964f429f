// What a user reads when an endpoint's request fails: OpenRouter's messages name OpenRouter, its
// key command and its free-tier limits, none of which applies to a local server or another API.
import { ProviderError } from '../providers/errors';
import type { ErrorKind } from '../shared/errorKinds';
import type { MessageLocale } from '../shared/errorKinds';
import { redactSecrets } from '../providers/redact';
import { parseQualifiedId } from './qualifiedIds';

interface Facts {
  endpoint: string;
  model: string;
  status: string;
  server: string;
}

type Template = (f: Facts) => string;

const EN: Record<ErrorKind, Template> = {
  auth: (f) => `${f.endpoint} rejected the key${f.status}${f.server}. Run 'OpenRouter: Set Endpoint Key' for ${f.endpoint}.`,
  payment: (f) => `${f.endpoint} refused the request for lack of credits${f.status}${f.server}.`,
  forbidden: (f) => `${f.endpoint} refused the request to ${f.model}${f.status}${f.server}.`,
  not_found: (f) => `${f.endpoint} does not serve ${f.model}${f.status}${f.server}. Load or pull the model there, or enable another one.`,
  bad_request: (f) => `${f.endpoint} rejected the request to ${f.model} as invalid${f.status}${f.server}.`,
  rate_limited: (f) => `${f.model} is rate-limited by ${f.endpoint}${f.status}${f.server}.`,
  timeout: (f) => `${f.model} on ${f.endpoint} did not answer in time${f.status}${f.server}. Raise 'openrouterDual.timeoutPerModel' for slow local models.`,
  upstream: (f) => `${f.endpoint} could not answer with ${f.model}${f.status}${f.server}. Try again shortly.`,
  network: (f) => `${f.endpoint} is not answering${f.server}. Start its server, or check the endpoint's base URL.`,
  cancelled: () => `The request was cancelled.`,
  stream_error: (f) => `The answer from ${f.model} on ${f.endpoint} broke off${f.server}. Try again.`,
  empty_answer: (f) => `${f.model} on ${f.endpoint} sent an empty answer (no text and no tool call). Try again, or enable another model.`,
  unsupported: (f) => `${f.model} on ${f.endpoint} cannot take this request (tools, images or another feature it lacks)${f.status}${f.server}. Ask without them, or enable a model that has them.`,
};

const ZH: Record<ErrorKind, Template> = {
  auth: (f) => `${f.endpoint} 拒绝了密钥${f.status}${f.server}。请为 ${f.endpoint} 运行 "OpenRouter: Set Endpoint Key"。`,
  payment: (f) => `${f.endpoint} 因余额不足拒绝了请求${f.status}${f.server}。`,
  forbidden: (f) => `${f.endpoint} 拒绝了发往 ${f.model} 的请求${f.status}${f.server}。`,
  not_found: (f) => `${f.endpoint} 没有提供 ${f.model}${f.status}${f.server}。请在该服务器上加载或拉取该模型，或启用其他模型。`,
  bad_request: (f) => `${f.endpoint} 认为发往 ${f.model} 的请求无效${f.status}${f.server}。`,
  rate_limited: (f) => `${f.model} 被 ${f.endpoint} 限流${f.status}${f.server}。`,
  timeout: (f) => `${f.endpoint} 上的 ${f.model} 未能及时响应${f.status}${f.server}。本地模型较慢时请调大 "openrouterDual.timeoutPerModel"。`,
  upstream: (f) => `${f.endpoint} 无法用 ${f.model} 回答${f.status}${f.server}。请稍后重试。`,
  network: (f) => `${f.endpoint} 没有响应${f.server}。请启动其服务器，或检查该端点的基础 URL。`,
  cancelled: () => `请求已取消。`,
  stream_error: (f) => `${f.endpoint} 上 ${f.model} 的回答中途中断${f.server}。请重试。`,
  empty_answer: (f) => `${f.endpoint} 上的 ${f.model} 返回了空回答（没有文字也没有工具调用）。请重试，或启用其他模型。`,
  unsupported: (f) => `${f.endpoint} 上的 ${f.model} 无法处理此请求（缺少工具、图片或其他功能）${f.status}${f.server}。请不使用它们提问，或启用具备这些功能的模型。`,
};

/** The server's words after our "<label> returned 404:" prefix, first line only. */
function serverWords(e: ProviderError): string {
  const stripped = e.message.replace(/^[^:]*: /, '').trim().replace(/[.\s]+$/, '');
  const first = stripped.split('\n')[0];
  return first.length > 160 ? `${first.slice(0, 159)}…` : first;
}

export function describeEndpointError(e: ProviderError, endpointLabel: string, locale: MessageLocale = 'en'): string {
  const zh = locale === 'zh-cn';
  if (e.detail === 'endpoint_missing') {
    return zh
      ? `模型 ${e.model ?? ''} 所属的端点已不在 "openrouterDual.endpoints" 中。请重新添加该端点或启用其他模型。`
      : `The endpoint of ${e.model ?? 'this model'} is no longer in 'openrouterDual.endpoints'. Add it again or enable another model.`;
  }
  const words = e.kind === 'cancelled' ? '' : serverWords(e);
  const facts: Facts = {
    endpoint: endpointLabel,
    // The endpoint is named already: its own id of the model reads better than `@endpoint/model`.
    model: e.model ? (parseQualifiedId(e.model)?.model ?? e.model) : zh ? '该模型' : 'the model',
    status: e.status !== undefined ? ` (${e.status})` : '',
    server: words ? (zh ? `：${words}` : `: "${words}"`) : '',
  };
  return redactSecrets((zh ? ZH : EN)[e.kind](facts));
}

/** A qualified id whose endpoint was removed from the settings: nothing can be sent. */
export function endpointMissingError(model: string): ProviderError {
  return new ProviderError({ kind: 'not_found', message: `No endpoint serves ${model}`, model, notSent: true, detail: 'endpoint_missing' });
}
