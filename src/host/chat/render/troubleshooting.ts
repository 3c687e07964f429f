// Where docs/troubleshooting.md explains each failure a user can see: every failure in the chat
// links there, and the palette's "Troubleshooting" command opens the page the extension ships, in
// VS Code's display language (Chinese users get docs/troubleshooting.zh-cn.md).
import { headingAnchor } from '../../../core/shared/headingAnchor';
import type { FailureKind } from '../../../core/router/types';
import type { MessageLocale } from '../../../core/shared/errorKinds';

export const TROUBLESHOOTING_COMMAND = 'openrouterDual.openTroubleshooting';
/** The page of each language, in docs/ (the .vsix ships docs/*.md). */
export const TROUBLESHOOTING_PAGE_FILES: Record<MessageLocale, string> = { en: 'troubleshooting.md', 'zh-cn': 'troubleshooting.zh-cn.md' };

/**
 * The sections failures link to: the English heading (its anchor is what a link carries, whatever
 * the language) and the same section's heading on the Chinese page. The docs tests keep both real.
 */
const SECTIONS = {
  auth: { en: 'The key is rejected', 'zh-cn': '密钥被拒绝' },
  network: { en: 'No connection', 'zh-cn': '无法连接' },
  refused: { en: 'OpenRouter refuses the request', 'zh-cn': 'OpenRouter 拒绝请求' },
  busy: { en: 'A model is busy or gone', 'zh-cn': '模型繁忙或已下线' },
  halfWay: { en: 'An answer stops half way', 'zh-cn': '回答中途停止' },
  noModel: { en: 'No enabled model can take the request', 'zh-cn': '没有已启用的模型能处理该请求' },
  budget: { en: 'Free tier limit used up', 'zh-cn': '免费额度已用完' },
} as const satisfies Record<string, Record<MessageLocale, string>>;
type Section = keyof typeof SECTIONS;

/** The section that explains each kind of failure. */
const SECTION_OF: Record<Exclude<FailureKind, 'cancelled'>, Section> = {
  auth: 'auth',
  network: 'network',
  payment: 'refused',
  forbidden: 'refused',
  bad_request: 'refused',
  not_found: 'busy',
  rate_limited: 'busy',
  all_cooling_down: 'busy',
  timeout: 'busy',
  upstream: 'busy',
  empty_answer: 'busy',
  stream_error: 'halfWay',
  unsupported: 'noModel',
  context_length: 'noModel',
  no_models: 'noModel',
  not_free: 'noModel',
  budget_exhausted: 'budget',
};

/** The heading of the section for each kind, per language (for the docs tests). */
export function troubleshootingHeading(kind: Exclude<FailureKind, 'cancelled'>, locale: MessageLocale): string {
  return SECTIONS[SECTION_OF[kind]][locale];
}

/** The anchor of the section that explains a failure; one that ended a started answer is "stops half way". */
export function troubleshootingAnchor(kind: Exclude<FailureKind, 'cancelled'>, afterOutput = false): string {
  return headingAnchor(SECTIONS[afterOutput ? 'halfWay' : SECTION_OF[kind]].en);
}

/**
 * The page to open and where, for a section named by its English anchor (what links carry). On the
 * Chinese page the same section has a Chinese heading; an anchor of another section of the English
 * page has no counterpart there, so the Chinese page opens at its top.
 */
export function troubleshootingTarget(anchor: string | undefined, locale: MessageLocale): { file: string; anchor?: string } {
  const file = TROUBLESHOOTING_PAGE_FILES[locale];
  if (!anchor || locale === 'en') return { file, anchor };
  const section = Object.values(SECTIONS).find((s) => headingAnchor(s.en) === anchor);
  return { file, anchor: section ? headingAnchor(section[locale]) : undefined };
}
