// Maps the user's settings to what the router and the provider read per request.
import { providerPreferencesOf, type Config } from '../../../core/config';
import type { ChatOptions } from '../../../core/providers/types';
import type { RouterSettings } from '../../../core/router/types';

export function toRouterSettings(config: Config): RouterSettings {
  return {
    strategy: config.routingStrategy,
    maxRetries: config.maxRetries,
    timeoutPerModelMs: config.timeoutPerModel * 1000,
    dailyLimit: config['freeTier.dailyLimit'],
    requestsPerMinute: config['freeTier.requestsPerMinute'],
    serverSideFallback: config.serverSideFallback,
    contextCompression: config.contextCompression,
    freeModelsOnly: config.freeModelsOnly,
    providerPreferences: providerPreferencesOf(config),
  };
}

/** Request options from settings; `base` (e.g. tools from the model picker) wins where it sets a value. */
export function toChatOptions(config: Config, base: ChatOptions = {}): ChatOptions {
  const options: ChatOptions = { ...base };
  if (options.temperature === undefined && config.temperature !== null) options.temperature = config.temperature;
  if (options.maxTokens === undefined && config.maxTokens !== null) options.maxTokens = config.maxTokens;
  if (!options.reasoning) {
    const effort = config['reasoning.effort'];
    if (effort !== 'default') options.reasoning = { effort };
  }
  return options;
}
