// Headers that say who is asking (User-Agent) and attribute traffic to the app (X-Title); sent on
// every request in both modes and on GET /key.
import type { ProviderSettings } from './types';
import { trimTrailingSlashes } from '../shared/baseUrl';
import { USER_AGENT } from '../shared/identity';

export function attributionHeaders(settings: ProviderSettings): Record<string, string> {
  return {
    'User-Agent': USER_AGENT,
    // Only a real address: no Referer at all rather than a placeholder (see APP_URL).
    ...(settings.appUrl ? { 'HTTP-Referer': settings.appUrl } : {}),
    'X-OpenRouter-Title': settings.appTitle,
    // Older name, still read by OpenRouter; kept so attribution works on either side of the rename.
    'X-Title': settings.appTitle,
  };
}

/** The base URL without a trailing slash, so `${base}/key` never doubles the slash. */
export function normalizedBaseUrl(settings: ProviderSettings): string {
  return trimTrailingSlashes(settings.baseUrl);
}
