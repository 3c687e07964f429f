// `npm run test:start`: the real `npm start` on its code-server path (what it does on a Linux
// machine with apt-get and no desktop editor or display), stopped by a SIGTERM to npm: afterwards
// the port is free and no process it started is left. Before, code-server and its children kept
// the port: npm's SIGTERM stopped only the `sh -c` that runs the script. Not part of `npm test`:
// it packages the extension and starts code-server (about a minute), and needs code-server
// installed (scripts/installCodeServer.sh, which `npm test`'s e2e suite runs anyway).
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../../scripts/lib/codeServer';

const ROOT = join(__dirname, '..', '..');

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

/** Every process below `root` (by parent pid), whatever process group it moved to. */
function descendants(root: number): number[] {
  const table = spawnSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' }).stdout;
  const children = new Map<number, number[]>();
  for (const line of table.split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (!pid) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const found: number[] = [];
  const walk = (pid: number): void => {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

describe('npm start on the code-server path', function () {
  this.timeout(600_000);
  let npm: ChildProcess | undefined;
  let started: number[] = [];

  before(function () {
    if (process.platform !== 'linux') this.skip();
  });

  after(() => {
    // A failed run leaves what it started: end it.
    for (const pid of started) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone.
      }
    }
  });

  it('frees the port and leaves no process after a SIGTERM to npm', async () => {
    const port = await freePort();
    npm = spawn('npm', ['start', '--', '--demo', '--editor', 'code-server', '--port', String(port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const output: string[] = [];
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: npm?.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        output.push(line);
        if (/Press Ctrl\+C to stop\./.test(line)) resolve();
      });
      npm?.once('exit', (code) => reject(new Error(`npm start exited (${code}) before it was ready:\n${output.join('\n')}`)));
    });
    const pid = npm.pid as number;
    started = descendants(pid);
    assert.ok(started.length >= 4, `npm, its shell, start.mjs, code-server and the double: found ${started.length}`);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200, 'code-server answers');

    process.kill(pid, 'SIGTERM');
    const startScript = started.find((p) => spawnSync('ps', ['-o', 'args=', '-p', String(p)], { encoding: 'utf8' }).stdout.includes('scripts/start.mjs'));
    assert.ok(startScript, 'found the start script among the processes');
    // A generous grace for stopping code-server (it gets 5 s before SIGKILL); the old script never
    // stopped at all, so without a bound this would wait forever.
    const deadline = Date.now() + 30_000;
    while (alive(startScript) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const left = started.filter(alive);
    assert.deepEqual(left, [], `still running: ${left.map((p) => spawnSync('ps', ['-o', 'pid=,args=', '-p', String(p)], { encoding: 'utf8' }).stdout.trim()).join('; ')}`);
    assert.equal(await listening(port), false, `port ${port} is still taken`);
  });
});
