// Access to OpenRouter: the key, the host it may go to, one provider per mode and the account's daily
// limit. prepare() is the one gate every request passes (chat, model picker, API, gateway, Test
// Connection, the key check): it reads the key, clears its host, and only then hands out what sends.
import * as vscode from 'vscode';
import { createProvider, fetchKeyInfo } from '../../core/providers';
import type { ChatProvider, ProviderSettings } from '../../core/providers/types';
import { accountDailyLimit } from '../../core/router/budget';
import type { AccountUsage } from '../../core/router/ledger';
import { errorText } from '../../core/shared/errorText';
import { APP_TITLE, APP_URL } from '../../core/shared/identity';
import type { KeyHostGate } from '../key/keyHostGate';
import type { ApiKeyStore, KeySource } from '../key/secrets';
import type { HostSettings } from '../settings/hostSettings';
import type { Log } from '../status/log';
import type { Routes } from './routes';

/** Why a request may not leave: no key, or the base URL's host may not receive it. */
export type RefusalReason = 'no-key' | 'host-invalid' | 'host-insecure' | 'host-refused';

export interface Refusal {
  ok: false;
  reason: RefusalReason;
  /** What to show the user: what happened and what to do. */
  message: string;
}

/** The key is set and its host cleared: what sends is reachable only from here. */
export interface Ready {
  ok: true;
  routes: Routes;
  /** For GET /key: the key, for the host that was cleared. */
  providerSettings: ProviderSettings;
  keySource: KeySource;
}

export type Prepared = Ready | Refusal;

/** What an adapter that sends requests holds. */
export interface RequestGate {
  prepare(): Promise<Prepared>;
}

/** Whether a key is set and where it comes from, for adapters that only show it. */
export interface KeyStatus {
  readonly hasKey: boolean;
  readonly keySource: KeySource;
  /** Reads the key store again; true when a key is set. */
  refreshKey(): Promise<boolean>;
  /** What GET /key said at its last check: spent today, left on the limit, free requests left. */
  readonly accountUsage: AccountUsage | undefined;
}

/** Setting and clearing the key (the key commands, the gateway's configuration API). */
export interface KeyChanges {
  storeKey(key: string): Promise<void>;
  /** Removes the stored key; the source still in use afterwards ('env' when the variable provides one). */
  clearKey(): Promise<KeySource>;
}

export interface OpenRouterAccessDeps {
  settings: Pick<HostSettings, 'config' | 'isSetByUser'>;
  keys: Pick<ApiKeyStore, 'get' | 'store' | 'clear' | 'onDidChange'>;
  keyHosts: Pick<KeyHostGate, 'check' | 'allowsNow'>;
  log: Log;
  /** The router, once it exists (it reads this object's provider, so it is built after it). */
  routes: () => Routes;
}

export function noKeyMessage(): string {
  return vscode.l10n.t('No OpenRouter API key is set. Run "OpenRouter: Set API Key".');
}

export class OpenRouterAccess implements RequestGate, KeyStatus, KeyChanges, vscode.Disposable {
  /** Kept current from the key store, so the router's synchronous provider getter can read it. */
  private apiKey: string | undefined;
  private apiKeySource: KeySource = 'none';
  private provider: { signature: string; provider: ChatProvider } | undefined;
  /** The account's daily free-tier limit as GET /key shows it (50, or 1000 with purchased credits). */
  private accountLimit: number | undefined;
  /** Which key `accountLimit` belongs to, so a new key is checked again. */
  private accountLimitKey: string | undefined;
  private lastUsage: AccountUsage | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the key or the account's daily limit changed. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly deps: OpenRouterAccessDeps) {
    this.subscription = deps.keys.onDidChange(
      () =>
        void this.refreshKey().then(() => {
          this.changed.fire();
          return this.checkAccountLimit();
        }),
    );
  }

  async prepare(): Promise<Prepared> {
    if (!(await this.refreshKey())) return { ok: false, reason: 'no-key', message: noKeyMessage() };
    const host = await this.deps.keyHosts.check(this.deps.settings.config.baseUrl);
    if (!host.ok) return { ok: false, reason: `host-${host.reason}`, message: host.message };
    return { ok: true, routes: this.deps.routes(), providerSettings: this.providerSettings(), keySource: this.apiKeySource };
  }

  async refreshKey(): Promise<boolean> {
    const { key, source } = await this.deps.keys.get();
    this.apiKey = key;
    this.apiKeySource = source;
    return key !== undefined;
  }

  get accountUsage(): AccountUsage | undefined {
    return this.lastUsage;
  }

  get hasKey(): boolean {
    return this.apiKey !== undefined;
  }

  /** Where the key in use comes from; the UI says so when it is the environment variable. */
  get keySource(): KeySource {
    return this.apiKeySource;
  }

  async storeKey(key: string): Promise<void> {
    await this.deps.keys.store(key);
    await this.refreshKey();
  }

  async clearKey(): Promise<KeySource> {
    await this.deps.keys.clear();
    await this.refreshKey();
    return this.apiKeySource;
  }

  /**
   * The daily free-tier limit the router counts against: the user's setting when they set one,
   * else what the account has (GET /key), else the setting's default.
   */
  dailyLimit(): number {
    const configured = this.deps.settings.config['freeTier.dailyLimit'];
    if (this.deps.settings.isSetByUser('freeTier.dailyLimit')) return configured;
    return this.accountLimit ?? configured;
  }

  /**
   * Asks GET /key (which spends no free-tier request) whether the account bought credits, once per
   * key. Failures leave the previous value: the next key change or start asks again.
   */
  async checkAccountLimit(again = false): Promise<void> {
    const key = this.apiKey;
    if (!key || (key === this.accountLimitKey && !again)) return;
    // A background check never asks the host question: a host not yet confirmed waits for a request.
    if (!this.deps.keyHosts.allowsNow(this.deps.settings.config.baseUrl)) return;
    try {
      const info = await fetchKeyInfo(this.providerSettings());
      if (this.apiKey !== key) return;
      this.accountLimitKey = key;
      this.lastUsage = {
        limitRemaining: info.limitRemaining,
        at: Date.now(),
        ...(info.usageDaily !== undefined ? { usageDaily: info.usageDaily } : {}),
        ...(info.freeRequests ? { freeRequests: info.freeRequests } : {}),
      };
      const limit = accountDailyLimit(info.isFreeTier);
      if (limit !== this.accountLimit) {
        this.accountLimit = limit;
        this.deps.log.info(`Free tier: this account ${info.isFreeTier ? 'has not bought credits' : 'has bought credits'}, so ${limit} free requests per day.`);
      }
      // The status bar and the settings page show the usage; the models follow the limit.
      this.changed.fire();
    } catch (e) {
      this.deps.log.warn(`Free tier: could not read the account's daily limit from GET /key: ${errorText(e)}`);
    }
  }

  /**
   * The router's OpenRouter provider: one per (mode, base URL, key), so a change to any applies to
   * the next request. Only the container wires it; requests reach it through prepare()'s routes.
   */
  providerForRouter(): ChatProvider {
    const mode = this.deps.settings.config.providerMode;
    const settings = this.providerSettings();
    const signature = `${mode}\u0000${settings.baseUrl}\u0000${settings.apiKey}`;
    if (this.provider?.signature !== signature) this.provider = { signature, provider: createProvider(mode, settings) };
    return this.provider.provider;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  /** The key goes out only for a host that passed the key-host rule, so a path that skipped prepare() sends none. */
  private providerSettings(): ProviderSettings {
    const baseUrl = this.deps.settings.config.baseUrl;
    const apiKey = this.deps.keyHosts.allowsNow(baseUrl) ? (this.apiKey ?? '') : '';
    return { apiKey, baseUrl, appUrl: APP_URL, appTitle: APP_TITLE };
  }
}
