// `/group`: every member's answer in its own titled section (see GroupTranscript for the order).
import type { GroupMember } from '../../../core/router';
import type { RouteSummary } from '../../../core/router/types';
import { renderFooter } from './footer';
import type { ChatOutput } from './output';
import { codeSpan } from './format';
import { GroupTranscript, type TranscriptChunk } from './groupTranscript';
import { renderReasoningBlock } from './reasoning';
import { renderFailureNote, type RenderOptions } from './route';
import { idAsName } from './modelNames';

export interface GroupMemberResult {
  model: string;
  answer: string;
  summary?: RouteSummary;
  failed: boolean;
}

export async function renderGroup(members: readonly GroupMember[], out: ChatOutput, opts: RenderOptions): Promise<GroupMemberResult[]> {
  const { t } = opts;
  const name = opts.name ?? idAsName;
  const transcript = new GroupTranscript(members.length, (chunk) => out.markdown(chunk.markdown));
  out.progress(t('Asking {0} models at once: {1}', members.length, members.map((m) => codeSpan(name(m.model))).join(', ')));

  const results = await Promise.all(
    members.map(async (member, index): Promise<GroupMemberResult> => {
      const result: GroupMemberResult = { model: member.model, answer: '', failed: false };
      transcript.append(index, { markdown: `\n\n### ${codeSpan(name(member.model))}\n\n` }, false);
      let reasoning = '';
      let reasoningModel = member.model;
      let reasoningWritten = false;
      const reasoningChunk = (): TranscriptChunk => ({ markdown: renderReasoningBlock(name(reasoningModel), reasoning, t) });
      const flushReasoning = () => {
        if (reasoningWritten || !reasoning) return;
        reasoningWritten = true;
        transcript.append(index, reasoningChunk());
      };
      for await (const event of member.events) {
        if (event.type === 'attempt' && !reasoningWritten) reasoning = '';
        else if (event.type === 'reasoning' && opts.showReasoning && !reasoningWritten) {
          reasoning += event.text;
          reasoningModel = event.model;
        } else if (event.type === 'text') {
          flushReasoning();
          result.answer += event.text;
          transcript.append(index, { markdown: event.text });
        } else if (event.type === 'done') {
          flushReasoning();
          result.summary = event.summary;
          const empty = result.answer.trim() ? '' : t('*The model returned an empty answer.*');
          transcript.finish(index, { markdown: empty + renderFooter(event.summary, t, name) });
        } else if (event.type === 'failed') {
          // As in a single answer: reasoning that no answer followed is not shown.
          result.summary = event.summary;
          result.failed = true;
          transcript.finish(index, { markdown: renderFailureNote(event.failure, t) + (event.summary.attempts.length ? renderFooter(event.summary, t, name) : '') });
        }
      }
      return result;
    }),
  );
  transcript.close();
  return results;
}

/** The group's answers as one assistant turn for the history. */
export function groupAnswerText(results: readonly GroupMemberResult[]): string {
  return results
    .filter((r) => r.answer.trim())
    .map((r) => `### ${r.summary?.model ?? r.model}\n\n${r.answer.trim()}`)
    .join('\n\n');
}
