// Reasoning is shown above the answer as a quoted block, never inside the answer. VS Code's chat
// does not render HTML such as <details> (checked in 1.139: the tags show as text), so a
// collapsed block is not available; `openrouterDual.showReasoning: false` hides it.
import type { Translate } from '../../shared/translate';
import { codeSpan } from './format';

export function renderReasoningBlock(model: string, reasoning: string, t: Translate): string {
  const text = reasoning.trim();
  if (!text) return '';
  const quoted = text
    .split(/\r?\n/)
    .map((line) => `> ${line}`.trimEnd())
    .join('\n');
  return `> *${t('Reasoning ({0})', codeSpan(model))}*\n>\n${quoted}\n\n`;
}
