// Loaded before the built page: plays VS Code's part (acquireVsCodeApi, message events, getState
// persisted across reloads like a hidden-and-shown panel) and the extension's part (the real host
// session over a fake backend). Everything that crosses is recorded for the test to inspect.
// The host session runs in the page here, under the page's CSP (no eval), unlike in VS Code.
import '../../webview-ui/jitlessZod';
import { SettingsHostSession } from '../../src/protocol/hostSession';
import type { Section } from '../../src/protocol/pageMessages';
import type { StatsSnapshot } from '../../src/core/router/types';
import { FakeSettingsBackend, emptyStats, modelStats } from './fakeBackend';

const STATE_KEY = 'harness-vscode-state';
const params = new URLSearchParams(location.search);
document.documentElement.dataset.theme = params.get('theme') ?? 'dark';
document.body?.classList.add(`vscode-${document.documentElement.dataset.theme}`);

const backend = new FakeSettingsBackend({ leakKeyInSnapshot: true });
const toPage: unknown[] = [];
const fromPage: unknown[] = [];
const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));

const session = new SettingsHostSession({
  backend,
  isVisible: () => true,
  post: (message) => {
    const copy = structuredClone(message);
    toPage.push(copy);
    window.postMessage(copy, '*');
  },
});

let acquired = false;
Object.assign(window, {
  acquireVsCodeApi() {
    if (acquired) throw new Error('acquireVsCodeApi may only be called once');
    acquired = true;
    return {
      postMessage(message: unknown) {
        const copy = structuredClone(message);
        fromPage.push(copy);
        void session.handle(copy);
      },
      getState() {
        const raw = sessionStorage.getItem(STATE_KEY);
        return raw ? JSON.parse(raw) : undefined;
      },
      setState(state: unknown) {
        sessionStorage.setItem(STATE_KEY, JSON.stringify(state));
        return state;
      },
    };
  },
});

const harness = {
  backend,
  toPage,
  fromPage,
  violations,
  calls: () => backend.calls,
  logs: () => backend.logs,
  config: () => backend.config,
  secret: () => backend.secret,
  vscodeState: () => sessionStorage.getItem(STATE_KEY),
  /** Sends something that is not a valid host message straight to the page. */
  postRaw: (message: unknown) => window.postMessage(message, '*'),
  reveal: (section: Section) => session.reveal(section),
  emitStats: (stats: StatsSnapshot) => backend.emitStats(stats),
  statsWith: (rows: { model: string; requests: number; share: number; error?: string }[]) => {
    const base = emptyStats(Date.now());
    const models = rows.map((r, i) =>
      modelStats(r.model, r.requests, {
        recentLatencyMs: [1800, 2400, 2100, 3000, 2600, 2200].map((ms, j) => ms + ((i * 700 + j * 311) % 1500)),
        loadShare: r.share,
        successes: r.error ? r.requests - 1 : r.requests,
        lastError: r.error ? { kind: 'rate_limited', message: r.error, at: Date.now() } : undefined,
        cooldownUntil: r.error ? Date.now() + 30_000 : undefined,
      }),
    );
    const requests = rows.reduce((n, r) => n + r.requests, 0);
    const failures = rows.filter((r) => r.error).length;
    const budget = { ...base.budget, dayUsed: requests, minuteUsed: Math.min(requests, 20) };
    return { ...base, models, budget, totals: { requests, successes: requests - failures, failures } };
  },
};

Object.assign(window, { harness });
export type Harness = typeof harness;
