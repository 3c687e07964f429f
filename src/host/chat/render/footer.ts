// The line under every answer: who answered, how fast, what it cost, and what was tried first.
import type { AttemptRecord, RouteSummary } from '../../../core/router/types';
import { formatCost, formatMs } from '../../../core/shared/format';
import { formatTokens } from '../../../core/tokens/format';
import { codeSpan, escapeMarkdown } from './format';
import type { Translate } from '../../shared/translate';
import { idAsName, type ModelNamer } from './modelNames';

/** `name`: how a model is shown (an endpoint's model by its label); the ids themselves stay in settings. */
export function renderFooter(summary: RouteSummary, t: Translate, name: ModelNamer = idAsName): string {
  const facts: string[] = [];
  if (summary.model) facts.push(t('Answered by {0}', codeSpan(name(summary.model))));
  facts.push(t('first token {0}', formatMs(summary.ttftMs)));
  facts.push(t('total {0}', formatMs(summary.totalMs)));
  if (summary.usage) {
    facts.push(t('{0} in / {1} out tokens', summary.usage.promptTokens, summary.usage.completionTokens));
    if (summary.usage.reasoningTokens) facts.push(t('{0} reasoning tokens', summary.usage.reasoningTokens));
    const cost = formatCost(summary.usage.cost);
    // A "free" model that billed: said as such, not as an ordinary cost.
    if (cost && summary.billed) facts.push(t('**billed {0}** although listed as free', cost));
    else if (cost) facts.push(t('cost {0}', cost));
  }
  if (summary.finishReason === 'length') facts.push(t('cut off at the token limit'));
  const lines = [`*${facts.join(' · ')}*`];
  // The model answered from a shortened prompt: the user must know it did not see everything.
  if (summary.compressedFrom !== undefined) {
    lines.push(`*${t("The request (~{0} tokens) is larger than every enabled model's context window: OpenRouter's context-compression plugin left out or cut messages from its middle.", formatTokens(summary.compressedFrom))}*`);
  }
  const tried = renderAttempts(summary.attempts, summary.model, t, name);
  if (tried) lines.push(tried);
  return `\n\n---\n${lines.join('  \n')}\n`;
}

/** Only worth a line when something other than one clean answer happened. */
export function renderAttempts(
  attempts: readonly AttemptRecord[],
  answeredBy: string | undefined,
  t: Translate,
  name: ModelNamer = idAsName,
): string | undefined {
  const notes = attempts.filter((a) => a.outcome !== 'answered' || a.model !== answeredBy);
  if (notes.length === 0) return undefined;
  const parts = notes.map((a) => `${codeSpan(name(a.model))}: ${describeAttempt(a, t)}`);
  return `*${t('Tried first: {0}', parts.join('; '))}*`;
}

function describeAttempt(a: AttemptRecord, t: Translate): string {
  if (a.outcome === 'answered') return t('answered');
  const why = a.reason !== undefined ? escapeMarkdown(a.reason) : (a.kind ?? t('unknown reason'));
  return a.outcome === 'skipped' ? t('skipped ({0})', why) : t('failed after {0} ({1})', formatMs(a.durationMs), why);
}
