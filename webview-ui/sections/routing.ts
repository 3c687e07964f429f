// Routing: strategy with a one-line explanation each, retries, timeouts, group size, the
// free-tier budget and server-side fallback; how answers are shown; OpenRouter's provider preferences.
import { ROUTING_STRATEGIES } from '../../src/protocol/coreTypes';
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
    numberField(ctx, 'maxRetries', { label: r.maxRetries, help: r.maxRetriesHelp }, { min: 0, max: 10 }),
    numberField(ctx, 'timeoutPerModel', { label: r.timeout, help: r.timeoutHelp }, { min: 1, max: 600 }),
    numberField(ctx, 'groupSize', { label: r.groupSize, help: r.groupSizeHelp }, { min: 2, max: 8 }),
    selectField(ctx, 'freeTier.dailyLimit', { label: r.dailyLimit, help: r.dailyLimitHelp }, [
      { value: 50, label: r.daily50 },
      { value: 1000, label: r.daily1000 },
    ]),
    numberField(ctx, 'freeTier.requestsPerMinute', { label: r.perMinute, help: r.perMinuteHelp }, { min: 1, max: 1000 }),
    numberField(ctx, 'modelListMaxAgeMinutes', { label: r.listAge, help: r.listAgeHelp }, { min: 1, max: 10_080 }),
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
      (['default', 'low', 'medium', 'high'] as const).map((v) => ({ value: v, label: r.effortOptions[v] })),
    ),
    numberField(ctx, 'temperature', { label: r.temperature, help: r.temperatureHelp }, { min: 0, max: 2, step: 0.1, nullable: true }),
    numberField(ctx, 'maxTokens', { label: r.maxTokens, help: r.maxTokensHelp }, { min: 1, max: 1_000_000, nullable: true }),
  ];
  // OpenRouter's provider preferences (the lists only/ignore/order are edited in settings.json).
  const providers: FieldView[] = [
    selectField(
      ctx,
      'provider.sort',
      { label: r.sort },
      (['default', 'throughput', 'latency', 'price', 'exacto'] as const).map((v) => ({ value: v, label: r.sortOptions[v] })),
    ),
    selectField(
      ctx,
      'provider.dataCollection',
      { label: r.dataCollection },
      (['default', 'allow', 'deny'] as const).map((v) => ({ value: v, label: r.dataCollectionOptions[v] })),
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
