// OpenRouter's provider routing preferences (`provider` in the request body) and the conversation's
// `session_id` limit: what the user set, how a gateway client's own preferences merge under them, and
// the one wire shape both provider modes send. No Node built-ins: the settings page bundles it too.
import type { ChatOptions } from './types';

export const PROVIDER_SORTS = ['throughput', 'latency', 'price', 'exacto'] as const;
export type ProviderSort = (typeof PROVIDER_SORTS)[number];

/** What the user (or a gateway client) prefers; a field left undefined is not sent (the account's settings apply). */
export interface ProviderPreferences {
  sort?: ProviderSort;
  /** `deny`: only endpoints that neither store nor train on prompts. */
  dataCollection?: 'allow' | 'deny';
  /** Only Zero Data Retention endpoints. */
  zdr?: boolean;
  only?: string[];
  ignore?: string[];
  order?: string[];
  /** `false`: only the providers in `order`/`only`, no backups. */
  allowFallbacks?: boolean;
}

/** OpenRouter's `provider` object, as both modes send it. */
export interface WireProvider {
  sort?: ProviderSort | { by: ProviderSort; partition: 'none' };
  data_collection?: 'allow' | 'deny';
  zdr?: boolean;
  only?: string[];
  ignore?: string[];
  order?: string[];
  allow_fallbacks?: boolean;
  require_parameters?: boolean;
}

/** OpenRouter's limit on `session_id`. */
export const SESSION_ID_MAX_LENGTH = 256;

const nonEmpty = (list: string[] | undefined): list is string[] => Array.isArray(list) && list.length > 0;

/**
 * The `provider` object of one request, or undefined when there is nothing to send.
 * - `require_parameters: true` whenever the request carries tools, so OpenRouter picks only
 *   endpoints that take them (a free endpoint without tools would answer a 404 or ignore them);
 * - with a server-side `models` list, a sort covers the endpoints of every model in it together
 *   (`partition: "none"`), not each model's own endpoints one model after another.
 */
export function wireProvider(options: ChatOptions | undefined): WireProvider | undefined {
  const p = options?.provider;
  const out: WireProvider = {};
  if (p?.sort) out.sort = options?.fallbackModels?.length ? { by: p.sort, partition: 'none' } : p.sort;
  if (p?.dataCollection) out.data_collection = p.dataCollection;
  if (p?.zdr) out.zdr = true;
  if (nonEmpty(p?.only)) out.only = [...p.only];
  if (nonEmpty(p?.ignore)) out.ignore = [...p.ignore];
  if (nonEmpty(p?.order)) out.order = [...p.order];
  if (p?.allowFallbacks === false) out.allow_fallbacks = false;
  if (options?.tools?.length) out.require_parameters = true;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * A gateway client's preferences merged under the user's: the user's data policy can be tightened
 * (`deny`, ZDR, more providers ignored, a narrower `only`) but never loosened; for the rest the
 * user's choice wins where they made one.
 */
export function mergeProviderPreferences(user: ProviderPreferences | undefined, client: ProviderPreferences | undefined): ProviderPreferences | undefined {
  if (!client) return user;
  if (!user) return client;
  const merged: ProviderPreferences = {};
  const sort = user.sort ?? client.sort;
  if (sort) merged.sort = sort;
  if (user.dataCollection === 'deny' || client.dataCollection === 'deny') merged.dataCollection = 'deny';
  else if (user.dataCollection ?? client.dataCollection) merged.dataCollection = user.dataCollection ?? client.dataCollection;
  if (user.zdr || client.zdr) merged.zdr = true;
  const only = nonEmpty(user.only) && nonEmpty(client.only) ? user.only.filter((o) => client.only?.includes(o)) : nonEmpty(user.only) ? user.only : client.only;
  // Both lists and no provider in common: keep the user's, an empty `only` would mean "any".
  if (nonEmpty(only)) merged.only = only;
  else if (nonEmpty(user.only)) merged.only = user.only;
  const ignore = [...new Set([...(user.ignore ?? []), ...(client.ignore ?? [])])];
  if (ignore.length > 0) merged.ignore = ignore;
  const order = nonEmpty(user.order) ? user.order : client.order;
  if (nonEmpty(order)) merged.order = order;
  if (user.allowFallbacks === false || client.allowFallbacks === false) merged.allowFallbacks = false;
  return merged;
}
