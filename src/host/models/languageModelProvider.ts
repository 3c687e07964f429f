// Our models in VS Code's own model picker, answering through the same router as the participant.
// Registering it is also what lets the participant answer without Copilot: VS Code needs a
// language model before it calls any participant.
import * as vscode from 'vscode';
import { notify } from '../status/notify';
import { estimateTokens, parseToolArguments, toCoreMessages, toToolChoice, toToolDefinitions, toolResultIds } from './mapping/lmMessages';
import { ToolCallReasoning } from './toolCallReasoning';
import { describeModels, type ModelInformation } from './mapping/modelInformation';
import type { RouterStats } from '../../core/router/stats';
import { toChatOptions } from '../settings/mapping/routerSettings';
import type { RequestGate } from '../openrouter/openRouterAccess';
import type { HostSettings } from '../settings/hostSettings';
import type { Log } from '../status/log';
import type { EnabledModels } from './modelSelection';
import { AUTO_MODEL_ID, VENDOR } from './mapping/vendor';
import { noteModelRequest } from '../walkthrough/walkthroughProgress';
import { ACTION_ARGS, ACTION_COMMANDS } from '../chat/render/failureActions';
import { TOGGLE_MODEL_COMMAND } from '../chat/render/reportTables';

/** What the model picker lists, and the gate its requests go through. */
export interface PickerServices {
  access: RequestGate;
  models: Pick<EnabledModels, 'enabledModels' | 'onDidChange'>;
  settings: Pick<HostSettings, 'config'>;
  log: Log;
  /** Which "free" models billed (the picker says so), and when one does (the picker's list changes). */
  router: { stats: Pick<RouterStats, 'ledger' | 'onEvent'> };
}

export class OpenRouterChatModels implements vscode.LanguageModelChatProvider<ModelInformation & vscode.LanguageModelChatInformation> {
  readonly onDidChangeLanguageModelChatInformation: vscode.Event<void>;
  /** Reasoning of turns that called tools, sent back with their results (the caller keeps none). */
  private readonly reasoning = new ToolCallReasoning();

  constructor(
    private readonly services: PickerServices,
    changed: vscode.Event<void> = services.models.onDidChange,
  ) {
    this.onDidChangeLanguageModelChatInformation = changed;
  }

  provideLanguageModelChatInformation(): ModelInformation[] {
    const t = vscode.l10n.t;
    return describeModels(this.services.models.enabledModels(), {
      // VS Code sorts models by name and, without a declared default (proposed API only), selects
      // the first: the leading symbol sorts before letters, so the router is the default choice
      // rather than whichever free model's name comes first alphabetically.
      auto: `✦ ${t('OpenRouter Auto')}`,
      autoDetail: t('routes across enabled free models'),
      free: t('free'),
      unknownCapabilities: t('tools and images unknown'),
      billed: t('billed although listed as free'),
    }, (id) => this.services.router.stats.ledger.isBilled(id));
  }

  async provideLanguageModelChatResponse(
    model: ModelInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const { services } = this;
    const ready = await services.access.prepare();
    if (!ready.ok && ready.reason === 'no-key') {
      // The chat shows a thrown error as text only; the button comes in a notification.
      const setKey = vscode.l10n.t('Set API Key');
      void notify.warn(ready.message, setKey).then((choice) => {
        if (choice === setKey) void vscode.commands.executeCommand('openrouterDual.setApiKey');
      });
    }
    if (!ready.ok) throw new Error(ready.message);
    noteModelRequest(model);
    const abort = new AbortController();
    const cancelled = token.onCancellationRequested(() => abort.abort());
    const config = services.settings.config;
    try {
      const events = ready.routes.route({
        messages: toCoreMessages(messages, (callId) => this.reasoning.recall(callId)),
        options: toChatOptions(config, { tools: toToolDefinitions(options.tools), toolChoice: options.tools?.length ? toToolChoice(options.toolMode) : undefined }),
        signal: abort.signal,
        // The stable API has no part for reasoning: only text and tool calls reach the picker's chat.
        // Auto hands a tool's result back to the model that called the tool (it keeps its plan and
        // gets its reasoning back); failover still applies.
        preferredModel: model.id === AUTO_MODEL_ID ? this.callerOfLastResult(messages, config.enabledModels) : model.id,
      });
      const callIds: string[] = [];
      for await (const event of events) {
        if (event.type === 'text') progress.report(new vscode.LanguageModelTextPart(event.text));
        else if (event.type === 'tool-call') {
          callIds.push(event.call.id);
          this.reasoning.remember([event.call.id], { details: [], model: event.model });
          if (event.error) services.log.warn(`Model picker (${model.id}): ${event.model}: ${event.error}`);
          progress.report(new vscode.LanguageModelToolCallPart(event.call.id, event.call.name, parseToolArguments(event.call.arguments, event.error)));
        } else if (event.type === 'reasoning-details') {
          this.reasoning.remember(callIds, { details: event.details, model: event.model });
        } else if (event.type === 'done') {
          services.log.info(`Model picker (${model.id}): answered by ${event.summary.model}, first token ${event.summary.ttftMs ?? '-'} ms, total ${event.summary.totalMs} ms`);
        } else if (event.type === 'failed') {
          if (event.failure.kind === 'cancelled') return;
          services.log.warn(`Model picker (${model.id}): ${event.failure.kind}: ${event.failure.message}`);
          if (event.failure.kind === 'not_free') offerFreeOnlySetting(event.failure.message);
          if (event.failure.suggestedModels?.length) offerModels(event.failure.message, event.failure.suggestedModels);
          throw new Error(event.failure.message);
        }
      }
    } finally {
      cancelled.dispose();
    }
  }

  /** The enabled model that made the call whose result the last message carries, if known. */
  private callerOfLastResult(messages: readonly vscode.LanguageModelChatRequestMessage[], enabled: readonly string[]): string | undefined {
    const last = messages.at(-1);
    for (const callId of last ? toolResultIds(last) : []) {
      const caller = this.reasoning.callerOf(callId);
      if (caller && enabled.includes(caller)) return caller;
    }
    return undefined;
  }

  async provideTokenCount(_model: ModelInformation, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    return estimateTokens(text);
  }
}

/** The chat shows a thrown error as text only: the way to the setting comes in a notification. */
function offerFreeOnlySetting(message: string): void {
  const open = vscode.l10n.t('Open Setting');
  void notify.warn(message, open).then((choice) => {
    if (choice === open) void vscode.commands.executeCommand(ACTION_COMMANDS.openFreeOnlySetting, ...(ACTION_ARGS.openFreeOnlySetting ?? []));
  });
}

/**
 * No enabled model could take the request's tools or images: the chat shows the message as text
 * only, so enabling the free models that can comes as buttons in a notification (notifications
 * show their text as plain text, so the ids from the model list stay inert).
 */
function offerModels(message: string, models: readonly string[]): void {
  const choices = models.slice(0, 2).map((id) => ({ id, title: vscode.l10n.t('Enable {0}', id) }));
  void notify.warn(message, ...choices.map((c) => c.title)).then((picked) => {
    const choice = choices.find((c) => c.title === picked);
    if (choice) void vscode.commands.executeCommand(TOGGLE_MODEL_COMMAND, choice.id, true);
  });
}

export function registerChatModels(services: PickerServices): vscode.Disposable {
  // The list changes with the enabled models, and when a "free" one bills (its detail says so).
  const changed = new vscode.EventEmitter<void>();
  const offModels = services.models.onDidChange(() => changed.fire());
  const offBilled = services.router.stats.onEvent((e) => {
    if (e.type === 'billed') changed.fire();
  });
  const registration = vscode.lm.registerLanguageModelChatProvider(VENDOR, new OpenRouterChatModels(services, changed.event));
  return {
    dispose: () => {
      registration.dispose();
      offModels.dispose();
      offBilled();
      changed.dispose();
    },
  };
}
