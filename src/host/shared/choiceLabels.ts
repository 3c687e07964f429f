// The words for provider modes and routing strategies, shared by the quick picks, the status bar
// and the API, so each choice has one name in every language.
import type { RoutingStrategy } from '../../core/config';
import type { ProviderMode } from '../../core/providers/types';
import type { Translate } from './translate';

export interface ChoiceLabel {
  label: string;
  detail: string;
}

export function providerModeLabels(t: Translate): Record<ProviderMode, ChoiceLabel> {
  return {
    openai_compatible: { label: t('OpenAI-compatible'), detail: t('The openai SDK pointed at OpenRouter: broad compatibility.') },
    openrouter_sdk: { label: t('Official OpenRouter SDK'), detail: t('Server-side fallback, reasoning options, usage and cost accounting.') },
  };
}

export function routingStrategyLabels(t: Translate): Record<RoutingStrategy, ChoiceLabel> {
  return {
    round_robin: { label: t('Round robin'), detail: t('Take the enabled models in turn.') },
    random: { label: t('Random'), detail: t('Pick a random healthy model.') },
    least_used: { label: t('Least used'), detail: t('Pick the model with the fewest recent requests.') },
    fastest_first: { label: t('Fastest first'), detail: t('Pick the model with the fastest measured time to first token.') },
    failover: { label: t('Failover'), detail: t('Always start with the first enabled model; move to the next on failure.') },
  };
}
