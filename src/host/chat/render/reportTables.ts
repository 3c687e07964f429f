// Markdown for `/models` and `/stats`.
import type { CatalogModel, ModelHealth } from '../../../core/catalog/types';
import type { StatsSnapshot } from '../../../core/router/types';
import { formatMs, formatPercent, formatRate, formatSeconds, formatTokens, NONE, secondsUntil } from '../../../core/shared/format';
import { failureKindLabel, type MessageLocale } from '../../../core/shared/errorKinds';
import { codeSpan, isPlainId, tableCell } from './format';
import type { Translate } from '../../shared/translate';
import { idAsName, type ModelNamer } from './modelNames';

export const TOGGLE_MODEL_COMMAND = 'openrouterDual.toggleModel';

export interface ModelRow {
  model: CatalogModel;
  enabled: boolean;
  health?: ModelHealth;
  /** Its answers reported a cost although it is listed as free: the router treats it as paid. */
  billed?: boolean;
}

/** A command link; the chat renders it only when the markdown trusts this command. */
export function commandLink(label: string, command: string, args: unknown[]): string {
  return `[${label}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
}

/** A markdown part of a report; `commands`: the only commands its links may run. */
export interface ReportPart {
  text: string;
  commands?: readonly string[];
}

/**
 * The `/models` table. Its Enable/Disable links need a trusted part, so that part holds only our
 * text and ids made of characters that mean nothing in markdown (`isPlainId`); a model whose id
 * is anything else is listed in a second table that runs nothing, without a link.
 */
export function renderModelsTable(rows: readonly ModelRow[], t: Translate): ReportPart[] {
  if (rows.length === 0) return [{ text: t('No free models are known yet. Run "OpenRouter: Refresh Free Models".') + '\n' }];
  const plain = rows.filter((r) => isPlainId(r.model.id));
  const odd = rows.filter((r) => !isPlainId(r.model.id));
  const parts: ReportPart[] = [];
  if (plain.length) parts.push({ text: modelsTable(plain, t, true), commands: [TOGGLE_MODEL_COMMAND] });
  if (odd.length) parts.push({ text: (plain.length ? '\n' : '') + modelsTable(odd, t, false) });
  return parts;
}

function modelsTable(rows: readonly ModelRow[], t: Translate, links: boolean): string {
  const yes = '✓';
  const header = [t('Model'), t('Context'), t('Reasoning'), t('Images'), t('Tools'), t('Health'), t('Enabled'), ''];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const { model, enabled, health, billed } of rows) {
    const toggle = !links
      ? ''
      : enabled
        ? commandLink(t('Disable'), TOGGLE_MODEL_COMMAND, [model.id, false])
        : commandLink(t('Enable'), TOGGLE_MODEL_COMMAND, [model.id, true]);
    lines.push(
      `| ${[
        `${codeSpan(model.id, { table: true })}${model.goneSince ? ` ⚠ ${t('gone')}` : ''}${model.expiresOn ? ` ⏳ ${t('ends after {0}', model.expiresOn)}` : ''}${billed ? ` 💸 ${t('billed although listed as free')}` : ''}`,
        formatTokens(model.contextLength),
        model.capabilities.reasoning ? yes : '',
        model.capabilities.vision ? yes : '',
        model.capabilities.toolCalling ? yes : '',
        tableCell(describeHealth(health, t)),
        enabled ? yes : '',
        toggle,
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n') + '\n';
}

export function describeHealth(health: ModelHealth | undefined, t: Translate): string {
  if (!health || (health.successRate === undefined && !health.coolingDown)) return t('no data yet');
  const parts: string[] = [];
  if (health.coolingDown) parts.push(t('cooling down'));
  if (health.successRate !== undefined) parts.push(t('{0} ok', formatPercent(health.successRate)));
  if (health.ttftMedianMs !== undefined) parts.push(t('TTFT {0}', formatMs(health.ttftMedianMs)));
  return parts.join(', ');
}

/** `locale` names the failure kinds ("rate limited 2", "被限流 2"), never their raw ids. */
export function renderStatsTable(snapshot: StatsSnapshot, t: Translate, now: number, locale: MessageLocale = 'en', name: ModelNamer = idAsName): string {
  const b = snapshot.budget;
  const lines: string[] = [];
  lines.push(
    t('**Requests:** {0} ({1} succeeded, {2} failed)', snapshot.totals.requests, snapshot.totals.successes, snapshot.totals.failures),
  );
  if (snapshot.routes) {
    lines.push(t('**Chats:** {0} answered, {1} failed, {2} cancelled', snapshot.routes.answered, snapshot.routes.failed, snapshot.routes.cancelled));
  }
  const g = snapshot.gatewayRoutes;
  if (g && g.answered + g.failed + g.cancelled > 0) {
    lines.push(t('**Through the local gateway:** {0} answered, {1} failed, {2} cancelled', g.answered, g.failed, g.cancelled));
  }
  lines.push(t('**Free-tier budget:** {0}/{1} this minute, {2}/{3} today', b.minuteUsed, b.minuteLimit, b.dayUsed, b.dayLimit));
  lines.push('');
  if (snapshot.models.length === 0) {
    lines.push(t('No requests yet.'));
    return lines.join('\n') + '\n';
  }
  const header = [t('Model'), t('Requests'), t('Success'), t('Failures'), t('TTFT median'), t('Total p95'), t('Tokens/s'), t('Load'), t('State')];
  lines.push(`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
  const models = [...snapshot.models].sort((a, b) => b.requests - a.requests);
  for (const m of models) {
    const failures = Object.entries(m.failures)
      .filter(([, n]) => (n ?? 0) > 0)
      .map(([kind, n]) => `${failureKindLabel(kind, locale)} ${n}`)
      .join(', ');
    const cooldown = secondsUntil(m.cooldownUntil, now);
    const state = cooldown !== undefined ? restState(t, m, formatSeconds(cooldown), locale) : m.inFlight ? t('{0} in flight', m.inFlight) : '';
    lines.push(
      `| ${[
        codeSpan(name(m.model), { table: true }),
        m.requests,
        formatPercent(m.requests ? m.successes / m.requests : undefined),
        tableCell(failures || NONE),
        formatMs(m.ttftMs.median),
        formatMs(m.totalMs.p95),
        formatRate(m.tokensPerSecond),
        formatPercent(m.loadShare),
        tableCell(state),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n') + '\n';
}

/** Why the router leaves a model alone and for how long: a stated wait, a bench on failures, or gone. */
function restState(t: Translate, m: StatsSnapshot['models'][number], left: string, locale: MessageLocale): string {
  const kind = m.cooldownKind ? failureKindLabel(m.cooldownKind, locale) : '';
  switch (m.cooldownWhy) {
    case 'stated':
      return t('waiting {0}: {1}, as the server asked', left, kind);
    case 'failure_rate':
      return t('benched {0}: too many recent failures ({1})', left, kind);
    case 'gone':
      return t('left out {0}: {1}', left, kind);
    default:
      return t('cooling down {0}', left);
  }
}
