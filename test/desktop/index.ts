// The entry VS Code's extension host loads for `npm run test:desktop` (its `--extensionTestsPath`):
// it runs the mocha suite against the real `vscode` API and the extension under development, and
// rejects when a test fails, which makes VS Code exit non-zero. scripts/testDesktop.ts bundles this
// file (with the suite and the OpenRouter double) into out/desktop/index.js; `vscode` and `mocha`
// stay external (the host provides the first, the repo's node_modules the second).
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';

export interface DesktopResults {
  passes: string[];
  failures: { title: string; error: string }[];
  pending: string[];
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 30_000, color: false });
  // The suite is part of this bundle, not a file mocha could load: give it mocha's globals
  // (describe, it, ...) first, then evaluate it (esbuild keeps a `require` of a bundled module lazy).
  mocha.suite.emit('pre-require', globalThis, 'test/desktop/extension.test.ts', mocha);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated after mocha's globals exist, which a hoisted import would not wait for
  require('./extension.test');

  const results: DesktopResults = { passes: [], failures: [], pending: [] };
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (t) => results.passes.push(t.fullTitle()));
    runner.on('pending', (t) => results.pending.push(t.fullTitle()));
    runner.on('fail', (t, err: Error) => results.failures.push({ title: t.fullTitle(), error: String(err?.stack ?? err) }));
  });
  // For a driver that cannot read the extension host's stdout (another host than test-electron).
  const resultsFile = process.env.OPENROUTER_DUAL_DESKTOP_RESULTS;
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  if (failures > 0) throw new Error(`${failures} of ${results.passes.length + failures} desktop tests failed.`);
  if (results.passes.length === 0) throw new Error('No desktop test ran.');
}
