// The one place that decides whether the API key may go to the base URL's host. OpenRouter and
// this machine's loopback need no question; any other https host gets a modal once, and the answer
// "send" is remembered per origin; plain http to another host is never allowed. Every path that
// sends the key (chat, model picker, the API, Test Connection, the key check) asks here first, and
// OpenRouterServices.providerSettings() hands out the key only for a host that passed.
import * as vscode from 'vscode';
import { DEFAULT_BASE_URL } from '../../core/providers/types';
import { keyDestination } from './checks/keyDestination';
import type { Log } from '../status/log';
import { notify } from '../status/notify';

/** globalState: the origins the user agreed to send the key to. */
export const CONFIRMED_KEY_HOSTS = 'openrouterDual.confirmedKeyHosts';

export type KeyHostDecision = { ok: true } | { ok: false; reason: 'invalid' | 'insecure' | 'refused'; message: string };

export class KeyHostGate {
  /** One modal per origin at a time: concurrent requests (a group) wait for the same answer. */
  private readonly asking = new Map<string, Promise<boolean>>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: Log,
  ) {}

  /** True when the key may go to this base URL now (trusted, or confirmed before). Never asks. */
  allowsNow(baseUrl: string): boolean {
    const destination = keyDestination(baseUrl);
    return destination.kind === 'trusted' || (destination.kind === 'confirm' && this.confirmed().includes(destination.origin));
  }

  /** Decides for one base URL, asking the user once for a host that is neither OpenRouter nor loopback. */
  async check(baseUrl: string): Promise<KeyHostDecision> {
    const t = vscode.l10n.t;
    const destination = keyDestination(baseUrl);
    switch (destination.kind) {
      case 'trusted':
        return { ok: true };
      case 'invalid':
        return { ok: false, reason: 'invalid', message: t('Your OpenRouter key was not sent: {0} is not an http(s) URL. Fix the openrouterDual.baseUrl setting.', baseUrl) };
      case 'insecure':
        this.log.warn(`Key not sent to ${destination.origin}: plain http is allowed for loopback only.`);
        return {
          ok: false,
          reason: 'insecure',
          message: t(
            'Your OpenRouter key was not sent to {0}: plain http:// is allowed only for this machine (localhost, 127.0.0.1, ::1), because anyone on the way could read the key. Use https://, or set openrouterDual.baseUrl back to {1}.',
            destination.origin,
            DEFAULT_BASE_URL,
          ),
        };
      case 'confirm': {
        if (this.confirmed().includes(destination.origin)) return { ok: true };
        if (await this.ask(destination.origin)) return { ok: true };
        return {
          ok: false,
          reason: 'refused',
          message: t(
            'Your OpenRouter key was not sent to {0}: that host was not confirmed. To use it, try again and choose "Send Key"; otherwise set openrouterDual.baseUrl back to {1}.',
            destination.origin,
            DEFAULT_BASE_URL,
          ),
        };
      }
    }
  }

  /**
   * The same rule for an endpoint's key (asked when the key is set, so no request waits on a
   * question): trusted hosts pass, plain http elsewhere never, any other host once per origin.
   */
  async checkEndpoint(baseUrl: string, label: string): Promise<KeyHostDecision> {
    const t = vscode.l10n.t;
    const destination = keyDestination(baseUrl);
    switch (destination.kind) {
      case 'trusted':
        return { ok: true };
      case 'invalid':
        return { ok: false, reason: 'invalid', message: t('The key of {0} was not saved: {1} is not an http(s) URL.', label, baseUrl) };
      case 'insecure':
        return {
          ok: false,
          reason: 'insecure',
          message: t('The key of {0} was not saved: plain http:// is allowed only for this machine, because anyone on the way could read the key. Use https:// for {1}.', label, destination.origin),
        };
      case 'confirm': {
        if (this.confirmed().includes(destination.origin)) return { ok: true };
        const title = t('Send the key of {0} to {1}?', label, destination.origin);
        const detail = t('Every request to the endpoint {0} will carry this key to {1}. Send it only to a server you run or trust; the answer is remembered for this host.', label, destination.origin);
        if (await this.ask(destination.origin, title, detail)) return { ok: true };
        return { ok: false, reason: 'refused', message: t('The key of {0} was not saved: {1} was not confirmed.', label, destination.origin) };
      }
    }
  }

  private confirmed(): string[] {
    const value = this.state.get<unknown>(CONFIRMED_KEY_HOSTS);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  }

  private ask(origin: string, title?: string, detail?: string): Promise<boolean> {
    let pending = this.asking.get(origin);
    if (!pending) {
      pending = this.askOnce(origin, title, detail).finally(() => this.asking.delete(origin));
      this.asking.set(origin, pending);
    }
    return pending;
  }

  private async askOnce(origin: string, title?: string, detail?: string): Promise<boolean> {
    const t = vscode.l10n.t;
    const send = t('Send Key');
    const choice = await notify.ask(
      title ?? t('Send your OpenRouter key to {0}?', origin),
      detail ??
        t(
          'The openrouterDual.baseUrl setting points to {0}, which is not OpenRouter. Every request would carry your OpenRouter API key to that server. Send it only to a server you run or trust; the answer is remembered for this host.',
          origin,
        ),
      send,
    );
    if (choice !== send) {
      this.log.warn(`Key not sent to ${origin}: the user did not confirm that host.`);
      return false;
    }
    await this.state.update(CONFIRMED_KEY_HOSTS, [...new Set([...this.confirmed(), origin])]);
    this.log.info(`The user confirmed sending the API key to ${origin}.`);
    return true;
  }
}
