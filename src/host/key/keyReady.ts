// Before a request leaves for OpenRouter from a caller that takes router events (the extension API,
// the local gateway): a key must be set and its host cleared. Either missing ends the request as a
// `failed` event, as the router itself would report it, and nothing is sent.
import * as vscode from 'vscode';
import type { RouterEvent } from '../../core/router';
import type { OpenRouterServices } from '../services';

/** A `failed` event when no key is set or its host was refused; undefined when the request may go. */
export async function keyNotReady(services: OpenRouterServices): Promise<RouterEvent | undefined> {
  const summary = { totalMs: 0, attempts: [] };
  if (!(await services.loadKey())) {
    return { type: 'failed', failure: { kind: 'auth', message: vscode.l10n.t('No OpenRouter API key is set. Run "OpenRouter: Set API Key".'), afterOutput: false }, summary };
  }
  const host = await services.clearKeyHost();
  if (!host.ok) return { type: 'failed', failure: { kind: 'forbidden', message: host.message, afterOutput: false }, summary };
  return undefined;
}
