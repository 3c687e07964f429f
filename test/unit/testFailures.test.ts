import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failuresIn } from '../../scripts/lib/testFailures';

// The parser reads what mocha really prints: a real mocha run over a small failing file.
function realMochaOutput(reporter: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'test-failures-'));
  const file = join(dir, 'sample.test.js');
  writeFileSync(
    file,
    `const assert = require('node:assert');
describe('settings page in Chromium', () => {
  it('passes', () => { assert.ok(true); });
  it('toggling a model sends toggleModel and reflects the host’s answer', () => { assert.equal(true, false, 'the refused toggle is undone'); });
  describe('nested', () => { it('a second failure', () => { throw new Error('boom'); }); });
});`,
  );
  const mocha = join(__dirname, '../../node_modules/mocha/bin/mocha.js');
  return spawnSync(process.execPath, [mocha, '--no-config', '--reporter', reporter, file], { encoding: 'utf8' }).stdout;
}

describe('test:repeat reads the failed tests out of a suite’s output', () => {
  for (const reporter of ['dot', 'spec']) {
    it(`names every failed mocha test with its suites (${reporter} reporter)`, () => {
      const failures = failuresIn(realMochaOutput(reporter));
      assert.deepEqual(
        failures.map((f) => f.name),
        ['settings page in Chromium › toggling a model sends toggleModel and reflects the host’s answer', 'settings page in Chromium › nested › a second failure'],
      );
      assert.match(failures[0].message, /the refused toggle is undone/);
      assert.match(failures[1].message, /boom/);
    });
  }

  it('names a failed end-to-end scenario and a setup failure', () => {
    const output = [
      'e2e 18:02:11 pass 1. First request (12.0 s)',
      'e2e 18:02:40 FAIL 15. A local endpoint answers when OpenRouter is rate-limited (29.1 s)',
      '      Error: timed out waiting for "Ollama"',
      'e2e: setup failed: code-server did not start',
    ].join('\n');
    assert.deepEqual(failuresIn(output), [
      { name: 'e2e 15. A local endpoint answers when OpenRouter is rate-limited', message: 'Error: timed out waiting for "Ollama"' },
      { name: 'e2e setup', message: 'code-server did not start' },
    ]);
  });

  it('finds nothing in a passing run', () => {
    assert.deepEqual(failuresIn('  12 passing (3s)\ne2e 18:02:11 pass 1. First request (12.0 s)\n'), []);
  });
});
