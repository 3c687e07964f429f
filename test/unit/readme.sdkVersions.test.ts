// The README names the SDKs and the versions the extension is built with; the lock file is where
// that fact lives, so the README's table is checked against it (an upgrade that forgets the README fails).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const SDKS = ['openai', 'ai', '@openrouter/ai-sdk-provider', '@ai-sdk/openai-compatible', '@vscode/test-electron', '@vscode/vsce'];

interface Lock {
  packages: Record<string, { version?: string }>;
}

describe('README: the SDKs and their versions', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as Lock;

  for (const name of SDKS) {
    it(`names ${name} at the major.minor the lock file resolves`, () => {
      const resolved = lock.packages[`node_modules/${name}`]?.version;
      assert.ok(resolved, `${name} is in package-lock.json`);
      const [major, minor] = resolved.split('.');
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
      assert.ok(row, `README has a row for ${name}`);
      assert.equal(row.split('|')[2]?.trim(), `${major}.${minor}`, `README row for ${name}: ${row}`);
    });
  }
});
