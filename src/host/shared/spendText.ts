// Today's spending in words, for the status bar's tooltip and `/stats`: the ledger's requests,
// tokens and cost (which should read $0.00), the free requests left today by the router's budget
// and by OpenRouter's own counter (GET /key), and what the key spent today by OpenRouter's books.
import type { DaySpend, LedgerSnapshot } from '../../core/router/ledger';
import { formatCredits } from '../../core/shared/format';
import type { Translate } from './translate';

export function spendLines(spend: DaySpend, t: Translate): string[] {
  const lines = [
    t('Today (UTC): {0} requests, {1} in / {2} out tokens, cost {3}.', spend.requests, spend.promptTokens, spend.completionTokens, formatCredits(spend.cost)),
    t('Free requests left today: {0} of {1}.', spend.freeLeft, spend.freeLimit),
  ];
  const account = spend.account;
  if (account?.freeRequests) lines.push(t('OpenRouter counts {0} of {1} free requests left today.', account.freeRequests.remaining, account.freeRequests.limit));
  if (account?.usageDaily !== undefined) lines.push(t('OpenRouter says this key spent {0} today.', formatCredits(account.usageDaily)));
  if (account && account.limitRemaining !== null) lines.push(t("{0} left on the key's credit limit.", formatCredits(account.limitRemaining)));
  if (spend.billed.length) lines.push(t('Billed although listed as free (now treated as paid): {0}.', spend.billed.join(', ')));
  return lines;
}

/** The last days of the ledger, newest first: one line each. */
export function ledgerDayLines(ledger: LedgerSnapshot, days: number, t: Translate): string[] {
  return [...ledger.days]
    .reverse()
    .slice(0, days)
    .map((d) => {
      const requests = d.models.reduce((n, m) => n + m.requests, 0);
      const cost = d.models.reduce((n, m) => n + m.cost, 0);
      const tokens = d.models.reduce((n, m) => n + m.promptTokens + m.completionTokens, 0);
      return t('{0}: {1} requests, {2} tokens, cost {3}', d.day, requests, tokens, formatCredits(cost));
    });
}
