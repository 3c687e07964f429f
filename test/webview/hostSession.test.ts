// The host's half of the settings page protocol, in Node with a manual clock: parsing and
// dropping, validation answers, busy markers, connection test progress, throttled statistics.
import assert from 'node:assert/strict';
import { SettingsHostSession } from '../../src/protocol/hostSession';
import type { ClockedTimers } from '../../src/core/shared/timers';
import { parsePageMessage, type HostMessage } from '../../src/protocol/pageMessages';
import { renderPageHtml } from '../../src/protocol/pageHtml';
import { FakeSettingsBackend, HARNESS_KEY, emptyStats, modelStats } from './fakeBackend';

class ManualTimers implements ClockedTimers {
  time = 1_000_000;
  private queue: { at: number; fn: () => void; id: number }[] = [];
  private next = 0;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.next;
    this.queue.push({ at: this.time + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.queue.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.queue = this.queue.filter((t) => t !== due);
      this.time = due.at;
      due.fn();
    }
    this.time = end;
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function setup(options: { visible?: boolean } = {}) {
  const timers = new ManualTimers();
  const backend = new FakeSettingsBackend({ now: () => timers.now(), leakKeyInSnapshot: true });
  const posted: HostMessage[] = [];
  let visible = options.visible ?? true;
  const session = new SettingsHostSession({ backend, timers, post: (m) => posted.push(m), isVisible: () => visible });
  return { timers, backend, posted, session, setVisible: (v: boolean) => (visible = v), of: <T extends HostMessage['type']>(type: T) => posted.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type) };
}

describe('settings page HTML shell', function () {
  const html = renderPageHtml({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/dist/webview/main.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/dist/webview/main.css',
    nonce: 'bm9uY2Ux+/==',
    lang: 'en" onload="alert(1)',
    title: '</title><script>alert(1)</script>',
  });

  it('allows nothing but the nonce script and the webview’s own styles, images and fonts', function () {
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? '';
    const directives = Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    assert.deepEqual(directives, {
      'default-src': "'none'",
      'script-src': "'nonce-bm9uY2Ux+/=='",
      'style-src': 'https://file+.vscode-resource.vscode-cdn.net',
      'img-src': 'https://file+.vscode-resource.vscode-cdn.net',
      'font-src': 'https://file+.vscode-resource.vscode-cdn.net',
    });
    assert.doesNotMatch(policy, /unsafe-|data:|\*/);
  });

  it('loads exactly one script, carrying the nonce, and escapes what it is given', function () {
    assert.deepEqual(html.match(/<script[^>]*>/g), ['<script nonce="bm9uY2Ux+/==" src="https://file+.vscode-resource.vscode-cdn.net/dist/webview/main.js">']);
    assert.match(html, /<html lang="en&quot; onload=&quot;alert\(1\)">/);
    assert.match(html, /<title>&lt;\/title&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/title>/);
  });
});

describe('settings protocol: page messages', function () {
  it('parses valid messages and drops malformed ones with a reason', function () {
    assert.deepEqual(parsePageMessage({ type: 'setSetting', key: 'maxRetries', value: 3 }), { type: 'setSetting', key: 'maxRetries', value: 3 });
    const reasons: string[] = [];
    for (const raw of [null, 'ready', { type: 'setSetting', key: 'apiKey', value: 'x' }, { type: 'toggleModel', id: '', enabled: true }, { type: 'nope' }]) {
      assert.equal(parsePageMessage(raw, (r) => reasons.push(r)), undefined);
    }
    assert.equal(reasons.length, 5);
    assert.match(reasons[2], /type setSetting/);
  });
});

describe('settings protocol: host session', function () {
  it('answers ready with a snapshot stripped of anything outside the protocol, then a pending reveal', async function () {
    const { session, backend, posted } = setup();
    backend.secret = HARNESS_KEY;
    session.reveal('statistics');
    assert.equal(posted.length, 0, 'nothing is sent before the page is ready');
    await session.handle({ type: 'ready' });
    assert.deepEqual(posted.map((m) => m.type), ['state', 'reveal']);
    assert.ok(!JSON.stringify(posted).includes(HARNESS_KEY));
  });

  it('treats an unmeasurable metric (NaN) as missing instead of losing the whole snapshot', async function () {
    const { session, backend, of } = setup();
    const real = backend.snapshot.bind(backend);
    backend.snapshot = async () => {
      const state = await real();
      state.models[0].health = { successRate: Number.NaN, tokensPerSecond: Number.POSITIVE_INFINITY };
      return state;
    };
    await session.handle({ type: 'ready' });
    const [state] = of('state');
    assert.ok(state, 'the snapshot was sent');
    assert.equal(state.state.models[0].health.successRate, undefined);
    assert.equal(state.state.models[0].health.tokensPerSecond, undefined);
  });

  it('logs and drops malformed page messages without calling the backend', async function () {
    const { session, backend, posted } = setup();
    await session.handle({ type: 'setSetting', key: 'notASetting', value: 1 });
    await session.handle({ type: 'resetStats', extra: 'ok' });
    assert.deepEqual(backend.calls, ['resetStats'], 'unknown keys on a valid message are ignored, malformed messages dropped');
    assert.equal(backend.logs.filter((l) => l.level === 'warn').length, 1);
    assert.match(backend.logs[0].message, /Dropped a malformed message from the page/);
    assert.ok(posted.every((m) => m.type !== 'validation'));
  });

  it('returns the host’s validation result for the field, and writes only valid values', async function () {
    const { session, backend, of, timers } = setup();
    await session.handle({ type: 'ready' });
    await session.handle({ type: 'setSetting', key: 'maxRetries', value: 99 });
    assert.equal(backend.config.maxRetries, 2);
    const [bad] = of('validation');
    assert.equal(bad.field, 'maxRetries');
    assert.match(bad.message ?? '', /10/);
    await session.handle({ type: 'setSetting', key: 'maxRetries', value: 5 });
    assert.equal(backend.config.maxRetries, 5);
    assert.deepEqual(of('validation')[1], { type: 'validation', field: 'maxRetries', message: undefined });
    timers.advance(100);
    await flush();
    assert.equal(of('state').length, 2, 'the write and its change event coalesce into one fresh snapshot');
    assert.equal(of('state')[1].state.config.maxRetries, 5);
  });

  it('brackets operations with busy markers, reports outcomes, and ignores a second run while one is going', async function () {
    const { session, posted } = setup();
    await session.handle({ type: 'ready' });
    posted.length = 0;
    await session.handle({ type: 'importConfig' });
    assert.deepEqual(
      posted.map((m) => (m.type === 'busy' ? `busy ${m.busy}` : m.type === 'notice' ? `notice ${m.level}` : m.type)),
      ['busy true', 'notice error', 'busy false'],
    );
    posted.length = 0;
    const first = session.handle({ type: 'exportConfig' });
    const second = session.handle({ type: 'exportConfig' });
    await Promise.all([first, second]);
    assert.equal(posted.filter((m) => m.type === 'busy' && m.busy).length, 1);
  });

  it('streams connection test steps and ends with the overall status', async function () {
    const { session, backend, of } = setup();
    await session.handle({ type: 'ready' });
    await session.handle({ type: 'testConnection' });
    assert.deepEqual(of('connectionTest').map((m) => `${m.status}:${m.steps.length}`), ['running:0', 'running:1', 'failed:1']);
    backend.secret = HARNESS_KEY;
    await session.handle({ type: 'testConnection' });
    assert.deepEqual(of('connectionTest').slice(3).map((m) => `${m.status}:${m.steps.length}`), ['running:0', 'running:1', 'running:2', 'running:3', 'passed:3']);
  });

  it('throttles live statistics to one per interval, always delivering the latest', async function () {
    const { session, backend, of, timers } = setup();
    await session.handle({ type: 'ready' });
    timers.advance(1000);
    for (let i = 1; i <= 20; i++) {
      backend.emitStats({ ...emptyStats(timers.now()), models: [modelStats('m:free', i)] });
      timers.advance(20);
    }
    timers.advance(300);
    const sent = of('stats');
    assert.ok(sent.length >= 2 && sent.length <= 3, `sent ${sent.length} updates for 20 changes in 400 ms`);
    assert.equal(sent[sent.length - 1].stats.models[0].requests, 20);
  });

  it('sends no statistics while hidden and a fresh snapshot when shown again', async function () {
    const { session, backend, of, setVisible, timers } = setup();
    await session.handle({ type: 'ready' });
    setVisible(false);
    backend.emitStats({ ...emptyStats(timers.now()), models: [modelStats('m:free', 1)] });
    timers.advance(1000);
    assert.equal(of('stats').length, 0);
    setVisible(true);
    session.visibilityChanged(true);
    timers.advance(100);
    await flush();
    assert.equal(of('state').length, 2);
    assert.equal(of('state')[1].state.stats.models[0].requests, 1);
  });

  it('keeps a reveal asked for while the panel is hidden until the reloaded page says ready', async function () {
    const { session, posted, setVisible, timers } = setup();
    await session.handle({ type: 'ready' });
    setVisible(false);
    posted.length = 0;
    session.reveal('statistics');
    assert.equal(posted.length, 0, 'the hidden page is gone');
    setVisible(true);
    session.visibilityChanged(true);
    await session.handle({ type: 'ready' });
    timers.advance(100);
    await flush();
    assert.deepEqual(posted.filter((m) => m.type === 'reveal'), [{ type: 'reveal', section: 'statistics' }]);
    assert.equal(posted.findIndex((m) => m.type === 'reveal'), posted.findIndex((m) => m.type === 'state') + 1, 'right after the fresh state');
  });

  it('stops talking after dispose', async function () {
    const { session, backend, posted } = setup();
    await session.handle({ type: 'ready' });
    session.dispose();
    posted.length = 0;
    backend.emitStats(emptyStats(0));
    await session.handle({ type: 'refreshModels' });
    assert.deepEqual(posted, []);
    assert.ok(!backend.calls.includes('refreshModels'));
  });
});
