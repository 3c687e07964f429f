// `npm run test:repeat -- <unit|webview|e2e> <N> [--load <busy loops>] [-- <suite arguments>]`:
// runs one suite N times in a row and prints, per run, whether it passed and the name of every test
// that failed, then how often each failed. `--load 2` keeps two busy loops running on the cores
// meanwhile, so a suite can be tried on a loaded machine. Full output of failed runs is kept in files.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failuresIn, type TestFailure } from './lib/testFailures';

const SUITES = ['unit', 'webview', 'e2e'] as const;
type Suite = (typeof SUITES)[number];

interface Options {
  suite: Suite;
  runs: number;
  load: number;
  passThrough: string[];
}

function usage(problem: string): never {
  console.error(`test:repeat: ${problem}\nUsage: npm run test:repeat -- <${SUITES.join('|')}> <runs> [--load <busy loops>] [-- <arguments for the suite>]`);
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const dashes = argv.indexOf('--');
  const own = dashes < 0 ? argv : argv.slice(0, dashes);
  const passThrough = dashes < 0 ? [] : argv.slice(dashes + 1);
  const [suite, runsText, ...rest] = own;
  if (!SUITES.includes(suite as Suite)) usage(`unknown suite '${suite ?? ''}'.`);
  const runs = Number(runsText ?? '1');
  if (!Number.isInteger(runs) || runs < 1) usage(`the number of runs must be a whole number from 1, not '${runsText}'.`);
  let load = 0;
  if (rest[0] === '--load') {
    load = Number(rest[1]);
    if (!Number.isInteger(load) || load < 0) usage(`--load takes a number of busy loops, not '${rest[1]}'.`);
  } else if (rest.length) usage(`unexpected '${rest.join(' ')}'.`);
  return { suite: suite as Suite, runs, load, passThrough };
}

function busyLoops(count: number): ChildProcess[] {
  return Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

function runOnce(options: Options): Promise<{ code: number; output: string }> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = ['run', `test:${options.suite}`, ...(options.passThrough.length ? ['--', ...options.passThrough] : [])];
  return new Promise((resolve) => {
    const child = spawn(npm, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const logs = mkdtempSync(join(tmpdir(), `test-repeat-${options.suite}-`));
  const loops = busyLoops(options.load);
  const stopLoops = () => loops.forEach((l) => l.kill());
  process.on('exit', stopLoops);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
  console.log(`test:repeat: ${options.suite} × ${options.runs}${options.load ? ` with ${options.load} busy loops` : ''}`);

  const counts = new Map<string, number>();
  let failedRuns = 0;
  for (let run = 1; run <= options.runs; run++) {
    const started = Date.now();
    const { code, output } = await runOnce(options);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    let failures: TestFailure[] = failuresIn(output);
    if (code !== 0 && failures.length === 0) failures = [{ name: '(no test named: the suite itself failed)', message: lastLine(output) }];
    if (code === 0 && failures.length === 0) {
      console.log(`run ${run}/${options.runs}: pass (${seconds} s)`);
      continue;
    }
    failedRuns++;
    const log = join(logs, `run-${run}.log`);
    writeFileSync(log, output);
    console.log(`run ${run}/${options.runs}: FAIL (${seconds} s), output in ${log}`);
    for (const f of failures) {
      console.log(`  ✗ ${f.name}\n      ${f.message}`);
      counts.set(f.name, (counts.get(f.name) ?? 0) + 1);
    }
  }
  stopLoops();
  console.log(`\ntest:repeat: ${options.runs - failedRuns} of ${options.runs} runs passed`);
  for (const [name, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${n}× ${name}`);
  return failedRuns === 0 ? 0 : 1;
}

function lastLine(output: string): string {
  return output.trim().split(/\r?\n/).slice(-1)[0] ?? '';
}

void main().then((code) => process.exit(code));
