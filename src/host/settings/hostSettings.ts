// The user's `openrouterDual.*` settings as the host holds them: read through the zod schema and
// re-read on change (so every request uses the current values without a reload), written back to
// the layer the user keeps each one in, and warned about when invalid or set where it may not be.
// Validation and the one write queue are the settings writer's (settingsWriter.ts).
import * as vscode from 'vscode';
import { notify } from '../status/notify';
import { parseConfig, SETTING_KEYS, SETTINGS_SECTION, USER_ONLY_SETTINGS, type Config, type ConfigIssue, type SettingKey } from '../../core/config';
import type { Log } from '../status/log';
import { messageLocale } from '../status/messageLocale';
import { settingInFile } from './mapping/settingsFile';

/**
 * Settings a workspace or folder may not set (see core's USER_ONLY_SETTINGS): where a key goes and
 * whether chats may cost money, so a cloned repository's `.vscode/settings.json` must not choose
 * them. The manifest gives them the `application` scope (user settings only, in local and remote
 * windows alike; `machine` would be dropped from the user settings in a remote or code-server
 * window). VS Code then filters workspace values out; should one reach `inspect()` anyway, the
 * reader drops it too.
 */
const USER_ONLY = Object.keys(USER_ONLY_SETTINGS) as readonly SettingKey[];

interface IgnoredValue {
  setting: SettingKey;
  scope: 'workspace' | 'folder';
  value: unknown;
}

export interface SettingsChange {
  config: Config;
  changed: SettingKey[];
}

/** Reads, writes and watches the settings (one object, so a write and the next read agree). */
export class HostSettings implements vscode.Disposable {
  private current: Config;
  private issues: ConfigIssue[] = [];
  /** Workspace or folder values of user-only settings, dropped by read(). */
  private ignored: IgnoredValue[] = [];
  /** The same, found in the settings files themselves (see scanWorkspaceFiles). */
  private ignoredInFiles: IgnoredValue[] = [];
  /** Warnings already shown, by setting id and message, so one bad value warns once. */
  private readonly warned = new Set<string>();
  private readonly changed = new vscode.EventEmitter<SettingsChange>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly log: Log) {
    this.current = this.read();
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SETTINGS_SECTION)) return;
      this.reload();
      void this.scanWorkspaceFiles();
    });
    void this.scanWorkspaceFiles();
  }

  /**
   * VS Code drops a workspace or folder value of an `application`-scoped setting before `inspect()` sees
   * it, silently; the files still hold it, so they are read here and the user is told it is ignored.
   */
  async scanWorkspaceFiles(): Promise<void> {
    const found: IgnoredValue[] = [];
    const read = async (uri: vscode.Uri) => {
      try {
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        return undefined; // no such file: nothing set there
      }
    };
    for (const key of USER_ONLY) {
      const name = `${SETTINGS_SECTION}.${key}`;
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const text = await read(vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json'));
        const value = text === undefined ? undefined : settingInFile(text, name);
        if (value !== undefined) {
          found.push({ setting: key, scope: 'folder', value });
          break;
        }
      }
      const file = vscode.workspace.workspaceFile;
      if (!found.some((f) => f.setting === key) && file?.scheme === 'file') {
        const text = await read(file);
        const settings = text === undefined ? undefined : settingInFile(text, 'settings');
        const value = typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>)[name] : undefined;
        if (value !== undefined) found.push({ setting: key, scope: 'workspace', value });
      }
    }
    this.ignoredInFiles = found;
    this.warnAboutIssues();
  }

  get config(): Config {
    return this.current;
  }

  get invalid(): readonly ConfigIssue[] {
    return this.issues;
  }

  /** True when the user set `key` in any settings layer, so it is theirs rather than a default. */
  isSetByUser(key: SettingKey): boolean {
    const i = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect(key);
    return i?.globalValue !== undefined || i?.workspaceValue !== undefined || i?.workspaceFolderValue !== undefined;
  }

  /** Writes one value where the user keeps it: the workspace layer if set there, else the user layer. */
  async update(key: SettingKey, value: unknown): Promise<void> {
    const section = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const inspected = section.inspect(key);
    const target = USER_ONLY.includes(key)
      ? vscode.ConfigurationTarget.Global
      : inspected?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : inspected?.workspaceValue !== undefined
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    try {
      await section.update(key, value, target);
    } finally {
      // VS Code's change event comes after the write resolved: read now, so the next read-modify-write
      // (and whoever awaited this) sees the value just written, or the one a failed write left.
      this.reload();
    }
  }

  /** The raw value at the layer `update` writes `key` to (undefined: not set there), to restore it later. */
  storedValue(key: SettingKey): unknown {
    const i = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect(key);
    if (USER_ONLY.includes(key)) return i?.globalValue;
    return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
  }

  /** Shows one warning per invalid or ignored setting (called once at start and after every change). */
  warnAboutIssues(): void {
    for (const ignored of this.allIgnored()) {
      const id = `ignored\u0000${ignored.setting}\u0000${ignored.scope}\u0000${JSON.stringify(ignored.value)}`;
      if (this.warned.has(id)) continue;
      this.warned.add(id);
      this.warn(`${SETTINGS_SECTION}.${ignored.setting}`, this.ignoredMessage(ignored));
    }
    for (const issue of this.issues) {
      const id = `${issue.setting}\u0000${issue.message}`;
      if (this.warned.has(id)) continue;
      this.warned.add(id);
      this.warn(issue.setting, issue.message);
    }
    // A fixed setting may break again later with the same value; let it warn again then.
    const current = new Set([
      ...this.issues.map((i) => `${i.setting}\u0000${i.message}`),
      ...this.allIgnored().map((i) => `ignored\u0000${i.setting}\u0000${i.scope}\u0000${JSON.stringify(i.value)}`),
    ]);
    for (const id of [...this.warned]) if (!current.has(id)) this.warned.delete(id);
  }

  /** One entry per setting: what inspect() reported, else what the files hold. */
  private allIgnored(): IgnoredValue[] {
    return [...this.ignored, ...this.ignoredInFiles.filter((f) => !this.ignored.some((i) => i.setting === f.setting))];
  }

  private warn(setting: string, message: string): void {
    this.log.warn(message);
    const open = vscode.l10n.t('Open Settings');
    void notify.warn(vscode.l10n.t('OpenRouter Dual: {0}', message), open).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand('workbench.action.openSettings', setting);
    });
  }

  private ignoredMessage(ignored: IgnoredValue): string {
    const name = `${SETTINGS_SECTION}.${ignored.setting}`;
    const value = JSON.stringify(ignored.value);
    const used = JSON.stringify(this.current[ignored.setting]);
    if (USER_ONLY_SETTINGS[ignored.setting as keyof typeof USER_ONLY_SETTINGS] === 'cost') {
      return ignored.scope === 'folder'
        ? vscode.l10n.t('{0} = {1} in the workspace folder settings (.vscode/settings.json) is ignored: it decides whether chats may cost money, so only your user settings can set it. Using {2}.', name, value, used)
        : vscode.l10n.t('{0} = {1} in the workspace settings is ignored: it decides whether chats may cost money, so only your user settings can set it. Using {2}.', name, value, used);
    }
    return ignored.scope === 'folder'
      ? vscode.l10n.t('{0} = {1} in the workspace folder settings (.vscode/settings.json) is ignored: it decides where your API key goes, so only your user settings can set it. Using {2}.', name, value, used)
      : vscode.l10n.t('{0} = {1} in the workspace settings is ignored: it decides where your API key goes, so only your user settings can set it. Using {2}.', name, value, used);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  /** Re-reads every setting; logs and announces what changed (nothing when a change was already seen). */
  private reload(): void {
    const before = this.current;
    this.current = this.read();
    const changed = SETTING_KEYS.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(this.current[k]));
    for (const key of changed) {
      this.log.info(`Setting ${SETTINGS_SECTION}.${key}: ${JSON.stringify(before[key])} -> ${JSON.stringify(this.current[key])}`);
    }
    this.warnAboutIssues();
    if (changed.length) this.changed.fire({ config: this.current, changed });
  }

  private read(): Config {
    const section = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const raw: Partial<Record<SettingKey, unknown>> = {};
    const ignored: IgnoredValue[] = [];
    for (const key of SETTING_KEYS) {
      // `inspect` tells "not set" apart from a default, so the zod default applies to unset keys.
      const i = section.inspect(key);
      if (USER_ONLY.includes(key)) {
        // One warning per setting: about the value VS Code's own merge would have picked.
        if (i?.workspaceFolderValue !== undefined) ignored.push({ setting: key, scope: 'folder', value: i.workspaceFolderValue });
        else if (i?.workspaceValue !== undefined) ignored.push({ setting: key, scope: 'workspace', value: i.workspaceValue });
        raw[key] = i?.globalValue;
      } else {
        raw[key] = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
      }
    }
    this.ignored = ignored;
    const { config, issues } = parseConfig(raw, messageLocale());
    this.issues = issues;
    return config;
  }
}
