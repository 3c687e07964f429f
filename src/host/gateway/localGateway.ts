// The local gateway in this window: started by its setting or the palette, stopped the same ways,
// restarted on a port change, shown in the status bar while it runs.
import * as vscode from 'vscode';
import { GATEWAY_HOST } from '../../core/gateway/address';
import type { GatewayServer } from '../../core/gateway/server';
import { errorText } from '../../core/shared/errorText';
import type { BackendResult } from '../../protocol/settingsBackend';
import type { GatewayServices } from './gatewayBackend';
import type { HostSettings } from '../settings/hostSettings';
import type { HostConfiguration } from '../configuration/hostConfiguration';
import type { GatewayTokenStore } from './gatewayToken';

export interface GatewayStatus {
  running: boolean;
  /** The base URL clients use (`…/v1`), also when stopped (with the configured port). */
  url: string;
  port: number;
}

export class LocalGateway implements vscode.Disposable {
  private server: GatewayServer | undefined;
  /** Serialises start and stop, so a quick toggle cannot leave two servers or none. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Created on the first start: a window that never runs the gateway has no item for it. */
  private item: vscode.StatusBarItem | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly services: GatewayServices & { settings: Pick<HostSettings, 'onDidChange'> },
    private readonly host: HostConfiguration,
    readonly tokens: GatewayTokenStore,
  ) {
    this.subscriptions.push(
      this.changed,
      services.settings.onDidChange((e) => {
        const config = e.config;
        if (e.changed.includes('gateway.enabled')) void (config['gateway.enabled'] ? this.start({ quiet: true }) : this.stop());
        else if (e.changed.includes('gateway.port') && this.server) void this.stop().then(() => this.start({ quiet: true }));
      }),
    );
  }

  /** At activation: start when the setting says so. Another window holding the port is not an error there. */
  startIfEnabled(): void {
    if (this.services.settings.config['gateway.enabled']) void this.start({ quiet: true });
  }

  status(): GatewayStatus {
    const port = this.server?.port ?? this.services.settings.config['gateway.port'];
    return { running: this.server !== undefined, url: `http://${GATEWAY_HOST}:${port}/v1`, port };
  }

  /** `quiet`: a busy port is logged, not an error (another window of the profile may serve it). */
  start(opts: { quiet?: boolean } = {}): Promise<BackendResult> {
    return this.serial(async () => {
      const t = vscode.l10n.t;
      if (this.server) return { ok: true, message: t('The local gateway is already running at {0}.', this.status().url) };
      const port = this.services.settings.config['gateway.port'];
      // The server and its backend are loaded on the first start: most windows never run the gateway.
      const [{ GatewayServer, GatewayStartError }, { createGatewayBackend }] = await Promise.all([import('../../core/gateway/server.js'), import('./gatewayBackend.js')]);
      try {
        await this.tokens.get();
        this.server = await GatewayServer.start({ port, token: () => this.tokens.current(), backend: createGatewayBackend(this.host, this.services) });
      } catch (e) {
        const busy = e instanceof GatewayStartError && e.code === 'port_busy';
        const message = busy
          ? t('The local gateway could not start: port {0} on 127.0.0.1 is already in use (another program, or the gateway of another VS Code window). Change openrouterDual.gateway.port or stop the other program.', port)
          : t('The local gateway could not start: {0}', errorText(e));
        this.services.log[opts.quiet && busy ? 'info' : 'warn'](`Gateway: ${message}`);
        return { ok: false, message };
      }
      this.services.log.info(`Gateway: listening on ${this.status().url} (bearer token required; 127.0.0.1 only).`);
      this.update();
      return { ok: true, message: t('The local gateway is running at {0}. Run "OpenRouter: Copy Gateway URL and Token" to use it.', this.status().url) };
    });
  }

  stop(): Promise<BackendResult> {
    return this.serial(async () => {
      const server = this.server;
      if (!server) return { ok: true, message: vscode.l10n.t('The local gateway is not running.') };
      this.server = undefined;
      this.update();
      await server.stop();
      this.services.log.info(`Gateway: stopped (${server.counters.answered} answered, ${server.counters.failed} failed, ${server.counters.cancelled} cancelled, ${server.counters.rejected} refused).`);
      return { ok: true, message: vscode.l10n.t('The local gateway stopped.') };
    });
  }

  /** What "Copy Gateway URL and Token" puts on the clipboard: the variables OpenAI clients read. */
  async clientEnvironment(): Promise<string> {
    const token = await this.tokens.get();
    return `OPENAI_BASE_URL=${this.status().url}\nOPENAI_API_KEY=${token}\n`;
  }

  async rotateToken(): Promise<void> {
    await this.tokens.rotate();
    this.services.log.info('Gateway: token replaced; clients using the old token are refused from now on.');
  }

  private update(): void {
    const t = vscode.l10n.t;
    if (this.server && !this.item) {
      this.item = vscode.window.createStatusBarItem('openrouterDual.gateway', vscode.StatusBarAlignment.Right, 99);
      this.item.name = t('OpenRouter Local Gateway');
      this.item.command = 'openrouterDual.copyGatewayUrl';
      this.subscriptions.push(this.item);
    }
    if (this.server && this.item) {
      this.item.text = `$(radio-tower) ${t('Gateway :{0}', this.server.port)}`;
      this.item.tooltip = t('OpenRouter local gateway at {0}. Click to copy its URL and token.', this.status().url);
      this.item.show();
    } else {
      this.item?.hide();
    }
    this.changed.fire();
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  dispose(): void {
    const server = this.server;
    this.server = undefined;
    void server?.stop();
    for (const d of this.subscriptions) d.dispose();
  }
}
