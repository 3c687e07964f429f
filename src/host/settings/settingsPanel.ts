// The settings page's panel: creates or revives the WebviewPanel, serves the page under a strict
// CSP, and hands every message to the protocol's host session.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { SettingsHostSession } from '../../protocol/hostSession';
import { renderPageHtml } from '../../protocol/pageHtml';
import { SECTIONS } from '../../protocol/pageMessages';
import type { SettingsBackend } from '../../protocol/settingsBackend';
import { markStepDone } from '../walkthrough/walkthroughProgress';

export const SETTINGS_VIEW_TYPE = 'openrouterDual.settings';

interface OpenPanel {
  panel: vscode.WebviewPanel;
  session: SettingsHostSession;
}

let current: OpenPanel | undefined;

/** Registers the serializer that brings the panel back after a window reload. */
export function registerSettingsPanel(context: vscode.ExtensionContext, backend: SettingsBackend): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(SETTINGS_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
      // The page restores its own UI state (getState) and asks for a fresh snapshot on `ready`.
      if (current) current.panel.dispose();
      current = attach(context, backend, panel);
    },
  });
}

/** Opens the panel, or brings the open one forward; `section` scrolls to e.g. 'statistics'. */
export function showSettingsPanel(context: vscode.ExtensionContext, backend: SettingsBackend, section?: string): void {
  const target = SECTIONS.find((s) => s === section);
  if (section !== undefined && !target) backend.log('warn', `Settings page: unknown section '${section}', opening at the top.`);
  if (current) {
    current.panel.reveal();
    if (target) current.session.reveal(target);
    return;
  }
  const panel = vscode.window.createWebviewPanel(SETTINGS_VIEW_TYPE, vscode.l10n.t('OpenRouter Settings'), vscode.ViewColumn.Active, webviewOptions(context));
  current = attach(context, backend, panel);
  if (target) current.session.reveal(target);
}

function webviewOptions(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')],
  };
}

function attach(context: vscode.ExtensionContext, backend: SettingsBackend, panel: vscode.WebviewPanel): OpenPanel {
  const webview = panel.webview;
  webview.options = webviewOptions(context);
  const session = new SettingsHostSession({
    backend,
    post: (message) => webview.postMessage(message),
    isVisible: () => panel.visible,
    localize: (message, ...args) => vscode.l10n.t(message, ...args),
  });
  const assets = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
  webview.html = renderPageHtml({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(assets, 'main.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(assets, 'main.css')).toString(),
    nonce: randomBytes(16).toString('base64'),
    lang: vscode.env.language,
    title: vscode.l10n.t('OpenRouter Settings'),
  });
  const subscriptions: vscode.Disposable[] = [
    webview.onDidReceiveMessage((raw: unknown) => session.handle(raw)),
    panel.onDidChangeViewState((e) => session.visibilityChanged(e.webviewPanel.visible)),
  ];
  markStepDone('settingsOpened');
  panel.onDidDispose(() => {
    session.dispose();
    for (const s of subscriptions) s.dispose();
    if (current?.panel === panel) current = undefined;
  });
  return { panel, session };
}
