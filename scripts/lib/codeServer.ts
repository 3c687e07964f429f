// Runs the packaged extension in code-server (the real VS Code workbench and extension host), for
// the e2e suite and `npm start`. Install steps live in scripts/install-*.sh; this file only uses them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const VSIX_PATH = join(REPO_ROOT, 'dist', 'openrouter-dual.vsix');
export const EXTENSION_ID = 'openrouter-dual.openrouter-dual';

export interface CodeServerTools {
  /** The Node 24 binary code-server runs on. */
  node: string;
  /** code-server's `out/node/entry.js`. */
  entry: string;
}

/** Installs (or finds, when cached) Chromium and code-server; returns code-server's paths. */
export function ensureTools(options: { chromium?: boolean } = {}): CodeServerTools {
  if (options.chromium !== false) runScript('installChromium.sh');
  const out = runScript('installCodeServer.sh');
  const value = (key: string): string => {
    const line = out.split('\n').find((l) => l.startsWith(`${key}=`));
    if (!line) throw new Error(`scripts/installCodeServer.sh did not print ${key}=; its output was:\n${out}`);
    return line.slice(key.length + 1).trim();
  };
  return { node: value('CODE_SERVER_NODE'), entry: value('CODE_SERVER_ENTRY') };
}

function runScript(name: string): string {
  const result = spawnSync('bash', [join(REPO_ROOT, 'scripts', name)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`scripts/${name} failed (exit ${result.status}); see the lines above.`);
  return result.stdout;
}

/**
 * Runs `npm run package` (the production bundle and dist/openrouter-dual.vsix) and copies the .vsix
 * into `destDir`, so what gets installed cannot change under us. Other people's builds in the same
 * working tree may rewrite dist/ at the same moment: a copy that is not a complete zip is packaged
 * again (up to three times).
 */
export function packageExtension(destDir: string): string {
  const copy = join(destDir, 'openrouter-dual.vsix');
  for (let attempt = 1; ; attempt++) {
    const result = spawnSync('npm', ['run', '--silent', 'package'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`npm run package failed (exit ${result.status}); see the lines above.`);
    if (!existsSync(VSIX_PATH)) throw new Error(`npm run package succeeded but ${VSIX_PATH} does not exist.`);
    mkdirSync(destDir, { recursive: true });
    copyFileSync(VSIX_PATH, copy);
    if (isCompleteZip(copy)) return copy;
    if (attempt === 3) throw new Error(`${VSIX_PATH} is not a complete zip after 3 attempts (is another build rewriting dist/?).`);
    console.error(`${VSIX_PATH} was rewritten while it was copied (another build?); packaging again.`);
  }
}

/**
 * Packages a plain-JavaScript extension folder (a test fixture, no build step and no dependencies)
 * into `destDir` with vsce, for installing beside ours.
 */
export function packageFixtureExtension(folder: string, destDir: string): string {
  const out = join(destDir, `${basename(folder)}.vsix`);
  mkdirSync(destDir, { recursive: true });
  const vsce = join(REPO_ROOT, 'node_modules', '.bin', 'vsce');
  const result = spawnSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out], { cwd: folder, encoding: 'utf8' });
  if (result.status !== 0 || !existsSync(out)) throw new Error(`vsce package in ${folder} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return out;
}

/** A zip ends with its end-of-central-directory record (PK\x05\x06) within the last 64 KiB. */
function isCompleteZip(path: string): boolean {
  const data = readFileSync(path);
  const tail = data.subarray(Math.max(0, data.length - 65_557));
  return tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) >= 0;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface Profile {
  root: string;
  userDataDir: string;
  extensionsDir: string;
  workspaceDir: string;
  settingsPath: string;
}

/** Settings that keep the workbench quiet and predictable: no welcome page, tips, updates or telemetry. */
export const QUIET_WORKBENCH_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'editor.minimap.enabled': false,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
};

/**
 * Lays out a code-server profile (user data, extensions, an empty workspace folder), writes
 * User/settings.json (settings written before start are read; edits on disk while running are not)
 * and installs the .vsix into it.
 */
export function prepareProfile(options: {
  root: string;
  tools: CodeServerTools;
  vsix: string;
  settings: Record<string, unknown>;
  /** true: wipe the profile first. false: keep it, and lay `settings` over the settings it has. */
  fresh: boolean;
  /** Other extensions installed beside ours (the e2e consumer of the language-model API). */
  extraVsix?: string[];
}): Profile {
  if (options.fresh) rmSync(options.root, { recursive: true, force: true });
  const profile: Profile = {
    root: options.root,
    userDataDir: join(options.root, 'user-data'),
    extensionsDir: join(options.root, 'extensions'),
    workspaceDir: join(options.root, 'workspace'),
    settingsPath: join(options.root, 'user-data', 'User', 'settings.json'),
  };
  mkdirSync(join(profile.userDataDir, 'User'), { recursive: true });
  // The extensions folder holds only this extension, reinstalled each time; a kept one can carry
  // bookkeeping of an interrupted install ("Please restart VS Code before reinstalling").
  rmSync(profile.extensionsDir, { recursive: true, force: true });
  mkdirSync(profile.extensionsDir, { recursive: true });
  mkdirSync(profile.workspaceDir, { recursive: true });
  const settings = options.fresh ? options.settings : { ...readSettings(profile.settingsPath), ...options.settings };
  for (const [key, value] of Object.entries(settings)) if (value === undefined) delete settings[key];
  writeFileSync(profile.settingsPath, JSON.stringify(settings, null, 2) + '\n');
  const install = spawnSync(
    options.tools.node,
    [
      options.tools.entry,
      '--user-data-dir', profile.userDataDir,
      '--extensions-dir', profile.extensionsDir,
      '--install-extension', options.vsix,
      '--force',
    ],
    { encoding: 'utf8' },
  );
  if (install.status !== 0 || !readdirSync(profile.extensionsDir).some((d) => d.startsWith(EXTENSION_ID))) {
    throw new Error(
      `code-server --install-extension ${options.vsix} failed (exit ${install.status}):\n${install.stdout}\n${install.stderr}`,
    );
  }
  for (const extra of options.extraVsix ?? []) {
    const other = spawnSync(
      options.tools.node,
      [options.tools.entry, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--install-extension', extra, '--force'],
      { encoding: 'utf8' },
    );
    if (other.status !== 0) throw new Error(`code-server --install-extension ${extra} failed (exit ${other.status}):\n${other.stdout}\n${other.stderr}`);
  }
  return profile;
}

/** The user's settings.json as an object ({} when absent); refuses to overwrite one it cannot parse. */
export function readSettings(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  const text = readFileSync(path, 'utf8');
  try {
    const parsed: unknown = JSON.parse(text.trim() === '' ? '{}' : text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Comments or trailing commas: fall through to the error, so nothing the user wrote is lost.
  }
  throw new Error(`${path} is not plain JSON (comments or trailing commas?); fix or delete it and start again.`);
}

export interface RunningCodeServer {
  url: string;
  port: number;
  logPath: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts code-server on 127.0.0.1 and resolves once it serves the workbench. */
export async function startCodeServer(options: {
  tools: CodeServerTools;
  profile: Profile;
  port?: number;
  env?: Record<string, string | undefined>;
  logPath: string;
  /** Also copy code-server's output to this process's stdout. */
  echo?: boolean;
}): Promise<RunningCodeServer> {
  const port = options.port ?? (await freePort());
  const log = createWriteStream(options.logPath);
  const child = spawn(
    options.tools.node,
    [
      options.tools.entry,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--user-data-dir', options.profile.userDataDir,
      '--extensions-dir', options.profile.extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      options.profile.workspaceDir,
    ],
    { env: mergeEnv(options.env ?? {}), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  track(child);
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (options.echo) process.stdout.write(chunk);
    });
  }
  const url = `http://127.0.0.1:${port}/`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`code-server exited with code ${child.exitCode} before serving; log: ${options.logPath}`);
    }
    try {
      const response = await fetch(`${url}healthz`);
      if (response.ok) return { url, port, logPath: options.logPath, process: child, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`code-server did not answer on ${url} within 60 s; log: ${options.logPath}`);
}

/**
 * code-server runs in its own process group (so it can be stopped with its extension hosts), which
 * also means it would outlive this process if a cleanup path were missed. Last resort: kill every
 * group still running when this process exits, however it exits.
 */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function track(child: ChildProcess): void {
  if (child.pid === undefined) return;
  const pid = child.pid;
  liveGroups.add(pid);
  child.once('exit', () => liveGroups.delete(pid));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const group of liveGroups) {
        try {
          process.kill(-group, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    });
  }
}

/** This process's environment with overrides; an undefined value removes the variable. */
function mergeEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Kills the whole process group (code-server forks its extension host and watchers). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

/** The extension's output-channel log files under a profile (newest first), for failure messages. */
export function findExtensionLogs(userDataDir: string): string[] {
  const found: { path: string; mtime: number }[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 6 || !existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path, depth + 1);
      else if (/openrouter/i.test(name) && name.endsWith('.log')) found.push({ path, mtime: stat.mtimeMs });
    }
  };
  walk(join(userDataDir, 'logs'), 0);
  return found.sort((a, b) => b.mtime - a.mtime).map((f) => f.path);
}
