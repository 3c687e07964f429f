// Reasoning is shown collapsed above the answer, never inside it.
import type { Translate } from './translate';

/** A `<details>` block; the text is HTML-escaped so reasoning cannot close the block or inject tags. */
export function renderReasoningBlock(model: string, reasoning: string, t: Translate): string {
  const text = reasoning.trim();
  if (!text) return '';
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const summary = t('Reasoning ({0})', model).replace(/</g, '&lt;');
  return `<details><summary>${summary}</summary>\n\n${escaped}\n\n</details>\n\n`;
}
