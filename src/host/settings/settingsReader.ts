// Reads `openrouterDual.*` through the zod schema and re-reads on change, so every request uses
// the current values without a reload.
import * as vscode from 'vscode';
import { parseConfig, SETTING_KEYS, SETTINGS_SECTION, type Config, type ConfigIssue, type SettingKey } from '../../core/config';
import type { Log } from '../status/log';
import { messageLocale } from '../services';

export interface SettingsChange {
  config: Config;
  changed: SettingKey[];
}

export class HostSettings implements vscode.Disposable {
  private current: Config;
  private issues: ConfigIssue[] = [];
  /** Warnings already shown, by setting id and message, so one bad value warns once. */
  private readonly warned = new Set<string>();
  private readonly changed = new vscode.EventEmitter<SettingsChange>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly log: Log) {
    this.current = this.read();
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SETTINGS_SECTION)) this.reload();
    });
  }

  get config(): Config {
    return this.current;
  }

  get invalid(): readonly ConfigIssue[] {
    return this.issues;
  }

  /** Writes one value where the user keeps it: the workspace layer if set there, else the user layer. */
  async update(key: SettingKey, value: unknown): Promise<void> {
    const section = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const inspected = section.inspect(key);
    const target =
      inspected?.workspaceFolderValue !== undefined
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
    return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
  }

  /** Shows one warning per invalid setting (called once at start and after every change). */
  warnAboutIssues(): void {
    for (const issue of this.issues) {
      const id = `${issue.setting}\u0000${issue.message}`;
      if (this.warned.has(id)) continue;
      this.warned.add(id);
      this.log.warn(issue.message);
      const open = vscode.l10n.t('Open Settings');
      void vscode.window
        .showWarningMessage(vscode.l10n.t('OpenRouter Dual: {0}', issue.message), open)
        .then((choice) => {
          if (choice === open) void vscode.commands.executeCommand('workbench.action.openSettings', issue.setting);
        });
    }
    // A fixed setting may break again later with the same value; let it warn again then.
    for (const id of [...this.warned]) if (!this.issues.some((i) => `${i.setting}\u0000${i.message}` === id)) this.warned.delete(id);
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
    for (const key of SETTING_KEYS) {
      // `inspect` tells "not set" apart from a default, so the zod default applies to unset keys.
      const i = section.inspect(key);
      raw[key] = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
    }
    const { config, issues } = parseConfig(raw, messageLocale());
    this.issues = issues;
    return config;
  }
}
