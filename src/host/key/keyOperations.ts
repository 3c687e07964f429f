// Set and clear the API key. The key is asked for in VS Code's own password box, saved to
// SecretStorage, then checked with GET /key; the result is reported, the key itself never.
import * as vscode from 'vscode';
import { fetchKeyInfo } from '../../core/providers';
import type { BackendResult } from '../../protocol/settingsBackend';
import { describeError } from './connectionTest';
import { describeKeyInfo } from './checks/keyInfoText';
import { checkKeyShape } from './checks/keyShape';
import { ENV_KEY } from './secrets';
import type { KeyChanges, RequestGate } from '../openrouter/openRouterAccess';
import type { Log } from '../status/log';

export interface KeyCommands {
  access: RequestGate & KeyChanges;
  log: Log;
}

export async function promptAndStoreKey(services: KeyCommands): Promise<BackendResult> {
  const t = vscode.l10n.t;
  const input = await vscode.window.showInputBox({
    title: t('OpenRouter API Key'),
    prompt: t('Paste your OpenRouter API key (from https://openrouter.ai/keys). It is stored in VS Code\'s secret storage only.'),
    placeHolder: 'sk-or-v1-…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => {
      const shape = checkKeyShape(value.trim());
      if (shape.ok) return undefined;
      if (shape.reason === 'empty') return { message: t('Enter a key.'), severity: vscode.InputBoxValidationSeverity.Error };
      if (shape.reason === 'spaces') return { message: t('A key has no spaces inside.'), severity: vscode.InputBoxValidationSeverity.Error };
      // Proxies may use other key formats, so an unusual prefix is allowed after a warning.
      return { message: t('OpenRouter keys start with "sk-or-". Press Enter to use this one anyway.'), severity: vscode.InputBoxValidationSeverity.Warning };
    },
  });
  const key = input?.trim();
  if (!key) return { ok: false, message: t('No key was entered; nothing changed.') };
  if (!checkKeyShape(key).ok && /\s/.test(key)) return { ok: false, message: t('A key has no spaces inside; nothing changed.') };

  await services.access.storeKey(key);
  const ready = await services.access.prepare();
  if (!ready.ok) return { ok: false, message: t('The key was saved, but not checked: {0}', ready.message) };
  services.log.info('API key saved to secret storage; checking it with GET /key.');
  try {
    const info = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t('Checking the key with OpenRouter…') },
      () => fetchKeyInfo(ready.providerSettings),
    );
    const facts = describeKeyInfo(info, t);
    services.log.info(`API key accepted: ${facts}`);
    return { ok: true, message: t('API key saved and accepted by OpenRouter: {0}.', facts) };
  } catch (e) {
    const why = describeError(e);
    services.log.warn(`API key saved, but the check failed: ${why}`);
    return { ok: false, message: t('The key was saved, but the check failed: {0}', why) };
  }
}

export async function clearStoredKey(services: KeyCommands): Promise<BackendResult> {
  const t = vscode.l10n.t;
  const source = await services.access.clearKey();
  services.log.info('API key removed from secret storage.');
  if (source === 'env') {
    return { ok: true, message: t('The stored key was removed. The {0} environment variable still provides a key.', ENV_KEY) };
  }
  return { ok: true, message: t('The API key was removed.') };
}
