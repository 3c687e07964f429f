// `npm start` stops everything it started: the editor (with its extension host) and the demo's
// OpenRouter double, whether it is stopped by a SIGTERM to npm, by Ctrl+C in its terminal, or by
// closing the editor's window. The editor is test/fixtures/fakeEditor.mjs, which starts detached
// and leaves a SIGTERM-proof extension host on a port, as a real one could.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { removeDir } from './tempDirs';

const ROOT = join(__dirname, '..', '..');
const READY = /Close the window or press Ctrl\+C to stop\./;

interface EditorReport {
  launcherPid: number;
  cliPid: number;
  mainPid: number;
  hostPid: number;
  hostPort: number;
  args: string[];
  apiKey: string | null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean): Promise<void> {
  // Bounded by the test's timeout, not by a deadline of its own: how long is not what is tested.
  while (!condition()) await pause(50);
}

describe('npm start: stopping', function () {
  this.timeout(90_000);
  let cache: string;
  let npm: ChildProcess | undefined;
  let editorGroup: number | undefined;

  before(function () {
    if (process.platform === 'win32') this.skip();
  });

  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'od-start-'));
  });

  afterEach(async () => {
    // A test that failed leaves what it started: end it (the group is gone when it passed).
    for (const group of [npm?.pid, editorGroup]) {
      try {
        if (group !== undefined) process.kill(-group, 'SIGKILL');
      } catch {
        // Nothing left.
      }
    }
    editorGroup = undefined;
    await removeDir(cache);
  });

  /** Runs `npm start -- --demo` with the fake editor and resolves once it says it is ready. */
  async function start(): Promise<{ report: EditorReport; doublePort: number; output: string[] }> {
    const launcher = join(cache, 'code');
    writeFileSync(launcher, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'test', 'fixtures', 'fakeEditor.mjs')}" "$@"\n`);
    chmodSync(launcher, 0o755);
    npm = spawn('npm', ['start', '--', '--demo', '--no-build', '--editor-path', launcher], {
      cwd: ROOT,
      env: { ...process.env, OPENROUTER_DUAL_CACHE: cache, OPENROUTER_API_KEY: 'sk-or-v1-not-the-demo' },
      // Its own process group, like a command in a terminal, so "Ctrl+C" can reach all of it.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const exited = new Promise<never>((_, reject) => npm?.once('exit', (code) => reject(new Error(`npm start exited (${code}) before it was ready:\n${output.join('\n')}`))));
    const ready = new Promise<void>((resolve) => {
      for (const stream of [npm?.stdout, npm?.stderr]) {
        if (!stream) continue;
        createInterface({ input: stream }).on('line', (line) => {
          output.push(line);
          if (READY.test(line)) resolve();
        });
      }
    });
    await Promise.race([ready, exited]);
    const userData = join(cache, 'start-code-demo', 'user-data');
    const reportPath = join(userData, 'fake-editor.json');
    await Promise.race([until(() => existsSync(reportPath)), exited]);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as EditorReport;
    editorGroup = report.mainPid;
    const settings = JSON.parse(readFileSync(join(userData, 'User', 'settings.json'), 'utf8')) as Record<string, string>;
    const doublePort = Number(new URL(settings['openrouterDual.baseUrl']).port);
    return { report, doublePort, output };
  }

  async function assertEverythingStarted({ report, doublePort }: { report: EditorReport; doublePort: number }): Promise<void> {
    assert.ok(report.args.includes(`--extensionDevelopmentPath=${ROOT}`), report.args.join(' '));
    assert.ok(report.args.includes('--new-window'));
    assert.equal(report.apiKey, 'sk-or-v1-demo', 'the demo key reaches the editor, not the one of the environment');
    const models = await fetch(`http://127.0.0.1:${doublePort}/api/v1/models`);
    assert.equal(models.status, 200, 'the double answers');
    assert.equal(await listening(report.hostPort), true, "the editor's extension host listens");
  }

  async function assertNothingLeft({ report, doublePort }: { report: EditorReport; doublePort: number }): Promise<void> {
    // npm start's own process has exited once it has stopped all it started.
    await until(() => !alive(report.launcherPid));
    for (const [what, pid] of [['editor CLI', report.cliPid], ['editor', report.mainPid], ['extension host', report.hostPid]] as const) {
      assert.equal(alive(pid), false, `the ${what} (pid ${pid}) is still running`);
    }
    assert.equal(await listening(report.hostPort), false, "the extension host's port is still taken");
    assert.equal(await listening(doublePort), false, "the double's port is still taken");
  }

  it('stops the editor, its extension host and the double on a SIGTERM to npm (failed before: the shell npm runs it in died alone)', async () => {
    const started = await start();
    await assertEverythingStarted(started);
    process.kill(npm?.pid as number, 'SIGTERM');
    await assertNothingLeft(started);
  });

  it('stops everything on Ctrl+C (SIGINT to the terminal’s process group)', async () => {
    const started = await start();
    await assertEverythingStarted(started);
    process.kill(-(npm?.pid as number), 'SIGINT');
    await assertNothingLeft(started);
  });

  it('stops the double and the extension host when the editor window is closed', async () => {
    const started = await start();
    await assertEverythingStarted(started);
    // The editor quits without a word to its extension host, which outlives it.
    process.kill(started.report.mainPid, 'SIGKILL');
    await assertNothingLeft(started);
    assert.ok(started.output.some((line) => /the VS Code window was closed; stopping\./.test(line)), started.output.join('\n'));
  });
});
