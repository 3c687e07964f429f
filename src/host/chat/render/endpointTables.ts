// `/models`, the part after OpenRouter's list: one section per endpoint, whether it answers, and its
// models. Capabilities an endpoint's list does not state are shown as unknown, not as absent.
import { codeSpan, isPlainId, tableCell } from './format';
import { commandLink, describeHealth, TOGGLE_MODEL_COMMAND, type ModelRow, type ReportPart } from './reportTables';
import type { Translate } from '../../shared/translate';

export interface EndpointSection {
  label: string;
  baseUrl: string;
  /** False while its server refuses connections. */
  answering: boolean;
  rows: readonly ModelRow[];
}

export function renderEndpointSections(sections: readonly EndpointSection[], t: Translate): ReportPart[] {
  const parts: ReportPart[] = [];
  for (const s of sections) {
    const state = s.answering ? '' : ` — ${t('not answering')}`;
    parts.push({ text: `\n**${tableCell(s.label)}** ${codeSpan(s.baseUrl)}${state}\n\n` });
    if (s.rows.length === 0) {
      parts.push({ text: t('No models listed yet.') + '\n' });
      continue;
    }
    // The id after `@` holds only characters that mean nothing in markdown: its links may run.
    const linked = s.rows.every((r) => isPlainId(r.model.id.slice(1)));
    parts.push({ text: table(s.rows, t, linked), commands: linked ? [TOGGLE_MODEL_COMMAND] : undefined });
  }
  return parts;
}

function table(rows: readonly ModelRow[], t: Translate, links: boolean): string {
  const unknown = '?';
  const header = [t('Model'), t('Reasoning'), t('Images'), t('Tools'), t('Health'), t('Enabled'), ''];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const { model, enabled, health } of rows) {
    const toggle = !links ? '' : commandLink(enabled ? t('Disable') : t('Enable'), TOGGLE_MODEL_COMMAND, [model.id, !enabled]);
    lines.push(`| ${[codeSpan(model.id, { table: true }), unknown, unknown, unknown, tableCell(describeHealth(health, t)), enabled ? '✓' : '', toggle].join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}
