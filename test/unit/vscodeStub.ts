// A small stand-in for the `vscode` module: enough of the API for `activate()` and the host
// adapters to run in Node, recording what they register and show. It does not imitate the
// workbench (no UI); the e2e suite is the proof in a real VS Code.
import { readFile, writeFile } from 'node:fs/promises';
import Module from 'node:module';
import { formatPlain } from '../../src/host/shared/translate';

type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  event = (listener: Listener<T>) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export class Uri {
  private constructor(
    readonly fsPath: string,
    readonly fragment = '',
  ) {}
  static file(path: string): Uri {
    return new Uri(path);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri([base.fsPath, ...parts].join('/'));
  }
  with(change: { fragment?: string }): Uri {
    return new Uri(this.fsPath, change.fragment ?? this.fragment);
  }
  get path(): string {
    return this.fsPath;
  }
  toString(): string {
    return `file://${this.fsPath}${this.fragment ? `#${this.fragment}` : ''}`;
  }
}

export class MarkdownString {
  supportHtml = false;
  isTrusted: boolean | { enabledCommands: string[] } = false;
  constructor(public value = '') {}
}

export class ThemeColor {
  constructor(readonly id: string) {}
}
export class LanguageModelTextPart {
  constructor(readonly value: string) {}
}
export class LanguageModelToolCallPart {
  constructor(
    readonly callId: string,
    readonly name: string,
    readonly input: object,
  ) {}
}
export class LanguageModelDataPart {
  constructor(
    readonly data: Uint8Array,
    readonly mimeType: string,
  ) {}
}
export class LanguageModelToolResultPart {
  constructor(
    readonly callId: string,
    readonly content: unknown[],
  ) {}
}
export class ChatRequestTurn {
  constructor(
    readonly prompt: string,
    readonly command: string | undefined,
    readonly references: unknown[],
    readonly participant: string,
  ) {}
}
export class ChatResponseMarkdownPart {
  constructor(readonly value: MarkdownString) {}
}
export class ChatResponseTurn {
  constructor(
    readonly response: unknown[],
    readonly result: { metadata?: unknown; errorDetails?: unknown },
    readonly participant: string,
  ) {}
}
export class Location {
  constructor(
    readonly uri: Uri,
    readonly range: unknown,
  ) {}
}

export const StatusBarAlignment = { Left: 1, Right: 2 };
export const ConfigurationTarget = { Global: 1, Workspace: 2, WorkspaceFolder: 3 };
export const ProgressLocation = { SourceControl: 1, Window: 10, Notification: 15 };
export const InputBoxValidationSeverity = { Info: 1, Warning: 2, Error: 3 };
export const ViewColumn = { Active: -1 };
export const l10n = { t: formatPlain };
export const env = {
  language: 'en',
  /** What the extension copied last. */
  clipboard: {
    text: '',
    writeText(value: string): Promise<void> {
      env.clipboard.text = value;
      return Promise.resolve();
    },
    readText: (): Promise<string> => Promise.resolve(env.clipboard.text),
  },
};

/** Everything the extension did, for assertions. */
export const recorded = {
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  participants: new Map<string, { handler: (...args: unknown[]) => unknown; followupProvider?: unknown }>(),
  modelProviders: new Map<string, { provider: Record<string, (...args: unknown[]) => unknown>; registeredAt: number }>(),
  selectChatModelsCalls: [] as { vendor?: string; at: number; providerRegistered: boolean }[],
  messages: [] as { level: 'info' | 'warning' | 'error'; text: string; items: string[] }[],
  logLines: [] as string[],
  settings: new Map<string, unknown>(),
  /** Values from the workspace (`.code-workspace`) and the folder's `.vscode/settings.json`; `settings` is the user layer. */
  workspaceSettings: new Map<string, unknown>(),
  folderSettings: new Map<string, unknown>(),
  /** Each modal message shown (`{ modal: true }`), answered with the next of `modalAnswers` (none: Cancel). */
  modals: [] as { text: string; detail?: string; items: string[] }[],
  modalAnswers: [] as (string | undefined)[],
  /** Non-modal messages are answered (a button clicked) with the next of these; none: dismissed. */
  messageAnswers: [] as (string | undefined)[],
  inputBoxAnswers: [] as (string | undefined)[],
  quickPickAnswers: [] as (string | undefined)[],
  multiPickAnswers: [] as string[][],
  /** What each quick pick offered, with the items checked at the start. */
  multiPickOffered: [] as { label: string; picked: boolean }[][],
  dialogAnswers: [] as (Uri | undefined)[],
  /** The labels each quick pick offered. */
  quickPicks: [] as string[][],
  /** One per `withProgress` call; `cancel()` is the notification's Cancel button. */
  progress: [] as CancellationTokenSource[],
  statusBarItems: [] as { text: string; tooltip: string; command: unknown; backgroundColor: ThemeColor | undefined; visible: boolean }[],
  /** Context keys set with `executeCommand('setContext', key, value)`, as `when` clauses would see them. */
  contextKeys: new Map<string, unknown>(),
  /** Walkthrough steps ticked with `welcome.markStepComplete`, as VS Code's walkthrough would show them. */
  walkthroughStepsDone: new Set<string>(),
  /** Each webview panel created; `dispose()` closes it as the user would. */
  webviewPanels: [] as { viewType: string; title: string; dispose(): void; posted?: unknown[]; fromPage?: (message: unknown) => Promise<void> }[],
  /**
   * How long `WorkspaceConfiguration.update` takes before it resolves (VS Code writes a file; never
   * synchronous). `onDidChangeConfiguration` fires after the write resolved, as in VS Code.
   */
  updateDelayMs: 0,
  /** Settings (full ids) whose next `update` rejects, as a read-only or broken settings file would. */
  failingUpdates: new Set<string>(),
  failUpdate(key: string): void {
    this.failingUpdates.add(key);
  },
  reset(): void {
    this.updateDelayMs = 0;
    this.failingUpdates.clear();
    this.commands.clear();
    this.participants.clear();
    this.modelProviders.clear();
    this.selectChatModelsCalls.length = 0;
    this.messages.length = 0;
    this.logLines.length = 0;
    this.settings.clear();
    this.workspaceSettings.clear();
    this.folderSettings.clear();
    this.modals.length = 0;
    this.modalAnswers.length = 0;
    this.messageAnswers.length = 0;
    this.inputBoxAnswers.length = 0;
    this.quickPickAnswers.length = 0;
    this.multiPickAnswers.length = 0;
    this.multiPickOffered.length = 0;
    this.dialogAnswers.length = 0;
    this.quickPicks.length = 0;
    this.progress.length = 0;
    this.statusBarItems.length = 0;
    this.contextKeys.clear();
    this.walkthroughStepsDone.clear();
    this.webviewPanels.length = 0;
  },
};
let clock = 0;
const configurationChanged = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();

/** Writes settings as the user would, and tells the extension they changed. */
export function changeSettings(values: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) recorded.settings.delete(k);
    else recorded.settings.set(k, v);
  }
  configurationChanged.fire({ affectsConfiguration: (s) => Object.keys(values).some((k) => k.startsWith(s)) });
}

const showMessage = (level: 'info' | 'warning' | 'error') => (text: string, ...items: unknown[]) => {
  const options = items[0];
  if (typeof options === 'object' && options !== null && (options as { modal?: boolean }).modal) {
    recorded.modals.push({ text, detail: (options as { detail?: string }).detail, items: items.filter((i): i is string => typeof i === 'string') });
    return Promise.resolve(recorded.modalAnswers.shift());
  }
  recorded.messages.push({ level, text, items: items.filter((i): i is string => typeof i === 'string') });
  return Promise.resolve(recorded.messageAnswers.shift());
};

export const window = {
  createOutputChannel: () => {
    const line = (level: string) => (m: string) => recorded.logLines.push(`${level} ${m}`);
    return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'), show: () => undefined, dispose: () => undefined };
  },
  createStatusBarItem: () => {
    const item = {
      text: '',
      tooltip: '',
      command: undefined as unknown,
      backgroundColor: undefined as ThemeColor | undefined,
      visible: false,
      show: () => void (item.visible = true),
      hide: () => void (item.visible = false),
      dispose: () => undefined,
    };
    recorded.statusBarItems.push(item);
    return item;
  },
  registerWebviewPanelSerializer: () => ({ dispose: () => undefined }),
  /** A panel whose webview accepts HTML and messages; nothing renders it. */
  createWebviewPanel: (viewType: string, title: string) => {
    const disposed = new EventEmitter<void>();
    const none = () => ({ dispose: () => undefined });
    /** What the host posted to the page, and the host's listener for what the page sends. */
    const posted: unknown[] = [];
    let receive: ((message: unknown) => unknown) | undefined;
    const panel = {
      viewType,
      title,
      visible: true,
      posted,
      /** Plays the page: delivers a message to the host and resolves once it was handled. */
      fromPage: async (message: unknown) => {
        await receive?.(structuredClone(message));
      },
      webview: {
        options: {},
        html: '',
        cspSource: 'stub:',
        asWebviewUri: (uri: Uri) => uri,
        postMessage: (message: unknown) => {
          posted.push(structuredClone(message));
          return Promise.resolve(true);
        },
        onDidReceiveMessage: (listener: (message: unknown) => unknown) => {
          receive = listener;
          return { dispose: () => (receive = undefined) };
        },
      },
      onDidChangeViewState: none,
      onDidDispose: disposed.event,
      reveal: () => undefined,
      dispose: () => disposed.fire(),
    };
    recorded.webviewPanels.push(panel);
    return panel;
  },
  showInformationMessage: showMessage('info'),
  showWarningMessage: showMessage('warning'),
  showErrorMessage: showMessage('error'),
  showInputBox: () => Promise.resolve(recorded.inputBoxAnswers.shift()),
  /** File dialogs answer with the next of `recorded.dialogAnswers` (undefined: cancelled). */
  showSaveDialog: () => Promise.resolve(recorded.dialogAnswers.shift()),
  showOpenDialog: () => {
    const answer = recorded.dialogAnswers.shift();
    return Promise.resolve(answer ? [answer] : undefined);
  },
  /**
   * Picks the item whose label is the next of `recorded.quickPickAnswers` (none: dismissed); a
   * multi-select pick takes the next of `recorded.multiPickAnswers` (labels to check).
   */
  showQuickPick: <T extends { label: string; picked?: boolean }>(items: readonly T[], options?: { canPickMany?: boolean }) => {
    recorded.quickPicks.push(items.map((i) => i.label));
    recorded.multiPickOffered.push(items.map((i) => ({ label: i.label, picked: Boolean(i.picked) })));
    if (options?.canPickMany) {
      const labels = recorded.multiPickAnswers.shift();
      return Promise.resolve(labels ? items.filter((i) => labels.includes(i.label)) : undefined);
    }
    const answer = recorded.quickPickAnswers.shift();
    return Promise.resolve(items.find((i) => i.label === answer));
  },
  withProgress: (_options: unknown, task: (p: { report(): void }, t: unknown) => unknown) => {
    const source = new CancellationTokenSource();
    recorded.progress.push(source);
    return task({ report: () => undefined }, source.token);
  },
};

export const workspace = {
  getConfiguration: (section: string) => ({
    inspect: (key: string) => {
      const full = `${section}.${key}`;
      return {
        globalValue: recorded.settings.get(full),
        workspaceValue: recorded.workspaceSettings.get(full),
        workspaceFolderValue: recorded.folderSettings.get(full),
      };
    },
    /** Merged as VS Code does: folder over workspace over user (no defaults: the stand-in has no manifest). */
    get: (key: string) => {
      const full = `${section}.${key}`;
      return recorded.folderSettings.get(full) ?? recorded.workspaceSettings.get(full) ?? recorded.settings.get(full);
    },
    /**
     * Like VS Code: writes to the layer named by `target` (default: user), resolves after the write,
     * then the change event fires; can be slow or fail (see `recorded`).
     */
    update: (key: string, value: unknown, target?: number) => {
      const full = `${section}.${key}`;
      const layer =
        target === ConfigurationTarget.WorkspaceFolder ? recorded.folderSettings : target === ConfigurationTarget.Workspace ? recorded.workspaceSettings : recorded.settings;
      return new Promise<void>((resolve, reject) => {
        setTimeout(() => {
          if (recorded.failingUpdates.delete(full)) {
            reject(new Error(`Unable to write into user settings: ${full} (stand-in failure)`));
            return;
          }
          if (value === undefined) layer.delete(full);
          else layer.set(full, value);
          resolve();
          setTimeout(() => configurationChanged.fire({ affectsConfiguration: (s) => full.startsWith(s) }), 0);
        }, recorded.updateDelayMs);
      });
    },
  }),
  onDidChangeConfiguration: configurationChanged.event,
  fs: {
    readFile: (uri: Uri) => readFile(uri.fsPath),
    writeFile: (uri: Uri, data: Uint8Array) => writeFile(uri.fsPath, data),
  },
  /** Set by a test to open folders; their `.vscode/settings.json` is read from disk. */
  workspaceFolders: undefined as { uri: Uri; name: string; index: number }[] | undefined,
};

export const commands = {
  registerCommand: (id: string, run: (...args: unknown[]) => unknown) => {
    recorded.commands.set(id, run);
    return { dispose: () => recorded.commands.delete(id) };
  },
  executeCommand: (id: string, ...args: unknown[]) => {
    // VS Code's built-in command behind `when` clauses and walkthrough `onContext:` events.
    if (id === 'setContext') {
      recorded.contextKeys.set(String(args[0]), args[1]);
      return Promise.resolve(undefined);
    }
    // The workbench's command that ticks a walkthrough step (by `<extension>#<walkthrough>#<step>`).
    if (id === 'welcome.markStepComplete') {
      recorded.walkthroughStepsDone.add(String(args[0]));
      return Promise.resolve(undefined);
    }
    return Promise.resolve(recorded.commands.get(id)?.(...args));
  },
};

export const chat = {
  createChatParticipant: (id: string, handler: (...args: unknown[]) => unknown) => {
    const participant: { handler: typeof handler; followupProvider?: unknown; iconPath?: unknown; dispose(): void } = {
      handler,
      dispose: () => recorded.participants.delete(id),
    };
    recorded.participants.set(id, participant);
    return participant;
  },
};

export const lm = {
  registerLanguageModelChatProvider: (vendor: string, provider: Record<string, (...args: unknown[]) => unknown>) => {
    recorded.modelProviders.set(vendor, { provider, registeredAt: ++clock });
    return { dispose: () => recorded.modelProviders.delete(vendor) };
  },
  /** Like VS Code: resolving a vendor asks its provider for the models. */
  selectChatModels: async (selector: { vendor?: string }) => {
    const entry = selector.vendor ? recorded.modelProviders.get(selector.vendor) : undefined;
    recorded.selectChatModelsCalls.push({ vendor: selector.vendor, at: ++clock, providerRegistered: entry !== undefined });
    if (!entry) return [];
    const info = (await entry.provider.provideLanguageModelChatInformation({ silent: true }, new CancellationTokenSource().token)) as { id: string }[];
    return info.map((m) => ({ ...m, vendor: selector.vendor }));
  },
};

export class CancellationTokenSource {
  private readonly emitter = new EventEmitter<void>();
  readonly token = {
    isCancellationRequested: false,
    onCancellationRequested: this.emitter.event,
  };
  cancel(): void {
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
}

/** An ExtensionContext with in-memory secrets and global state. */
export function createContext(storageDir: string) {
  const secrets = new Map<string, string>();
  const secretsChanged = new EventEmitter<{ key: string }>();
  const state = new Map<string, unknown>();
  return {
    subscriptions: [] as { dispose(): unknown }[],
    extension: { id: 'openrouter-dual.openrouter-dual' },
    extensionUri: Uri.file('/ext'),
    globalStorageUri: Uri.file(storageDir),
    secrets: {
      get: (k: string) => Promise.resolve(secrets.get(k)),
      store: (k: string, v: string) => {
        secrets.set(k, v);
        secretsChanged.fire({ key: k });
        return Promise.resolve();
      },
      delete: (k: string) => {
        secrets.delete(k);
        secretsChanged.fire({ key: k });
        return Promise.resolve();
      },
      onDidChange: secretsChanged.event,
    },
    globalState: {
      get: (k: string) => state.get(k),
      update: (k: string, v: unknown) => {
        state.set(k, v);
        return Promise.resolve();
      },
      keys: () => [...state.keys()],
    },
    state,
    secretValues: secrets,
  };
}

/** Makes `require('vscode')` resolve to this module, for code loaded afterwards. */
function installVscodeStub(): void {
  const mod = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = mod._resolveFilename;
  if ((original as { stubbed?: boolean }).stubbed) return;
  const patched = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === 'vscode' ? __filename : original.call(this, request, ...rest);
  };
  (patched as { stubbed?: boolean }).stubbed = true;
  mod._resolveFilename = patched;
}

installVscodeStub();
