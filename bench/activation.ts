// Activation cost of the packaged extension: the production bundle (dist/extension.js) loaded and
// activated in Node with the `vscode` stand-in, so the numbers are repeatable and free of the
// workbench's own start-up. Every sample is a fresh Node process, as a user's window is: the first
// load and the first activate() are the ones that count (V8 warms up, zod builds its first schemas).
// - "load" is requiring the bundle (parse + module evaluation);
// - "activate()" is its synchronous work until it waits for VS Code to resolve the models: the
//   figure it logs itself ("Activated in … (wiring)") and the same call timed from outside.
// Baselines, measured in the same rounds (interleaved, so a busy machine slows all alike): an empty
// module, and zod with one small schema, bundled and minified as the extension bundles it: the
// floor for any bundle that builds a schema at load. Loaded before the clock starts: the stand-in
// and the Node built-ins the bundle imports, which VS Code's extension host has loaded long before.
// The e2e suite logs the same "Activated in" line from a real code-server window.
// Usage: npm run bench:activation [-- --runs 30] [-- --bundle other/extension.js] [-- --compare old/extension.js  (before/after in one run)]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = resolve(__dirname, '..');
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(arg('--runs') ?? 30);
/** `--compare other/extension.js`: measure another build too, interleaved in the same rounds (before/after). */
const COMPARE = arg('--compare') ? resolve(arg('--compare')!) : undefined;

interface Sample {
  load: number;
  loadCpu: number;
  wiring: number;
  sync: number;
  syncCpu: number;
}
const BUNDLE = resolve(arg('--bundle') ?? join(ROOT, 'dist', 'extension.js'));

/**
 * One sample in a fresh process. argv: stub, target, mode, snapshot file. Modes: 'load' (require
 * only); 'new' (activate with nothing set or saved, as on a first start); 'returning' (activate with
 * a model picked in the settings and statistics saved by an earlier session, which are parsed with
 * zod at start); 'snapshot' (prints the statistics of a fresh activation, the saved state for
 * 'returning'). Prints JSON.
 */
const CHILD = `
const [stubFile, target, mode, snapshotFile] = process.argv.slice(2);
const vscode = require(stubFile);
for (const m of ['node:crypto', 'node:fs/promises', 'node:os', 'node:path']) require(m);
const cpuMs = (since) => { const u = process.cpuUsage(since); return (u.user + u.system) / 1000; };
const c0 = process.cpuUsage();
const t0 = performance.now();
const ext = require(target);
const load = performance.now() - t0;
const loadCpu = cpuMs(c0);
if (mode === 'load') { console.log(JSON.stringify({ load, loadCpu })); return; }
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const storage = mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'bench-activation-'));
const context = vscode.createContext(storage);
if (mode === 'returning') {
  vscode.recorded.settings.set('openrouterDual.enabledModels', ['qwen/qwen3-8b:free']);
  // Where the statistics of every window are saved (see src/host/stats/sharedStats.ts).
  const saved = JSON.parse(readFileSync(snapshotFile, 'utf8'));
  require('node:fs').writeFileSync(require('node:path').join(storage, 'statistics.json'), JSON.stringify({ writeId: '00000000-0000-4000-8000-000000000000', resetId: 'bench', stats: saved }));
}
const c1 = process.cpuUsage();
const t1 = performance.now();
const activated = ext.activate(context);
const sync = performance.now() - t1;
const syncCpu = cpuMs(c1);
activated.then(async (api) => {
  const line = vscode.recorded.logLines.find((l) => /Activated in/.test(l)) ?? '';
  const m = /Activated in ([\\d.]+) ms/.exec(line);
  if (!m) throw new Error('no activation line in the log: ' + vscode.recorded.logLines.join('\\n'));
  const problems = vscode.recorded.logLines.filter((l) => /not restored|invalid/.test(l));
  if (problems.length) throw new Error(problems.join('\\n'));
  const statistics = api.statistics();
  await ext.deactivate();
  for (const d of context.subscriptions) d.dispose();
  rmSync(storage, { recursive: true, force: true });
  console.log(JSON.stringify(mode === 'snapshot' ? statistics : { load, loadCpu, wiring: Number(m[1]), sync, syncCpu }));
});
`;

const ZOD_BASELINE = "import * as z from 'zod'; export const schema = z.object({ id: z.string() });";

function stats(xs: number[]): { median: number; p95: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] };
}
const fmt = (xs: number[]) => {
  const { median, p95 } = stats(xs);
  return `median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`;
};

async function main(): Promise<void> {
  if (!arg('--bundle')) execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: ROOT, stdio: 'pipe' });
  const dir = mkdtempSync(join(tmpdir(), 'bench-activation-'));
  try {
    const stub = join(dir, 'vscodeStub.js');
    const zod = join(dir, 'zod.js');
    const empty = join(dir, 'empty.js');
    const child = join(dir, 'child.js');
    const snapshot = join(dir, 'snapshot.json');
    const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' } as const;
    await esbuild.build({ ...common, entryPoints: [join(ROOT, 'test', 'unit', 'vscodeStub.ts')], outfile: stub });
    await esbuild.build({ ...common, minify: true, stdin: { contents: ZOD_BASELINE, resolveDir: ROOT, loader: 'js' }, outfile: zod });
    writeFileSync(empty, '');
    writeFileSync(child, CHILD);

    const sample = (target: string, mode: string) =>
      JSON.parse(execFileSync(process.execPath, [child, stub, target, mode, snapshot], { cwd: ROOT, encoding: 'utf8' })) as Sample;
    writeFileSync(snapshot, JSON.stringify(sample(BUNDLE, 'snapshot')));
    const load = { empty: [] as Sample[], zod: [] as Sample[] };
    const measured = [BUNDLE, ...(COMPARE ? [COMPARE] : [])].map((bundle) => ({ bundle, first: [] as Sample[], returning: [] as Sample[] }));
    const loadBefore = loadavg()[0];
    for (let i = 0; i < RUNS; i++) {
      load.empty.push(sample(empty, 'load'));
      load.zod.push(sample(zod, 'load'));
      for (const m of measured) {
        m.first.push(sample(m.bundle, 'new'));
        m.returning.push(sample(m.bundle, 'returning'));
      }
    }
    const kb = (f: string) => (statSync(f).size / 1024).toFixed(0);
    const sdk = (f: string) => kb(join(ROOT, 'dist', 'sdk', f));
    const pick = (xs: Sample[], key: keyof Sample) => xs.map((x) => x[key] as number);
    console.log(`Node ${process.version}, load average ${loadBefore.toFixed(1)} -> ${loadavg()[0].toFixed(1)}, ${RUNS} fresh processes per figure (${2 * RUNS} for a bundle's load)`);
    console.log('Wall time (what a user waits; inflated on a busy machine) and CPU time of the process (steadier under load).');
    console.log(`loaded on first request: sdk/openai.js ${sdk('openai.js')} KB, sdk/official.js ${sdk('official.js')} KB`);
    console.log(`baseline, require of an empty module: ${fmt(pick(load.empty, 'load'))}; CPU ${fmt(pick(load.empty, 'loadCpu'))}`);
    console.log(`baseline, require of zod with one schema (${kb(zod)} KB minified): ${fmt(pick(load.zod, 'load'))}; CPU ${fmt(pick(load.zod, 'loadCpu'))}`);
    for (const m of measured) {
      const all = [...m.first, ...m.returning];
      const ratio = stats(pick(all, 'load')).median / stats(pick(load.zod, 'load')).median;
      const cpuRatio = stats(pick(all, 'loadCpu')).median / stats(pick(load.zod, 'loadCpu')).median;
      console.log(`\n${m.bundle.replace(ROOT + '/', '')} (${kb(m.bundle)} KB)`);
      console.log(`  load bundle (require): ${fmt(pick(all, 'load'))}; CPU ${fmt(pick(all, 'loadCpu'))}; ${ratio.toFixed(2)}x the zod baseline (CPU ${cpuRatio.toFixed(2)}x) (target under 15 ms)`);
      console.log(`  activate() wiring, as it logs: first start ${fmt(pick(m.first, 'wiring'))}; returning user ${fmt(pick(m.returning, 'wiring'))} (target under 10 ms)`);
      console.log(`  activate() synchronous part: first start ${fmt(pick(m.first, 'sync'))}, CPU ${fmt(pick(m.first, 'syncCpu'))}; returning user ${fmt(pick(m.returning, 'sync'))}, CPU ${fmt(pick(m.returning, 'syncCpu'))}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
