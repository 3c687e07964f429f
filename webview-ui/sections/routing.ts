// Routing: strategy with a one-line explanation each, retries, timeouts, group size, the
// free-tier budget and server-side fallback; how answers are shown; OpenRouter's provider preferences.
import { DATA_COLLECTION_CHOICES, PROVIDER_SORT_CHOICES, REASONING_EFFORTS, ROUTING_STRATEGIES } from '../../src/protocol/coreTypes';
import type { PageContext } from '../context';
import { h } from '../dom';
import { checkboxField, numberField, radioCards, selectField, type FieldView } from '../fields';
import { sectionShell, type SectionView } from './section';

export function createRoutingSection(ctx: PageContext): SectionView {
  const r = ctx.t.routing;
  const strategy = radioCards(
    ctx,
    'routingStrategy',
    r.strategy,
    ROUTING_STRATEGIES.map((s) => ({ value: s, title: r.strategies[s][0], body: r.strategies[s][1] })),
    'cards strategy-cards',
  );
  const limits: FieldView[] = [
    numberField(ctx, 'maxRetries', { label: r.maxRetries, help: r.maxRetriesHelp }),
    numberField(ctx, 'timeoutPerModel', { label: r.timeout, help: r.timeoutHelp }),
    numberField(ctx, 'groupSize', { label: r.groupSize, help: r.groupSizeHelp }),
    selectField(ctx, 'freeTier.dailyLimit', { label: r.dailyLimit, help: r.dailyLimitHelp }, [
      { value: 50, label: r.daily50 },
      { value: 1000, label: r.daily1000 },
    ]),
    numberField(ctx, 'freeTier.requestsPerMinute', { label: r.perMinute, help: r.perMinuteHelp }),
    numberField(ctx, 'modelListMaxAgeMinutes', { label: r.listAge, help: r.listAgeHelp }),
  ];
  const toggles: FieldView[] = [
    checkboxField(ctx, 'serverSideFallback', { label: r.fallback, help: r.fallbackHelp }),
    checkboxField(ctx, 'freeModelsOnly', { label: r.freeOnly, help: r.freeOnlyHelp }),
  ];
  const answers: FieldView[] = [
    checkboxField(ctx, 'showReasoning', { label: r.showReasoning, help: r.showReasoningHelp }),
    selectField(
      ctx,
      'reasoning.effort',
      { label: r.effort },
      REASONING_EFFORTS.map((v) => ({ value: v, label: r.effortOptions[v] })),
    ),
    numberField(ctx, 'temperature', { label: r.temperature, help: r.temperatureHelp }, { step: 0.1, nullable: true }),
    numberField(ctx, 'maxTokens', { label: r.maxTokens, help: r.maxTokensHelp }, { nullable: true }),
  ];
  // OpenRouter's provider preferences (the lists only/ignore/order are edited in settings.json).
  const providers: FieldView[] = [
    selectField(
      ctx,
      'provider.sort',
      { label: r.sort },
      PROVIDER_SORT_CHOICES.map((v) => ({ value: v, label: r.sortOptions[v] })),
    ),
    selectField(
      ctx,
      'provider.dataCollection',
      { label: r.dataCollection },
      DATA_COLLECTION_CHOICES.map((v) => ({ value: v, label: r.dataCollectionOptions[v] })),
    ),
    checkboxField(ctx, 'provider.zdr', { label: r.zdr, help: r.zdrHelp }),
    checkboxField(ctx, 'provider.allowFallbacks', { label: r.allowFallbacks, help: r.allowFallbacksHelp }),
  ];
  const all = [strategy, ...limits, ...toggles, ...answers, ...providers];
  return {
    id: 'routing',
    element: sectionShell(
      'routing',
      ctx.t.sections.routing,
      strategy.element,
      h('div', { class: 'grid' }, limits.map((f) => f.element)),
      h('div', { class: 'toggles' }, toggles.map((f) => f.element)),
      h('h3', null, r.answers),
      h('div', { class: 'grid' }, answers.map((f) => f.element)),
      h('h3', null, r.providers),
      h('p', { class: 'field-help' }, r.providersHelp),
      h('div', { class: 'grid' }, providers.map((f) => f.element)),
    ),
    update: (state) => all.forEach((f) => f.update(state.config)),
  };
}
