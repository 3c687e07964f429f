// Activation cost of the packaged extension: the production bundle (dist/extension.js) loaded and
// activated in Node with the `vscode` stand-in, so the numbers are repeatable and free of the
// workbench's own start-up. "wiring" is what activate() itself does before it waits for VS Code
// to resolve the models; "load" is requiring the bundle (parse + module evaluation).
// The e2e suite logs the same "Activated in" line from a real code-server window.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as vscode from '../test/unit/vscodeStub';

const ROOT = resolve(__dirname, '..');
const BUNDLE = join(ROOT, 'dist', 'extension.js');
const RUNS = 30;

const BARE_LOAD = `
const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (r, ...rest) { return r === 'vscode' ? 'vscode' : resolve.call(this, r, ...rest); };
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: {} };
const bundle = process.argv[1];
const times = [];
for (let i = 0; i < 20; i++) {
  delete require.cache[bundle];
  const t0 = performance.now();
  require(bundle);
  times.push(performance.now() - t0);
}
console.log(JSON.stringify(times));
`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: ROOT, stdio: 'pipe' });
  const loads: number[] = [];
  const wiring: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    delete require.cache[BUNDLE];
    vscode.recorded.reset();
    const storage = mkdtempSync(join(tmpdir(), 'bench-activation-'));
    const context = vscode.createContext(storage);
    const t0 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ext = require(BUNDLE) as { activate(c: unknown): Promise<unknown>; deactivate(): unknown };
    loads.push(performance.now() - t0);
    await ext.activate(context);
    const line = vscode.recorded.logLines.find((l) => /Activated in/.test(l)) ?? '';
    const m = /Activated in ([\d.]+) ms/.exec(line);
    if (!m) throw new Error(`no activation line in the log: ${vscode.recorded.logLines.join('\n')}`);
    wiring.push(Number(m[1]));
    await ext.deactivate();
    for (const d of context.subscriptions) d.dispose();
    rmSync(storage, { recursive: true, force: true });
  }
  // tsx's loader hooks also see the bundle in this process, so time the plain load in a bare Node.
  const bareLoad = JSON.parse(
    execFileSync(process.execPath, ['-e', BARE_LOAD, BUNDLE], { cwd: ROOT, encoding: 'utf8' }),
  ) as number[];
  const kb = (f: string) => (statSync(join(ROOT, 'dist', f)).size / 1024).toFixed(0);
  console.log(`Node ${process.version}, load average ${(await import('node:os')).loadavg()[0].toFixed(1)}, ${RUNS} activations`);
  console.log(`bundle: extension.js ${kb('extension.js')} KB; loaded on first request: sdk/openai.js ${kb('sdk/openai.js')} KB, sdk/official.js ${kb('sdk/official.js')} KB`);
  console.log(`load bundle in bare Node (require with an empty vscode): first ${bareLoad[0].toFixed(1)} ms, median of the rest ${median(bareLoad.slice(1)).toFixed(2)} ms`);
  console.log(`load bundle under tsx (this process): median ${median(loads.slice(1)).toFixed(2)} ms`);
  console.log(`activate() wiring: first ${wiring[0].toFixed(1)} ms, median of the rest ${median(wiring.slice(1)).toFixed(2)} ms (target under 20 ms)`);
}

void main();
