// The facts `GET /key` returns, in one line a user can read.
import type { KeyInfo } from '../../../core/providers';
import type { Translate } from '../../shared/translate';
import { formatCredits } from '../../../core/shared/format';

export function describeKeyInfo(info: KeyInfo, t: Translate): string {
  const parts: string[] = [];
  if (info.label) parts.push(t('key {0}', info.label));
  parts.push(info.isFreeTier ? t('free tier') : t('paid tier'));
  if (info.limit === null) parts.push(t('no credit limit'));
  else parts.push(t('{0} of {1} credits left', formatCredits(info.limitRemaining ?? 0), formatCredits(info.limit)));
  parts.push(t('{0} used', formatCredits(info.usage)));
  if (info.rateLimit) parts.push(t('rate limit {0} requests / {1}', info.rateLimit.requests, info.rateLimit.interval));
  return parts.join(', ');
}
