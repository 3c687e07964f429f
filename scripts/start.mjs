// `npm start`: builds the extension and opens it from source in a new window of the editor you
// have (VS Code, VSCodium or Cursor, found on PATH or where they are usually installed), in a
// profile of its own under ~/.cache/openrouter-dual/. Uses OPENROUTER_API_KEY when set.
// Where no editor is found and the system has apt-get (Debian, Ubuntu), it serves VS Code in the
// browser with code-server instead, as the e2e suite does; elsewhere it says what to install.
//   --demo              also start the local OpenRouter double and point the extension at it
//   --editor NAME       code, codium, cursor, or code-server
//   --editor-path FILE  an editor's command-line launcher installed somewhere unusual
//   --no-build          skip the build (`npm run watch` is running)
//   --port N            code-server's port (default 8080)
// Ctrl+C, SIGTERM, closing the editor window or the end of the npm process stop everything it started.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { require as tsxRequire } from 'tsx/cjs/api';

/** @type {typeof import('./lib/codeServer')} */
const codeServer = tsxRequire('./lib/codeServer.ts', import.meta.url);
/** @type {typeof import('./lib/editor')} */
const editors = tsxRequire('./lib/editor.ts', import.meta.url);
/** @type {typeof import('./lib/desktopEditor')} */
const desktop = tsxRequire('./lib/desktopEditor.ts', import.meta.url);
const { QUIET_WORKBENCH_SETTINGS, REPO_ROOT, readSettings } = codeServer;

const DEMO_KEY = 'sk-or-v1-demo';
// The same cache root as scripts/installCodeServer.sh.
const CACHE_ROOT = process.env.OPENROUTER_DUAL_CACHE || join(homedir(), '.cache', 'openrouter-dual');

function fail(message) {
  console.error(`start: ${message}`);
  process.exit(2);
}

let options;
try {
  options = parseArgs({
    options: {
      demo: { type: 'boolean', default: false },
      port: { type: 'string', default: '8080' },
      editor: { type: 'string' },
      'editor-path': { type: 'string' },
      'no-build': { type: 'boolean', default: false },
    },
  }).values;
} catch (err) {
  fail(`${err instanceof Error ? err.message : String(err)} (options: --demo, --editor code|codium|cursor|code-server, --editor-path FILE, --no-build, --port N)`);
}
const demo = options.demo;
const port = Number(options.port);
if (!Number.isInteger(port) || port <= 0 || port > 65535) fail(`--port must be an integer between 1 and 65535, got "${options.port}"`);
const choice = editors.parseEditorChoice(options.editor);
if ('error' in choice) fail(choice.error);

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
process.on('SIGHUP', () => void stopAll(0));
// `npm start` runs this through `sh -c`, and a SIGTERM to npm stops only that shell: this process
// would live on, with everything it started. It notices by being handed to another parent.
const parentAtStart = process.ppid;
const parentWatch = setInterval(() => {
  if (process.ppid !== parentAtStart) {
    clearInterval(parentWatch);
    console.error('start: the npm process that started this is gone; stopping.');
    void stopAll(0);
  }
}, 500).unref();

/** Starts the double's CLI and resolves with its base URL (its first output line). */
function startDouble() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/cli.ts', '--port', '0'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanups.push(
    () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
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

/** The demo's double (and key), or the key from the environment. */
async function connection() {
  if (!demo) return { baseUrl: undefined, apiKey: process.env.OPENROUTER_API_KEY || undefined };
  const baseUrl = await startDouble();
  console.log(`start: demo mode, the extension talks to the local OpenRouter double at ${baseUrl}`);
  return { baseUrl, apiKey: DEMO_KEY };
}

function sayKey(apiKey) {
  if (demo) console.log(`  Demo key ${DEMO_KEY} is set through OPENROUTER_API_KEY; every answer comes from the local double.`);
  else if (apiKey) console.log('  Using OPENROUTER_API_KEY from the environment.');
  else console.log("  No OPENROUTER_API_KEY in the environment: run 'OpenRouter: Set API Key' in the command palette.");
}

/** Settings of a start profile: quiet-workbench defaults, under what the user changed in it, under the demo's URL. */
function profileSettings(settingsPath, baseUrl) {
  return {
    ...QUIET_WORKBENCH_SETTINGS,
    ...readSettings(settingsPath),
    ...(demo ? { 'openrouterDual.baseUrl': baseUrl } : {}),
  };
}

async function startInEditor(plan) {
  const label = editors.EDITORS[plan.editor].label;
  if (options['no-build']) {
    if (existsSync(join(REPO_ROOT, 'dist', 'extension.js'))) console.log('start: --no-build: using dist/ as it is');
    else console.error('start: --no-build, but dist/extension.js does not exist yet: the extension cannot load until npm run build (or npm run watch) writes it.');
  }
  else {
    console.log('start: building the extension...');
    const build = spawnSync(process.execPath, [join(REPO_ROOT, 'esbuild.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`the build (node esbuild.mjs) failed with exit ${build.status}; see the lines above.`);
  }
  const { baseUrl, apiKey } = await connection();
  // A profile per editor, and separate ones for the demo, so its base URL never sticks to the real one.
  const root = join(CACHE_ROOT, `start-${plan.editor}${demo ? '-demo' : ''}`);
  const profile = desktop.prepareDesktopProfile(root, profileSettings(join(root, 'user-data', 'User', 'settings.json'), baseUrl));
  const editor = desktop.launchEditor({
    executable: plan.executable,
    args: desktop.editorArguments(REPO_ROOT, profile),
    profile,
    env: { OPENROUTER_API_KEY: apiKey },
  });
  cleanups.push(() => editor.stop());
  editor.cli.once('error', (err) => {
    console.error(`start: could not run ${plan.executable}: ${err.message}`);
    void stopAll(1);
  });
  editor.cli.once('exit', (code, signal) => {
    if (stopping) return;
    // Ctrl+C reaches the CLI too (same terminal group), maybe before this process's own SIGINT.
    if (signal) return void stopAll(0);
    if (code === 0) console.log(`start: the ${label} window was closed; stopping.`);
    else console.error(`start: ${plan.executable} exited with code ${code}; see the lines above.`);
    void stopAll(code === 0 ? 0 : 1);
  });
  console.log('');
  console.log(`  OpenRouter Dual is loaded from source in a new ${label} window (${plan.executable}).`);
  console.log(`  Profile: ${root}`);
  sayKey(apiKey);
  console.log('  After a change: npm run build (or keep npm run watch running), then "Developer: Reload Window".');
  console.log('  Close the window or press Ctrl+C to stop.');
}

async function startInCodeServer() {
  const { ensureTools, packageExtension, prepareProfile, startCodeServer } = codeServer;
  const tools = ensureTools({ chromium: false });
  const profileRoot = join(CACHE_ROOT, demo ? 'start-profile-demo' : 'start-profile');
  console.log('start: building and packaging the extension...');
  const vsix = packageExtension(profileRoot);
  const { baseUrl, apiKey } = await connection();
  const profile = prepareProfile({
    root: profileRoot,
    tools,
    vsix,
    fresh: false,
    settings: profileSettings(join(profileRoot, 'user-data', 'User', 'settings.json'), baseUrl),
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
  sayKey(apiKey);
  console.log('  Press Ctrl+C to stop.');
}

async function main() {
  const plan = editors.planStart({ editor: choice.editor, editorPath: options['editor-path'] }, desktop.thisSystem());
  if (plan.kind === 'none') {
    console.error(`start: ${plan.message}`);
    process.exit(1);
  }
  if (plan.kind === 'editor') return startInEditor(plan);
  console.log(`start: ${plan.why}: serving VS Code in the browser with code-server.`);
  return startInCodeServer();
}

main().catch((err) => {
  console.error(`start: ${err instanceof Error ? err.message : String(err)}`);
  void stopAll(1);
});
