// An in-memory SettingsBackend for the page tests: real setting validation (core's
// validateSetting), the real built-in model list, and every call recorded. It runs in the browser
// harness and in the node tests of the host session.
import { defaultConfig, validateSetting, type Config, type SettingKey } from '../../src/core/config';
import { builtinModels } from '../../src/core/catalog/builtin';
import type { ModelStatsSnapshot, StatsSnapshot } from '../../src/core/router/types';
import type { BackendResult, DisposableLike, LogLevel, SettingsBackend } from '../../src/protocol/settingsBackend';
import type { ConnectionStep, EndpointDraft, EndpointEntry, FreeModelEntry, SettingsState } from '../../src/protocol/pageMessages';

/** The key a user "types" into VS Code's password box; it must never reach the page. */
export const HARNESS_KEY = 'sk-or-v1-HARNESS-7f3a9c1e5b2d4f60a8e1c3b5d7f9a0b2';
/** An endpoint's key as typed into VS Code's password box; it must never reach the page either. */
export const HARNESS_ENDPOINT_KEY = 'gsk_HARNESS_ENDPOINT_5c1d9e7a3b2f4a6c8e0d';
export const GONE_MODEL = 'google/gemma-3n-e4b-it:free';
/** A model the live list gives an `expiration_date`. */
export const ENDING_MODEL = 'qwen/qwq-32b:free';
export const COOLING_MODEL = 'qwen/qwen3-8b:free';
/** A "free" model whose answer reported a cost (the ledger's billed mark). */
export const BILLED_MODEL = 'cognitivecomputations/dolphin3.0-mistral-24b:free';

type Listener<T> = (value: T) => void;

function emitter<T>() {
  const listeners = new Set<Listener<T>>();
  return {
    on(listener: Listener<T>): DisposableLike {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    fire(value: T) {
      for (const l of [...listeners]) l(value);
    },
  };
}

export function emptyStats(now: number): StatsSnapshot {
  return {
    version: 1,
    at: now,
    totals: { requests: 0, successes: 0, failures: 0 },
    models: [],
    budget: { minuteUsed: 0, minuteLimit: 20, dayUsed: 0, dayLimit: 50, dayResetAt: now + 3_600_000 },
  };
}

export function modelStats(model: string, requests: number, extra: Partial<ModelStatsSnapshot> = {}): ModelStatsSnapshot {
  return {
    model,
    requests,
    successes: requests,
    failures: {},
    inFlight: 0,
    ttftMs: { median: 800, p95: 1900 },
    totalMs: { median: 2400, p95: 5200 },
    tokensPerSecond: 42,
    loadShare: 0,
    recentLatencyMs: [2100, 2600, 1900, 3100, 2400],
    ...extra,
  };
}

export interface FakeBackendOptions {
  now?: () => number;
  /** Also put the key into snapshots, as a careless backend might: the protocol must strip it. */
  leakKeyInSnapshot?: boolean;
}

export class FakeSettingsBackend implements SettingsBackend {
  config: Config = defaultConfig();
  secret: string | undefined;
  stats: StatsSnapshot;
  readonly calls: string[] = [];
  readonly logs: { level: LogLevel; message: string }[] = [];
  fetchedAt: number;
  /** The local gateway as the host would report it; its token never reaches the page. */
  gateway = { running: false, url: 'http://127.0.0.1:4319/v1', port: 4319 };
  /** What "Copy URL and token" put on the (host's) clipboard. */
  clipboard = '';
  /** Endpoints next to OpenRouter; a key typed for one stays here, the page only hears `keySet`. */
  endpoints: EndpointEntry[] = [];
  readonly endpointKeys = new Map<string, string>();
  /** Base URLs that answer a test, with the models they list. */
  readonly answeringServers = new Map<string, string[]>([['http://localhost:11434/v1', ['llama3.2:3b', 'qwen2.5-coder:7b']]]);
  private readonly changed = emitter<void>();
  private readonly statsChanged = emitter<StatsSnapshot>();
  private readonly now: () => number;

  constructor(private readonly options: FakeBackendOptions = {}) {
    this.now = options.now ?? (() => Date.now());
    this.stats = emptyStats(this.now());
    this.fetchedAt = this.now() - 5 * 60_000;
    this.config.enabledModels = ['deepseek/deepseek-r1:free', 'qwen/qwen3-8b:free', 'mistralai/devstral-small-2505:free'];
  }

  async snapshot(): Promise<SettingsState> {
    this.calls.push('snapshot');
    const models: FreeModelEntry[] = builtinModels().map((m) => ({
      id: m.id,
      name: m.name,
      provider: m.provider,
      contextLength: m.contextLength,
      description: m.description,
      capabilities: m.capabilities,
      useCases: m.useCases,
      enabled: this.config.enabledModels.includes(m.id),
      gone: m.id === GONE_MODEL,
      ...(m.id === BILLED_MODEL ? { billed: true } : {}),
      ...(m.id === ENDING_MODEL ? { expiresOn: '2026-12-07' } : {}),
      health:
        m.id === COOLING_MODEL
          ? { successRate: 0.5, ttftMedianMs: 950, tokensPerSecond: 61, cooldownUntil: this.now() + 40_000 }
          : m.id === 'deepseek/deepseek-r1:free'
            ? { successRate: 0.92, ttftMedianMs: 2300, tokensPerSecond: 28 }
            : {},
    }));
    const state: SettingsState & { apiKey?: string } = {
      config: structuredClone(this.config),
      key: this.secret ? { set: true, source: 'secret' } : { set: false, source: 'none' },
      models,
      recommendations: [
        { useCase: 'coding', picks: [{ id: 'mistralai/devstral-small-2505:free', why: 'code model; calls tools; 128K context' }] },
        { useCase: 'reasoning', picks: [{ id: 'qwen/qwq-32b:free', why: 'reasons; dedicated reasoner' }] },
        { useCase: 'general', picks: [{ id: 'deepseek/deepseek-r1:free', why: 'reasons; 92% success' }] },
        { useCase: 'chat', picks: [] },
      ],
      catalog: { source: 'live', fetchedAt: this.fetchedAt, stale: false, count: models.length },
      stats: this.stats,
      gateway: { ...this.gateway },
      endpoints: this.endpoints.map((e) => ({
        ...structuredClone(e),
        keySet: this.endpointKeys.has(e.id),
        models: e.models.map((m) => ({ ...m, enabled: this.config.enabledModels.includes(m.id) })),
      })),
    };
    if (this.options.leakKeyInSnapshot && this.secret) state.apiKey = this.secret;
    return state;
  }

  async setSetting(key: SettingKey, value: unknown): Promise<BackendResult> {
    this.calls.push(`setSetting ${key}=${JSON.stringify(value)}`);
    const result = validateSetting(key, value);
    if (!result.ok) return { ok: false, message: `${key}: ${result.message}` };
    (this.config as Record<SettingKey, unknown>)[key] = result.value;
    this.changed.fire();
    return { ok: true };
  }

  async toggleModel(id: string, enabled: boolean): Promise<BackendResult> {
    this.calls.push(`toggleModel ${id}=${enabled}`);
    if (id === GONE_MODEL && enabled) return { ok: false, message: `${id} is no longer offered by OpenRouter; choose another model.` };
    const rest = this.config.enabledModels.filter((m) => m !== id);
    this.config.enabledModels = enabled ? [...rest, id] : rest;
    this.changed.fire();
    return { ok: true };
  }

  async startGateway(): Promise<BackendResult> {
    this.calls.push('startGateway');
    this.gateway = { ...this.gateway, running: true };
    this.changed.fire();
    return { ok: true, message: `The local gateway is running at ${this.gateway.url}.` };
  }

  async stopGateway(): Promise<BackendResult> {
    this.calls.push('stopGateway');
    this.gateway = { ...this.gateway, running: false };
    this.changed.fire();
    return { ok: true, message: 'The local gateway stopped.' };
  }

  async copyGatewayUrl(): Promise<BackendResult> {
    this.calls.push('copyGatewayUrl');
    this.clipboard = `OPENAI_BASE_URL=${this.gateway.url}\nOPENAI_API_KEY=ordg-harness-token\n`;
    return { ok: true, message: `Copied OPENAI_BASE_URL=${this.gateway.url} and OPENAI_API_KEY (the gateway token) to the clipboard.` };
  }

  async saveEndpoint(endpoint: EndpointDraft, originalId?: string): Promise<BackendResult> {
    this.calls.push(`saveEndpoint ${JSON.stringify(endpoint)}${originalId ? ` ${originalId}` : ''}`);
    const baseUrl = endpoint.baseUrl.replace(/\/+$/, '');
    if (!/^https?:\/\//.test(baseUrl)) return { ok: false, message: 'Enter an http:// or https:// URL.' };
    if (originalId === undefined) {
      if (this.endpoints.some((e) => e.id === endpoint.id)) return { ok: false, message: 'That id is taken.' };
      this.endpoints.push({ id: endpoint.id, label: endpoint.label, baseUrl, answering: 'unknown', keySet: false, free: /localhost|127\.0\.0\.1/.test(baseUrl), models: [] });
    } else {
      const entry = this.endpoints.find((e) => e.id === originalId);
      if (!entry) return { ok: false, message: `The endpoint ${originalId} is no longer configured.` };
      Object.assign(entry, { label: endpoint.label, baseUrl, answering: 'unknown' });
    }
    this.changed.fire();
    return { ok: true, message: `${endpoint.label} was saved.` };
  }

  async removeEndpoint(id: string): Promise<BackendResult> {
    this.calls.push(`removeEndpoint ${id}`);
    this.endpoints = this.endpoints.filter((e) => e.id !== id);
    this.config.enabledModels = this.config.enabledModels.filter((m) => !m.startsWith(`@${id}/`));
    this.endpointKeys.delete(id);
    this.changed.fire();
    return { ok: true, message: `${id} was removed, with its models and its key.` };
  }

  async testEndpoint(id: string): Promise<BackendResult> {
    this.calls.push(`testEndpoint ${id}`);
    const entry = this.endpoints.find((e) => e.id === id);
    if (!entry) return { ok: false, message: `The endpoint ${id} is no longer configured.` };
    const models = this.answeringServers.get(entry.baseUrl);
    entry.answering = models ? 'yes' : 'no';
    if (models) entry.models = models.map((m) => ({ id: `@${id}/${m}`, model: m, enabled: false }));
    this.changed.fire();
    return models ? { ok: true, message: `${entry.label} answers: ${models.length} models.` } : { ok: false, message: `${entry.label} does not answer: connection refused` };
  }

  /** Plays the Set Endpoint Key command: the user types the key into VS Code's password box. */
  async setEndpointKey(id: string): Promise<BackendResult> {
    this.calls.push(`setEndpointKey ${id}`);
    this.endpointKeys.set(id, HARNESS_ENDPOINT_KEY);
    this.changed.fire();
    return { ok: true, message: `The key of ${id} was saved.` };
  }

  async setApiKey(): Promise<BackendResult> {
    this.calls.push('setApiKey');
    this.secret = HARNESS_KEY;
    this.changed.fire();
    return { ok: true, message: 'API key saved.' };
  }

  async clearApiKey(): Promise<BackendResult> {
    this.calls.push('clearApiKey');
    this.secret = undefined;
    this.changed.fire();
    return { ok: true, message: 'API key cleared.' };
  }

  async testConnection(report: (step: ConnectionStep) => void): Promise<void> {
    this.calls.push('testConnection');
    report({ id: 'key', label: 'API key', ok: this.secret !== undefined, message: this.secret ? 'The key is set.' : 'No API key. Choose Set key….', latencyMs: 0 });
    if (!this.secret) return;
    report({ id: 'models', label: 'Model list', ok: true, message: '9 free models.', latencyMs: 184 });
    report({ id: 'chat', label: 'Short answer', ok: true, message: 'qwen/qwen3-8b:free answered.', latencyMs: 1240 });
  }

  async refreshModels(): Promise<BackendResult> {
    this.calls.push('refreshModels');
    this.fetchedAt = this.now();
    this.changed.fire();
    return { ok: true, message: 'The free model list is up to date.' };
  }

  async resetStats(): Promise<BackendResult> {
    this.calls.push('resetStats');
    this.emitStats(emptyStats(this.now()));
    return { ok: true };
  }

  async exportConfig(): Promise<BackendResult> {
    this.calls.push('exportConfig');
    return { ok: true, message: 'Configuration exported to /tmp/openrouter-dual.json.' };
  }

  async importConfig(): Promise<BackendResult> {
    this.calls.push('importConfig');
    return { ok: false, message: 'openrouterDual.maxRetries in the file is invalid (too big); nothing was imported.' };
  }

  onDidChange(listener: () => void): DisposableLike {
    return this.changed.on(listener);
  }

  onStats(listener: (stats: StatsSnapshot) => void): DisposableLike {
    return this.statsChanged.on(listener);
  }

  log(level: LogLevel, message: string): void {
    this.logs.push({ level, message });
  }

  emitStats(stats: StatsSnapshot): void {
    this.stats = stats;
    this.statsChanged.fire(stats);
  }
}
