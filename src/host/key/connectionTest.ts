// "Test Connection": checks the key with GET /key, then sends one tiny chat through the current
// provider mode and the router (so it respects the free-tier budget and shows in the statistics).
import * as vscode from 'vscode';
import { describeProviderError, fetchKeyInfo, ProviderError } from '../../core/providers';
import type { ConnectionStep } from '../../protocol/pageMessages';
import { errorText } from '../../core/shared/errorText';
import { describeKeyInfo } from './checks/keyInfoText';
import type { FreeModelCatalog } from '../../core/catalog';
import type { Endpoints } from '../endpoints/endpoints';
import type { EnabledModels } from '../models/modelSelection';
import type { RequestGate } from '../openrouter/openRouterAccess';
import type { HostSettings } from '../settings/hostSettings';
import type { Log } from '../status/log';
import { messageLocale } from '../status/messageLocale';
import { markStepDone } from '../walkthrough/walkthroughProgress';

/** What the test reads and sends through. */
export interface ConnectionTesting {
  access: RequestGate;
  settings: Pick<HostSettings, 'config'>;
  catalog: Pick<FreeModelCatalog, 'refresh' | 'stats'>;
  models: Pick<EnabledModels, 'enabledModelIds'>;
  endpoints: Pick<Endpoints, 'list' | 'check'>;
  log: Log;
}

export interface ConnectionTestResult {
  ok: boolean;
  steps: ConnectionStep[];
  /** The one-line outcome for a notification. */
  summary: string;
}

const PING = 'Reply with the single word: pong';

/**
 * OpenRouter first, then every other endpoint (GET /models), each its own step. An endpoint that
 * does not answer is reported, not a failed test: a local server is often off on purpose.
 */
export async function runConnectionTest(
  services: ConnectionTesting,
  report: (step: ConnectionStep) => void,
  signal?: AbortSignal,
): Promise<ConnectionTestResult> {
  const result = await runOpenRouterTest(services, report, signal);
  if (services.endpoints.list().length === 0 || signal?.aborted) return result;
  const t = vscode.l10n.t;
  const started = Date.now();
  const checks = await services.endpoints.check();
  const latencyMs = Date.now() - started;
  for (const check of checks) {
    const step: ConnectionStep = {
      id: `endpoint:${check.endpointId}`,
      label: check.label,
      ok: check.ok,
      message: check.ok ? t('answers; {0} models listed.', check.count) : t('not answering: {0}', check.error),
      latencyMs,
    };
    services.log.info(`Test connection: endpoint ${check.label} ${check.ok ? `answers (${check.count} models)` : `is not answering: ${check.error}`}.`);
    result.steps.push(step);
    report(step);
  }
  const answering = checks.filter((c) => c.ok).map((c) => c.label);
  const silent = checks.filter((c) => !c.ok).map((c) => c.label);
  const parts = [answering.length ? t('answering: {0}', answering.join(', ')) : '', silent.length ? t('not answering: {0}', silent.join(', ')) : ''].filter(Boolean);
  return { ...result, summary: `${result.summary} ${t('Endpoints: {0}.', parts.join('; '))}` };
}

async function runOpenRouterTest(
  services: ConnectionTesting,
  report: (step: ConnectionStep) => void,
  signal?: AbortSignal,
): Promise<ConnectionTestResult> {
  const t = vscode.l10n.t;
  const steps: ConnectionStep[] = [];
  const push = (step: ConnectionStep) => {
    steps.push(step);
    report(step);
  };
  const ready = await services.access.prepare();
  if (!ready.ok) {
    push({ id: 'key', label: t('API key'), ok: false, message: ready.message });
    return { ok: false, steps, summary: ready.message };
  }

  const keyStarted = Date.now();
  try {
    const info = await fetchKeyInfo(ready.providerSettings, signal);
    const source = ready.keySource === 'env' ? t(' (from the OPENROUTER_API_KEY environment variable)') : '';
    push({ id: 'key', label: t('API key'), ok: true, message: describeKeyInfo(info, t) + source, latencyMs: Date.now() - keyStarted });
  } catch (e) {
    const message = describeError(e);
    services.log.warn(`Test connection: key check failed: ${message}`);
    push({ id: 'key', label: t('API key'), ok: false, message, latencyMs: Date.now() - keyStarted });
    return { ok: false, steps, summary: message };
  }

  const modelsStarted = Date.now();
  const refreshed = await services.catalog.refresh();
  const catalog = services.catalog.stats();
  push({
    id: 'models',
    label: t('Model list'),
    ok: refreshed.ok,
    message: refreshed.ok
      ? t('{0} free models; {1} enabled.', catalog.free, services.models.enabledModelIds().length)
      : t('Could not refresh the model list; the previous list is kept. {0}', refreshed.error ?? ''),
    latencyMs: Date.now() - modelsStarted,
  });

  const chatStarted = Date.now();
  let answeredBy: string | undefined;
  let failure: string | undefined;
  let ttft: number | undefined;
  for await (const event of ready.routes.route({ messages: [{ role: 'user', content: PING }], options: { maxTokens: 256 }, signal })) {
    if (event.type === 'done') {
      answeredBy = event.summary.model;
      ttft = event.summary.ttftMs;
    } else if (event.type === 'failed') failure = event.failure.message;
  }
  const latencyMs = Date.now() - chatStarted;
  const providerMode = services.settings.config.providerMode;
  const mode = providerMode === 'openrouter_sdk' ? t('official SDK') : t('OpenAI-compatible');
  if (failure !== undefined || !answeredBy) {
    const message = failure ?? t('No model answered.');
    services.log.warn(`Test connection: chat failed (${providerMode}): ${message}`);
    push({ id: 'chat', label: t('Chat request'), ok: false, message, latencyMs });
    return { ok: false, steps, summary: message };
  }
  const message = t('{0} answered in {1} ms (first token {2} ms) via the {3} mode.', answeredBy, latencyMs, ttft ?? latencyMs, mode);
  services.log.info(`Test connection: ${message}`);
  push({ id: 'chat', label: t('Chat request'), ok: true, message, latencyMs });
  markStepDone('connectionTested');
  return { ok: true, steps, summary: t('Connection works: {0}', message) };
}

export function describeError(e: unknown): string {
  if (e instanceof ProviderError) return describeProviderError(e, messageLocale());
  return errorText(e);
}
