// The host's half of the settings page conversation, free of `vscode` so the same code runs in the
// panel and in the headless-browser harness: parse what the page sends, call the backend, answer
// with state, validation results, progress and notices, and push live statistics (throttled).
import type { BackendResult, DisposableLike, SettingsBackend } from './settingsBackend';
import type { StatsSnapshot } from '../core/router/types';
import { errorText } from '../core/shared/errorText';
import { redactDeep } from '../core/providers/redact';
import { fillPlaceholders } from '../core/shared/placeholders';
import { realTimers, type ClockedTimers } from '../core/shared/timers';
import { parsePageMessage, settingsStateSchema, statsSnapshotSchema, type ConnectionStep, type EndpointDraft, type HostMessage, type Operation, type PageMessage, type Section } from './pageMessages';

export interface HostSessionOptions {
  backend: SettingsBackend;
  /** Delivers a message to the page; may fail silently when the page is gone. */
  post(message: HostMessage): unknown;
  isVisible(): boolean;
  /** Minimum gap between two live statistics pushes (default 250 ms: at most 4 per second). */
  statsIntervalMs?: number;
  timers?: ClockedTimers;
  /**
   * Translates the session's own messages; `{0}`-style placeholders as in `vscode.l10n.t`.
   * Default: English with the placeholders filled in.
   */
  localize?: (message: string, ...args: string[]) => string;
}

function describeIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.')}: ${issue.message}` : 'invalid';
}

const operationFailures: Record<Operation, string> = {
  setApiKey: 'Setting the API key failed: {0}',
  clearApiKey: 'Clearing the API key failed: {0}',
  testConnection: 'The connection test failed: {0}',
  refreshModels: 'Refreshing the free models failed: {0}',
  resetStats: 'Resetting the statistics failed: {0}',
  exportConfig: 'Exporting the configuration failed: {0}',
  importConfig: 'Importing the configuration failed: {0}',
  startGateway: 'Starting the local gateway failed: {0}',
  stopGateway: 'Stopping the local gateway failed: {0}',
  copyGatewayUrl: 'Copying the gateway URL and token failed: {0}',
  saveEndpoint: 'Saving the endpoint failed: {0}',
  removeEndpoint: 'Removing the endpoint failed: {0}',
  setEndpointKey: 'Setting the endpoint key failed: {0}',
};

export class SettingsHostSession {
  private readonly backend: SettingsBackend;
  private readonly timers: ClockedTimers;
  private readonly statsIntervalMs: number;
  private readonly t: (message: string, ...args: string[]) => string;
  private readonly subscriptions: DisposableLike[] = [];
  private readonly running = new Set<Operation>();
  private readonly testingEndpoints = new Set<string>();
  private ready = false;
  private disposed = false;
  private pendingSection: Section | undefined;
  private stateTimer: unknown;
  private statsTimer: unknown;
  private latestStats: StatsSnapshot | undefined;
  private lastStatsSentAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: HostSessionOptions) {
    this.backend = options.backend;
    this.timers = options.timers ?? realTimers;
    this.statsIntervalMs = options.statsIntervalMs ?? 250;
    this.t = options.localize ?? fillPlaceholders;
    this.subscriptions.push(
      this.backend.onDidChange(() => this.scheduleState()),
      this.backend.onStats((stats) => this.queueStats(stats)),
    );
  }

  /** Entry point for every message from the page. Malformed ones are logged and dropped. */
  async handle(raw: unknown): Promise<void> {
    const message = parsePageMessage(raw, (reason) => this.backend.log('warn', reason));
    if (!message || this.disposed) return;
    try {
      await this.dispatch(message);
    } catch (error) {
      const text = errorText(error);
      this.backend.log('error', `handling '${message.type}' failed: ${text}`);
      this.post({ type: 'notice', level: 'error', message: this.t('Something went wrong ({0}). See the OpenRouter Dual log for details.', text) });
    }
  }

  /**
   * Scrolls the page to a section, now or as soon as it is ready. A hidden page has been destroyed
   * (no retainContextWhenHidden) and is reloading when the panel is brought forward, so the reveal
   * waits for its next `ready` rather than going to a page that is not listening yet.
   */
  reveal(section: Section): void {
    if (this.ready && this.options.isVisible()) this.post({ type: 'reveal', section });
    else this.pendingSection = section;
  }

  /** The panel became visible or hidden; a page that was hidden gets a fresh snapshot. */
  visibilityChanged(visible: boolean): void {
    if (visible && this.ready) this.scheduleState();
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.subscriptions) s.dispose();
    if (this.stateTimer !== undefined) this.timers.clearTimeout(this.stateTimer);
    if (this.statsTimer !== undefined) this.timers.clearTimeout(this.statsTimer);
  }

  private async dispatch(message: PageMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        await this.sendState();
        if (this.pendingSection) {
          this.post({ type: 'reveal', section: this.pendingSection });
          this.pendingSection = undefined;
        }
        return;
      case 'setSetting': {
        const result = await this.backend.setSetting(message.key, message.value);
        this.post({ type: 'validation', field: message.key, message: result.ok ? undefined : result.message });
        if (result.ok) {
          this.backend.log('info', `${message.key} set to ${JSON.stringify(message.value)}`);
          this.scheduleState();
        }
        return;
      }
      case 'toggleModel': {
        const result = await this.backend.toggleModel(message.id, message.enabled);
        this.post({ type: 'validation', field: `model:${message.id}`, message: result.ok ? undefined : result.message });
        this.scheduleState();
        return;
      }
      case 'testConnection':
        return this.runOperation('testConnection', () => this.runConnectionTest());
      case 'setApiKey':
      case 'clearApiKey':
      case 'refreshModels':
      case 'resetStats':
      case 'exportConfig':
      case 'importConfig': {
        const operation = message.type;
        return this.runOperation(operation, () => this.backend[operation]());
      }
      case 'startGateway':
      case 'stopGateway':
      case 'copyGatewayUrl': {
        const operation = message.type;
        const run = this.backend[operation]?.bind(this.backend);
        return this.runOperation(operation, () => (run ? run() : Promise.resolve({ ok: false, message: this.t('There is no local gateway here.') })));
      }
      case 'saveEndpoint':
        return this.saveEndpoint(message.endpoint, message.originalId);
      case 'removeEndpoint':
      case 'setEndpointKey': {
        const operation = message.type;
        const run = this.backend[operation]?.bind(this.backend);
        return this.runOperation(operation, () => (run ? run(message.id) : Promise.resolve(this.noEndpoints())));
      }
      case 'testEndpoint':
        return this.testEndpoint(message.id);
    }
  }

  private noEndpoints(): BackendResult {
    return { ok: false, message: this.t('Endpoints cannot be changed here.') };
  }

  /** The form's outcome goes to the form (`endpoint:new` or `endpoint:<id>`), success also as a notice. */
  private async saveEndpoint(endpoint: EndpointDraft, originalId: string | undefined): Promise<void> {
    const field = `endpoint:${originalId ?? 'new'}`;
    await this.runOperation('saveEndpoint', async () => {
      const result = this.backend.saveEndpoint ? await this.backend.saveEndpoint(endpoint, originalId) : this.noEndpoints();
      this.post({ type: 'validation', field, message: result.ok ? undefined : result.message });
      return result.ok ? result : undefined;
    });
  }

  /** Each endpoint's test runs once at a time; tests of different endpoints may overlap. */
  private async testEndpoint(id: string): Promise<void> {
    if (this.testingEndpoints.has(id)) return;
    this.testingEndpoints.add(id);
    this.post({ type: 'endpointTest', id, status: 'running' });
    try {
      const result = this.backend.testEndpoint ? await this.backend.testEndpoint(id) : this.noEndpoints();
      this.post({ type: 'endpointTest', id, status: result.ok ? 'passed' : 'failed', message: result.message });
    } catch (error) {
      const text = errorText(error);
      this.backend.log('error', `testing endpoint ${id} failed: ${text}`);
      this.post({ type: 'endpointTest', id, status: 'failed', message: text });
    } finally {
      this.testingEndpoints.delete(id);
      this.scheduleState();
    }
  }

  /** Runs one long operation at a time per kind, with busy markers and a notice for its outcome. */
  private async runOperation(operation: Operation, run: () => Promise<BackendResult | void>): Promise<void> {
    if (this.running.has(operation)) {
      this.backend.log('debug', `${operation} is already running; ignored a second request.`);
      return;
    }
    this.running.add(operation);
    this.post({ type: 'busy', operation, busy: true });
    try {
      const result = await run();
      if (result && !result.ok) this.post({ type: 'notice', level: 'error', message: result.message });
      else if (result?.message) this.post({ type: 'notice', level: 'info', message: result.message });
    } catch (error) {
      const text = errorText(error);
      this.backend.log('error', `${operation} failed: ${text}`);
      this.post({ type: 'notice', level: 'error', message: this.t(operationFailures[operation], text) });
    } finally {
      this.running.delete(operation);
      this.post({ type: 'busy', operation, busy: false });
      this.scheduleState();
    }
  }

  private async runConnectionTest(): Promise<void> {
    const steps: ConnectionStep[] = [];
    this.post({ type: 'connectionTest', status: 'running', steps: [] });
    try {
      await this.backend.testConnection((step) => {
        steps.push(step);
        this.post({ type: 'connectionTest', status: 'running', steps: [...steps] });
      });
    } finally {
      const passed = steps.length > 0 && steps.every((s) => s.ok);
      this.post({ type: 'connectionTest', status: passed ? 'passed' : 'failed', steps });
    }
  }

  /** Coalesces bursts of changes (a write fires onDidChange too) into one snapshot. */
  private scheduleState(): void {
    if (!this.ready || this.disposed || this.stateTimer !== undefined) return;
    this.stateTimer = this.timers.setTimeout(() => {
      this.stateTimer = undefined;
      if (this.options.isVisible()) void this.sendState();
    }, 30);
  }

  private async sendState(): Promise<void> {
    try {
      // Parsing what goes out too strips anything a backend added by mistake (a key, a token)
      // before it can reach the page's process.
      const parsed = settingsStateSchema.safeParse(await this.backend.snapshot());
      if (this.disposed) return;
      if (!parsed.success) throw new Error(`the snapshot does not fit the protocol (${describeIssue(parsed.error)})`);
      this.post({ type: 'state', state: parsed.data });
      this.latestStats = undefined;
      this.lastStatsSentAt = this.timers.now();
    } catch (error) {
      const text = errorText(error);
      this.backend.log('error', `reading the settings failed: ${text}`);
      this.post({ type: 'notice', level: 'error', message: this.t('Could not read the current settings ({0}). Close and reopen the settings page.', text) });
    }
  }

  /** Sends at most one statistics update per interval, always ending with the latest one. */
  private queueStats(stats: StatsSnapshot): void {
    if (!this.ready || this.disposed || !this.options.isVisible()) return;
    this.latestStats = stats;
    if (this.statsTimer !== undefined) return;
    const wait = this.lastStatsSentAt + this.statsIntervalMs - this.timers.now();
    if (wait <= 0) {
      this.flushStats();
      return;
    }
    this.statsTimer = this.timers.setTimeout(() => {
      this.statsTimer = undefined;
      this.flushStats();
    }, wait);
  }

  private flushStats(): void {
    if (!this.latestStats || this.disposed) return;
    const parsed = statsSnapshotSchema.safeParse(this.latestStats);
    this.latestStats = undefined;
    if (parsed.success) this.post({ type: 'stats', stats: parsed.data });
    else this.backend.log('warn', `statistics snapshot dropped: ${describeIssue(parsed.error)}`);
    this.lastStatsSentAt = this.timers.now();
  }

  /** Every message passes the redactor: notices and steps quote servers, which may echo the key. */
  private post(message: HostMessage): void {
    if (!this.disposed) this.options.post(redactDeep(message, [...(this.backend.knownSecrets?.() ?? [])]));
  }
}
