// What the settings panel needs from the rest of the extension. The host layer implements it over
// settings, SecretStorage, the catalog and the router; the panel only talks to this interface, so
// the panel's message handling can be exercised without VS Code. It belongs to the protocol, so the
// page's host session depends on no host code.
import type { SettingKey } from '../core/config';
import type { StatsSnapshot } from '../core/router/types';
import type { ConnectionStep, EndpointDraft, SettingsState } from './pageMessages';

export interface DisposableLike {
  dispose(): void;
}

/**
 * `ok: false` carries a message for the user: what was wrong and what to do. `ok: true` may carry
 * a message worth showing (e.g. where a configuration was exported to).
 */
export type BackendResult = { ok: true; message?: string } | { ok: false; message: string };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface SettingsBackend {
  /** Everything the page shows, read fresh. Never contains the API key. */
  snapshot(): Promise<SettingsState>;
  /** Validates (with `validateSetting`) and writes one setting; invalid values are not written. */
  setSetting(key: SettingKey, value: unknown): Promise<BackendResult>;
  /** Adds or removes one model from `enabledModels`. */
  toggleModel(id: string, enabled: boolean): Promise<BackendResult>;
  /** Asks for the key in VS Code's own password input, so it never passes through the page. */
  setApiKey(): Promise<BackendResult>;
  clearApiKey(): Promise<BackendResult>;
  /** Runs the connection test, reporting each step as it completes. */
  testConnection(report: (step: ConnectionStep) => void): Promise<void>;
  refreshModels(): Promise<BackendResult>;
  resetStats(): Promise<BackendResult>;
  /** Shows a save dialog and writes the configuration as JSON (never the key). */
  exportConfig(): Promise<BackendResult>;
  /** Shows an open dialog and validates every setting in the file; writes them only if all are valid. */
  importConfig(): Promise<BackendResult>;
  /** Fires when anything in the snapshot may have changed (settings, key, catalog). */
  onDidChange(listener: () => void): DisposableLike;
  /** Fires with the router's statistics as they change. */
  onStats(listener: (stats: StatsSnapshot) => void): DisposableLike;
  log(level: LogLevel, message: string): void;
  /** The local gateway (absent where there is none): start, stop, copy its URL and token to the clipboard. */
  startGateway?(): Promise<BackendResult>;
  stopGateway?(): Promise<BackendResult>;
  copyGatewayUrl?(): Promise<BackendResult>;
  /**
   * Endpoints next to OpenRouter (absent where there are none). Writes go through the settings
   * writer's one queue; `originalId` absent adds, present changes that endpoint (its id stays).
   */
  saveEndpoint?(endpoint: EndpointDraft, originalId?: string): Promise<BackendResult>;
  /** Removes the endpoint, its models from the enabled ones and its key. */
  removeEndpoint?(id: string): Promise<BackendResult>;
  /** Asks the endpoint for its models: whether it answers, and how many it lists. */
  testEndpoint?(id: string): Promise<BackendResult>;
  /** The endpoint's key, typed into VS Code's own password box (the Set Endpoint Key command). */
  setEndpointKey?(id: string): Promise<BackendResult>;
  /** The literal keys in use, redacted from every message posted to the page (never sent there). */
  knownSecrets?(): Iterable<string>;
}
