// `npm run test:e2e`: the packaged extension in code-server, driven in headless Chromium.
// The suite is TypeScript (it drives the TypeScript OpenRouter double in-process), so run it under tsx.
// Arguments pass through: `npm run test:e2e -- --only 2,4` runs scenarios 2 and 4 only.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'e2e', 'suite.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
// The terminal's Ctrl+C reaches the child too; forward other terminations so it can clean up.
for (const signal of ['SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
process.on('SIGINT', () => {});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
