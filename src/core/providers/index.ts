// Entry point of the provider layer: one factory for both modes. Neither SDK is loaded here; each
// provider imports its SDK on its first request.
import { OpenAiCompatibleProvider } from './openaiCompatible';
import { OpenRouterSdkProvider } from './openrouterSdk';
import type { ChatProvider, ProviderMode, ProviderSettings } from './types';

export function createProvider(mode: ProviderMode, settings: ProviderSettings): ChatProvider {
  switch (mode) {
    case 'openai_compatible':
      return new OpenAiCompatibleProvider(settings);
    case 'openrouter_sdk':
      return new OpenRouterSdkProvider(settings);
  }
}

export * from './types';
export * from './errors';
export { describeProviderError } from './errorMessages';
export { fetchKeyInfo, type KeyInfo } from './keyInfo';
