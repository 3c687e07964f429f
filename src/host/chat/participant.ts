// The `@openrouter` chat participant: plain prompts are routed, `/group` fans out, `/retry` asks
// another model, `/models` and `/stats` report. It always calls the router directly (also when one
// of our models is picked in the model picker), so there is one path to the network.
import * as vscode from 'vscode';
import type { RouteSummary } from '../../core/router/types';
import { buildMessages, isTurnMetadata, type HistoryTurn, type TurnMetadata } from './render/history';
import type { ChatOutput } from './render/output';
import { groupAnswerText, renderGroup } from './render/group';
import { readReferences } from './references';
import { fitAttachments, fitHistory } from './render/fitPrompt';
import { escapeMarkdown } from './render/format';
import { countTextTokens, MESSAGE_OVERHEAD_TOKENS } from '../../core/tokens/count';
import { reservedOutput } from '../../core/router/fit';
import { formatTokens } from '../../core/tokens/format';
import { renderModelsReport, renderStatsReport, type ChatReports } from './participantReports';
import { renderRoute } from './render/route';
import { endpointModelNamer } from './render/modelNames';
import { toChatOptions } from '../settings/mapping/routerSettings';
import type { KeyStatus, RequestGate } from '../openrouter/openRouterAccess';
import type { Log } from '../status/log';
import { AUTO_MODEL_ID, VENDOR } from '../models/mapping/vendor';
import { noteParticipantRequest } from '../walkthrough/walkthroughProgress';
import { trustedFor } from './trust';

export const PARTICIPANT_ID = 'openrouter-dual.openrouter';

/** What the participant reads, and the gate its requests go through. */
export interface ChatServices extends ChatReports {
  access: RequestGate & Pick<KeyStatus, 'refreshKey' | 'accountUsage'>;
  log: Log;
}

export function registerParticipant(context: vscode.ExtensionContext, services: ChatServices): vscode.Disposable {
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, async (request, chatContext, stream, token) => {
    const result = await handle(services, request, chatContext, stream, token);
    noteParticipantRequest(request, result);
    return result;
  });
  participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
  participant.followupProvider = { provideFollowups: (result) => followups(result) };
  return participant;
}

async function handle(
  services: ChatServices,
  request: vscode.ChatRequest,
  chatContext: vscode.ChatContext,
  stream: vscode.ChatResponseStream,
  token: vscode.CancellationToken,
): Promise<vscode.ChatResult> {
  const t = vscode.l10n.t;
  const out = chatOutput(stream);
  // The reports need no key, so only the key's presence is read before them; the host is asked below.
  const hasKey = await services.access.refreshKey();
  if (request.command === 'models' || request.command === 'stats') {
    if (request.command === 'models') renderModelsReport(services, stream);
    else renderStatsReport(services, stream);
    // The reports need no key, but the user should not find out only at the next question.
    if (!hasKey) {
      stream.markdown('\n\n');
      explainMissingKey(stream);
    }
    return { metadata: { report: true, command: request.command } satisfies TurnMetadata };
  }
  if (!hasKey) {
    explainMissingKey(stream);
    return { metadata: { report: true } satisfies TurnMetadata };
  }
  const prompt = request.prompt.trim();
  if (!prompt) {
    stream.markdown(t('Ask a question after @openrouter, or use /group, /models or /stats.'));
    return { metadata: { report: true } satisfies TurnMetadata };
  }
  const ready = await services.access.prepare();
  if (!ready.ok && ready.reason === 'no-key') {
    explainMissingKey(stream);
    return { metadata: { report: true } satisfies TurnMetadata };
  }
  if (!ready.ok) {
    stream.markdown(ready.message);
    stream.button({ command: 'workbench.action.openSettings', arguments: ['openrouterDual.baseUrl'], title: t('Open Settings') });
    return { metadata: { report: true } satisfies TurnMetadata };
  }

  const abort = new AbortController();
  const cancelled = token.onCancellationRequested(() => abort.abort());
  try {
    const config = services.settings.config;
    const attachments = await readReferences(request.references, token);
    const options = toChatOptions(config);
    // What the largest enabled window holds: the router sends the request to a model whose window does.
    const window = largestWindow(services);
    const budget = window === undefined ? undefined : window - reservedOutput(window, options.maxTokens);
    const attached = fitAttachments(attachments, budget === undefined ? undefined : budget - countTextTokens(prompt) - 2 * MESSAGE_OVERHEAD_TOKENS);
    const fitted = fitHistory(buildMessages(historyTurns(chatContext), attached.text ? `${attached.text}\n\n${prompt}` : prompt), budget);
    if (window !== undefined) noteFitting(out, fitted.droppedTurns, attached.cut, window);
    const base = { messages: fitted.messages, options, signal: abort.signal };
    const renderOptions = { showReasoning: config.showReasoning, t, name: endpointModelNamer(services.endpoints.list()) };
    const started = Date.now();

    if (request.command === 'group') {
      const handleGroup = ready.routes.group(base, { size: config.groupSize });
      if (handleGroup.members.length === 0) return noModels(stream);
      const results = await renderGroup(handleGroup.members, out, renderOptions);
      services.log.info(
        `Group (${Date.now() - started} ms): ${results.map((r) => `${r.model} ${r.failed ? 'failed' : `answered by ${r.summary?.model ?? '?'}`}`).join('; ')}`,
      );
      return { metadata: { answer: groupAnswerText(results), command: 'group', prompt } satisfies TurnMetadata };
    }

    const preferredModel = request.command === 'retry' ? anotherModel(services, chatContext) : pickedModel(request.model);
    const rendered = await renderRoute(ready.routes.route({ ...base, preferredModel }), out, renderOptions);
    logRoute(services, rendered.summary, rendered.failure?.kind, preferredModel);
    return {
      metadata: {
        answer: rendered.answer,
        model: rendered.summary?.model,
        failed: rendered.failure !== undefined,
        command: request.command,
        prompt,
      } satisfies TurnMetadata,
    };
  } finally {
    cancelled.dispose();
  }
}

/** The largest window among the enabled models whose window is known; undefined when none is. */
function largestWindow(services: ChatServices): number | undefined {
  const windows = services.models.enabledModelIds().flatMap((id) => services.router.windowOf(id) ?? []);
  return windows.length ? Math.max(...windows) : undefined;
}

/** Before the answer: what of the conversation and the attachments did not go to the model, and why. */
function noteFitting(out: ChatOutput, droppedTurns: number, cut: readonly { label: string; keptChars: number; totalChars: number }[], window: number): void {
  const t = vscode.l10n.t;
  const notes: string[] = [];
  if (droppedTurns > 0) {
    notes.push(t('{0} earlier turns were left out: the conversation is longer than the largest enabled context window ({1} tokens).', droppedTurns, formatTokens(window)));
  }
  for (const c of cut) {
    notes.push(t('{0} was cut to its first {1} of {2} characters: no enabled model\'s context window ({3} tokens) holds the attachments whole.', escapeMarkdown(c.label), c.keptChars, c.totalChars, formatTokens(window)));
  }
  if (notes.length) out.markdown(notes.map((n) => `*${n}*`).join('\n\n') + '\n\n');
}

function chatOutput(stream: vscode.ChatResponseStream): ChatOutput {
  return {
    markdown: (text, commands) => stream.markdown(trustedFor(text, commands)),
    progress: (text) => stream.progress(text),
  };
}

function explainMissingKey(stream: vscode.ChatResponseStream): void {
  const t = vscode.l10n.t;
  stream.markdown(t('No OpenRouter API key is set. Create one at https://openrouter.ai/keys, then run "OpenRouter: Set API Key". Free models need a key too.'));
  stream.button({ command: 'openrouterDual.setApiKey', title: t('Set API Key') });
}

function noModels(stream: vscode.ChatResponseStream): vscode.ChatResult {
  stream.markdown(vscode.l10n.t('No models are enabled. Choose some with "Enable Other Models" or refresh the free model list.'));
  stream.button({ command: 'openrouterDual.toggleModel', title: vscode.l10n.t('Enable Other Models') });
  return { metadata: { report: true } satisfies TurnMetadata };
}

/** The model picked in VS Code's model picker, when it is one of ours and not the router itself. */
export function pickedModel(model: { vendor: string; id: string; family: string } | undefined): string | undefined {
  if (!model || model.vendor !== VENDOR) return undefined;
  // Our provider sets `family` to the OpenRouter id; `id` may carry a vendor prefix.
  const id = model.family || model.id.replace(`${VENDOR}/`, '');
  return id === AUTO_MODEL_ID ? undefined : id;
}

/** For "Retry with another model": the first enabled model other than the last one that answered. */
function anotherModel(services: ChatServices, chatContext: vscode.ChatContext): string | undefined {
  const last = [...chatContext.history].reverse().find((turn): turn is vscode.ChatResponseTurn => turn instanceof vscode.ChatResponseTurn);
  const lastModel = isTurnMetadata(last?.result.metadata) ? last.result.metadata.model : undefined;
  const ids = services.models.enabledModelIds();
  return ids.find((id) => id !== lastModel && !services.router.healthOf(id).coolingDown) ?? ids.find((id) => id !== lastModel);
}

function historyTurns(chatContext: vscode.ChatContext): HistoryTurn[] {
  return chatContext.history.map((turn): HistoryTurn => {
    if (turn instanceof vscode.ChatRequestTurn) return { kind: 'request', prompt: turn.prompt };
    const metadata = isTurnMetadata(turn.result.metadata) ? turn.result.metadata : undefined;
    const markdown = turn.response
      .filter((part): part is vscode.ChatResponseMarkdownPart => part instanceof vscode.ChatResponseMarkdownPart)
      .map((part) => part.value.value);
    return { kind: 'response', answer: metadata?.answer, markdown, report: metadata?.report === true || turn.result.errorDetails !== undefined };
  });
}

function followups(result: vscode.ChatResult): vscode.ChatFollowup[] {
  const metadata = isTurnMetadata(result.metadata) ? result.metadata : undefined;
  if (!metadata?.prompt || metadata.report) return [];
  const t = vscode.l10n.t;
  const out: vscode.ChatFollowup[] = [];
  if (metadata.command !== 'group') out.push({ prompt: metadata.prompt, command: 'group', label: t('Ask the group') });
  out.push({ prompt: metadata.prompt, command: 'retry', label: t('Retry with another model') });
  return out;
}

function logRoute(services: ChatServices, summary: RouteSummary | undefined, failure: string | undefined, preferred: string | undefined): void {
  if (!summary) return;
  const attempts = summary.attempts.map((a) => `${a.model} ${a.outcome}${a.kind ? ` (${a.kind})` : ''} ${a.durationMs} ms`).join(', ');
  const line = `Chat${preferred ? ` (picked ${preferred})` : ''}: ${failure ? `failed (${failure})` : `answered by ${summary.model}`}, first token ${summary.ttftMs ?? '-'} ms, total ${summary.totalMs} ms; attempts: ${attempts || 'none'}`;
  if (failure && failure !== 'cancelled') services.log.warn(line);
  else services.log.info(line);
}
