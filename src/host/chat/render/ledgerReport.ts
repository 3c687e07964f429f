// `/stats`'s ledger part: today's spending (which should read $0.00), the free requests left, the
// models that billed although listed as free, today's requests per model, and the last days.
import { dayTotals, todaySpend, type AccountUsage } from '../../../core/router/ledger';
import type { StatsSnapshot } from '../../../core/router/types';
import { formatCredits } from '../../../core/shared/format';
import { ledgerDayLines, spendLines } from '../../shared/spendText';
import type { Translate } from '../../shared/translate';
import { codeSpan, escapeMarkdown } from './format';
import { idAsName, type ModelNamer } from './modelNames';

/** Days listed under today's table. */
const DAYS_SHOWN = 7;

export function renderLedger(snapshot: StatsSnapshot, account: AccountUsage | undefined, t: Translate, now: number, name: ModelNamer = idAsName): string {
  const ledger = snapshot.ledger ?? { days: [], billed: [] };
  const spend = todaySpend(ledger, snapshot.budget, now, account);
  const lines = [`**${escapeMarkdown(t('Spending'))}**`, '', ...spendLines({ ...spend, billed: spend.billed.map(name) }, t).map((l) => `- ${escapeMarkdown(l)}`)];
  const today = dayTotals(ledger, spend.day).models;
  if (today.length) {
    const header = [t('Model'), t('Requests'), t('Tokens in'), t('Tokens out'), t('Cost')];
    lines.push('', `| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
    for (const m of [...today].sort((a, b) => b.requests - a.requests)) {
      lines.push(`| ${[codeSpan(name(m.model), { table: true }), m.requests, m.promptTokens, m.completionTokens, formatCredits(m.cost)].join(' | ')} |`);
    }
  }
  const days = ledgerDayLines(ledger, DAYS_SHOWN, t);
  if (days.length > 1) lines.push('', ...days.map((d) => `- ${escapeMarkdown(d)}`));
  return lines.join('\n') + '\n';
}
