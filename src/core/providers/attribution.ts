// Headers OpenRouter uses to attribute traffic to the app; sent on every request in both modes.
import type { ProviderSettings } from './types';
import { trimTrailingSlashes } from '../shared/baseUrl';

export function attributionHeaders(settings: ProviderSettings): Record<string, string> {
  return {
    'HTTP-Referer': settings.appUrl,
    'X-OpenRouter-Title': settings.appTitle,
    // Older name, still read by OpenRouter; kept so attribution works on either side of the rename.
    'X-Title': settings.appTitle,
  };
}

/** The base URL without a trailing slash, so `${base}/key` never doubles the slash. */
export function normalizedBaseUrl(settings: ProviderSettings): string {
  return trimTrailingSlashes(settings.baseUrl);
}
