// `npm run screenshots`: regenerates the README's pictures in media/readme/ from the test suites,
// never by hand. The settings page (light, dark) comes from the page harness in headless Chromium;
// the chat answer and the open model picker from the e2e suite in code-server (scenario 2),
// which needs code-server installed (scripts/installCodeServer.sh) and takes a few minutes.
// `--page-only` skips the e2e part. The walkthrough shows the same pictures.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'media', 'readme');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
mkdirSync(out, { recursive: true });
const env = { ...process.env, CHROMIUM_PATH: chromium, OPENROUTER_DUAL_README_SHOTS: out };

function run(what, command, args) {
  console.log(`screenshots: ${what}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`screenshots: ${what} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

run('building the page', process.execPath, ['esbuild.mjs']);
run('settings page, light and dark', process.execPath, [
  path.join(root, 'node_modules/mocha/bin/mocha.js'),
  '--no-config',
  '--import=tsx',
  '--timeout',
  '30000',
  '--exit',
  '--grep',
  'saves light and dark screenshots',
  'test/webview/page.test.ts',
]);
if (!process.argv.includes('--page-only')) {
  run('chat and model picker (e2e scenario 2 in code-server)', process.execPath, ['test/e2e/run.mjs', '--only', '2']);
}
for (const name of readdirSync(out).filter((n) => n.endsWith('.png')).sort()) {
  console.log(`  media/readme/${name}  ${(statSync(path.join(out, name)).size / 1024).toFixed(0)} KB`);
}
