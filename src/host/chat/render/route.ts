// Renders one routed answer: progress while models are tried, reasoning quoted above the
// answer, the answer streamed as it comes, then the footer or an error with what to do.
// Reasoning is held back until the answer starts (or the model ends without one): until then the
// router may still fail over, and what was on screen could not be taken back.
import type { RouteFailure, RouteSummary, RouterEvent } from '../../../core/router/types';
import { renderFooter } from './footer';
import type { ChatOutput } from './output';
import { ACTION_ARGS, ACTION_COMMANDS, actionsForFailure, type FailureAction } from './failureActions';
import { renderReasoningBlock } from './reasoning';
import { troubleshootingAnchor } from './troubleshooting';
import { commandLink, TOGGLE_MODEL_COMMAND } from './reportTables';
import { codeSpan, escapeMarkdown, isPlainId } from './format';
import type { Translate } from '../../shared/translate';
import { idAsName, type ModelNamer } from './modelNames';

export interface RenderedRoute {
  /** The answer text alone (no reasoning, no footer), for the conversation history. */
  answer: string;
  summary?: RouteSummary;
  failure?: RouteFailure;
}

export interface RenderOptions {
  showReasoning: boolean;
  t: Translate;
  /** How models are named in progress, reasoning and the footer; unset: by their ids. */
  name?: ModelNamer;
}

export function actionTitle(action: FailureAction, t: Translate): string {
  switch (action) {
    case 'setApiKey':
      return t('Set API Key');
    case 'openSettings':
      return t('Open Settings');
    case 'enableModels':
      return t('Enable Other Models');
    case 'refreshModels':
      return t('Refresh Free Models');
    case 'showLog':
      return t('Show Log');
    case 'openFreeOnlySetting':
      return t('Open Setting');
    case 'troubleshoot':
      return t('Troubleshooting');
  }
}

/**
 * The failure, what to do as command links, and the footer. Why links and not `stream.button`:
 * VS Code 1.139 folds text that sits between progress messages and buttons into its collapsed
 * "Completed N steps" list, which hid the error (seen in the workbench). The message (it quotes
 * the server) and the footer (model ids) are escaped, in parts that run nothing; the links are a
 * part of their own with only our text, the one part that may run (only these) commands.
 */
export function renderFailure(failure: RouteFailure, summary: RouteSummary, out: ChatOutput, t: Translate, name: ModelNamer = idAsName): void {
  const kind = failure.kind;
  if (kind === 'cancelled') return;
  out.markdown(renderFailureNote(failure, t));
  const actions = actionsForFailure(kind);
  const argsOf = (a: FailureAction): unknown[] => (a === 'troubleshoot' ? [troubleshootingAnchor(kind, failure.afterOutput)] : (ACTION_ARGS[a] ?? []));
  // Free models that can take what the request needed, one link each to enable it. The ids come
  // from the model list: only ids that mean nothing in markdown get a link (the message names all).
  const enable = (failure.suggestedModels ?? []).filter(isPlainId).map((id) => commandLink(t('Enable {0}', id), TOGGLE_MODEL_COMMAND, [id, true]));
  if (actions.length || enable.length) {
    const links = [...enable, ...actions.map((a) => commandLink(actionTitle(a, t), ACTION_COMMANDS[a], argsOf(a)))].join(' · ');
    const commands = [...(enable.length ? [TOGGLE_MODEL_COMMAND] : []), ...actions.map((a) => ACTION_COMMANDS[a])];
    out.markdown(`\n${links}\n`, [...new Set(commands)]);
  }
  if (summary.attempts.length) out.markdown(renderFooter(summary, t, name));
}

/** The failure as a quoted warning, its message (which quotes the server) escaped. */
export function renderFailureNote(failure: RouteFailure, t: Translate): string {
  const lead = failure.afterOutput ? t('The answer was cut short.') + ' ' : '';
  const message = failure.kind === 'cancelled' ? t('Stopped.') : escapeMarkdown(failure.message, MAX_FAILURE_MESSAGE);
  return `\n\n> ⚠️ ${lead}${message}\n`;
}

/** A failure message names models and quotes the server (cut at 160 characters there). */
const MAX_FAILURE_MESSAGE = 2000;

export async function renderRoute(events: AsyncIterable<RouterEvent>, out: ChatOutput, opts: RenderOptions): Promise<RenderedRoute> {
  const { t } = opts;
  const name = opts.name ?? idAsName;
  let answer = '';
  let reasoning = '';
  let reasoningModel = '';
  let reasoningWritten = false;
  const flushReasoning = () => {
    if (reasoningWritten || !reasoning) return;
    reasoningWritten = true;
    out.markdown(renderReasoningBlock(name(reasoningModel), reasoning, t));
  };
  for await (const event of events) {
    switch (event.type) {
      case 'attempt':
        out.progress(event.attempt > 1 ? t('Trying {0} (attempt {1})…', codeSpan(name(event.model)), event.attempt) : t('Asking {0}…', codeSpan(name(event.model))));
        // Reasoning of a model that then failed is not this answer's reasoning.
        if (!reasoningWritten) reasoning = '';
        break;
      case 'skip':
        out.progress(t('Skipped {0}: {1}', codeSpan(name(event.model)), escapeMarkdown(event.reason)));
        break;
      case 'reasoning':
        if (!opts.showReasoning || reasoningWritten) break;
        if (!reasoning) out.progress(t('{0} is reasoning…', codeSpan(name(event.model))));
        reasoning += event.text;
        reasoningModel = event.model;
        break;
      case 'text':
        flushReasoning();
        answer += event.text;
        out.markdown(event.text);
        break;
      case 'done':
        flushReasoning();
        if (!answer.trim()) out.markdown(t('*The model returned an empty answer.*'));
        out.markdown(renderFooter(event.summary, t, name));
        return { answer, summary: event.summary };
      case 'failed':
        // Reasoning still held back belongs to an attempt that failed before its answer started:
        // the router did not count it as shown, so it is not shown now either.
        renderFailure(event.failure, event.summary, out, t, name);
        return { answer, summary: event.summary, failure: event.failure };
      case 'tool-call':
      case 'usage':
        break;
    }
  }
  return { answer };
}
