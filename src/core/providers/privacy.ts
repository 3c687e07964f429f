// Which data policy left a model without an endpoint (`privacy_restricted`, or the data-policy 404):
// the extension's own preferences sent with the request (`openrouterDual.provider.dataCollection`
// "deny", `openrouterDual.provider.zdr`), or the account's privacy settings at
// https://openrouter.ai/settings/privacy (which have their own switches for free models). Decided
// from OpenRouter's `excluded_by` and what the request sent, so the message says what to change.
import type { ProviderPreferences } from './providerPreferences';

export const PRIVACY_SETTINGS_URL = 'https://openrouter.ai/settings/privacy';
export const DATA_COLLECTION_SETTING = 'openrouterDual.provider.dataCollection';
export const ZDR_SETTING = 'openrouterDual.provider.zdr';

export type PrivacyCause =
  /** The extension's preference sent with the request excludes every endpoint of the model. */
  | { by: 'setting'; setting: typeof DATA_COLLECTION_SETTING | typeof ZDR_SETTING }
  /**
   * The account's privacy settings: endpoints that may train on prompts are excluded (`training`),
   * only Zero Data Retention endpoints are allowed (`zdr`), or another part of its data policy.
   */
  | { by: 'account'; what: 'training' | 'zdr' | 'policy' };

/** `excludedBy`: OpenRouter's `excluded_by` (`data_policy:training`, `zdr`, ...); `sent`: the preferences the request carried. */
export function privacyCause(excludedBy: readonly string[], sent: Pick<ProviderPreferences, 'dataCollection' | 'zdr'> | undefined): PrivacyCause {
  const byZdr = excludedBy.some((e) => e === 'zdr' || e.startsWith('zdr:'));
  const byDataPolicy = excludedBy.some((e) => e.startsWith('data_policy'));
  const told = byZdr || byDataPolicy;
  // Without `excluded_by` (a body from before 2026-08), what the request sent is the likelier cause.
  if (sent?.zdr && (byZdr || !told)) return { by: 'setting', setting: ZDR_SETTING };
  if (sent?.dataCollection === 'deny' && (byDataPolicy || !told)) return { by: 'setting', setting: DATA_COLLECTION_SETTING };
  if (byZdr) return { by: 'account', what: 'zdr' };
  if (excludedBy.includes('data_policy:training')) return { by: 'account', what: 'training' };
  return { by: 'account', what: 'policy' };
}
