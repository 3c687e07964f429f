// `npm run test:webview`: build the page, make sure Chromium is there, run the page's tests
// (host session in Node, then the built page in headless Chromium through the harness).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: chromium } });
  if (result.status !== 0) {
    console.error(`test:webview: '${command} ${args.join(' ')}' failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

if (!existsSync(chromium)) run('bash', ['scripts/installChromium.sh']);
run(process.execPath, ['esbuild.mjs']);
run(process.execPath, [
  path.join(root, 'node_modules/mocha/bin/mocha.js'),
  '--no-config',
  '--import=tsx',
  '--timeout',
  '30000',
  '--exit',
  'test/webview/hostSession.test.ts',
  'test/webview/page.test.ts',
]);
