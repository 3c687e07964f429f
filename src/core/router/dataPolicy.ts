// Which of the extension's own provider preferences exclude a model that OpenRouter refused for
// its data policy (`privacy_restricted`, or the older data-policy 404): the user is told to loosen
// those, and not only the account's privacy settings, which cannot help while they are set.
import type { ProviderPreferences } from '../providers/providerPreferences';

/** The settings as the user finds them in Settings. */
const DATA_COLLECTION_SETTING = 'openrouterDual.provider.dataCollection';
const ZDR_SETTING = 'openrouterDual.provider.zdr';

/**
 * "setting = value" for each preference that excludes endpoints of the kind `excludedBy` names:
 * `data_policy:…` (training, logging) is data collection, `zdr` is Zero Data Retention. When
 * OpenRouter did not say (`excludedBy` empty), each data-policy preference the user set may be it.
 */
export function ownPolicyExclusions(preferences: ProviderPreferences | undefined, excludedBy: readonly string[]): string[] {
  const named = (test: (entry: string) => boolean): boolean => excludedBy.length === 0 || excludedBy.some(test);
  const own: string[] = [];
  if (preferences?.dataCollection === 'deny' && named((e) => e.startsWith('data_policy'))) own.push(`${DATA_COLLECTION_SETTING} = deny`);
  if (preferences?.zdr === true && named((e) => e === 'zdr')) own.push(`${ZDR_SETTING} = true`);
  return own;
}
