// `npm start`: builds and packages the extension, installs it into a code-server profile under
// ~/.cache/openrouter-dual/ and serves VS Code on 127.0.0.1 (the URL is printed). Uses
// OPENROUTER_API_KEY from the environment when set.
// `npm start -- --demo`: also starts the local OpenRouter double and points the extension at it
// (with a demo key it accepts), to try every feature offline. `--port N` picks the port (default 8080).
// Ctrl+C stops everything.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { require as tsxRequire } from 'tsx/cjs/api';

/** @type {typeof import('./lib/codeServer')} */
const codeServer = tsxRequire('./lib/codeServer.ts', import.meta.url);
const { QUIET_WORKBENCH_SETTINGS, REPO_ROOT, ensureTools, packageExtension, prepareProfile, readSettings, startCodeServer } =
  codeServer;

const DEMO_KEY = 'sk-or-v1-demo';
const demo = process.argv.includes('--demo');
const portIndex = process.argv.indexOf('--port');
const port = portIndex >= 0 ? Number(process.argv[portIndex + 1]) : 8080;
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`start: --port must be an integer between 1 and 65535, got "${process.argv[portIndex + 1]}"`);
  process.exit(2);
}

/** @type {(() => Promise<unknown>)[]} */
const cleanups = [];
let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
  process.exit(code);
}
process.on('SIGINT', () => {
  console.log('\nstart: stopping...');
  void stopAll(0);
});
process.on('SIGTERM', () => void stopAll(0));

/** Starts the double's CLI and resolves with its base URL (its first output line). */
function startDouble() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/cli.ts', '--port', '0'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanups.push(
    () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(undefined);
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  );
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const match = /^OPENROUTER_DOUBLE_BASE_URL=(\S+)/.exec(line);
      if (match) resolve(match[1]);
      else console.log(`double: ${line}`);
    });
    child.once('exit', (code) => reject(new Error(`the OpenRouter double exited (code ${code}) before it was ready`)));
  });
}

async function main() {
  const tools = ensureTools({ chromium: false });
  // Separate profiles, so the demo's base URL never sticks to the real one.
  const profileRoot = join(homedir(), '.cache', 'openrouter-dual', demo ? 'start-profile-demo' : 'start-profile');
  console.log('start: building and packaging the extension...');
  const vsix = packageExtension(profileRoot);

  let baseUrl;
  let apiKey = process.env.OPENROUTER_API_KEY || undefined;
  if (demo) {
    baseUrl = await startDouble();
    apiKey = DEMO_KEY;
    console.log(`start: demo mode, the extension talks to the local OpenRouter double at ${baseUrl}`);
  }

  const profile = prepareProfile({
    root: profileRoot,
    tools,
    vsix,
    fresh: false,
    // The quiet-workbench settings are defaults: what the user changed in this profile wins.
    settings: {
      ...QUIET_WORKBENCH_SETTINGS,
      ...readSettings(join(profileRoot, 'user-data', 'User', 'settings.json')),
      ...(demo ? { 'openrouterDual.baseUrl': baseUrl } : {}),
    },
  });
  const server = await startCodeServer({
    tools,
    profile,
    port,
    env: { OPENROUTER_API_KEY: apiKey },
    logPath: join(profileRoot, 'code-server.log'),
  });
  cleanups.push(() => server.stop());
  server.process.once('exit', (code) => {
    if (!stopping) {
      console.error(`start: code-server exited (code ${code}); log: ${server.logPath}`);
      void stopAll(1);
    }
  });

  console.log('');
  console.log(`  OpenRouter Dual is running in VS Code (code-server): ${server.url}`);
  console.log(`  Profile: ${profileRoot}   Log: ${server.logPath}`);
  if (demo) console.log(`  Demo key ${DEMO_KEY} is set through OPENROUTER_API_KEY; every answer comes from the local double.`);
  else if (apiKey) console.log('  Using OPENROUTER_API_KEY from the environment.');
  else console.log("  No OPENROUTER_API_KEY in the environment: run 'OpenRouter: Set API Key' in the command palette.");
  console.log('  Press Ctrl+C to stop.');
}

main().catch((err) => {
  console.error(`start: ${err instanceof Error ? err.message : String(err)}`);
  void stopAll(1);
});
