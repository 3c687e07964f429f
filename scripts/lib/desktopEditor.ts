// Opens an installed desktop editor (VS Code, VSCodium, Cursor) with the extension loaded from
// source, in a profile of its own, and closes it again. The profile of its own is what makes it
// stoppable: the editor's CLI hands the window to an editor process started detached, and an
// editor running on the user's everyday profile would only get one more window we could not close.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { System } from './editor';

export interface DesktopProfile {
  root: string;
  userDataDir: string;
  extensionsDir: string;
  workspaceDir: string;
  settingsPath: string;
}

/** Lays out the profile and writes its User/settings.json (the caller merges what was there). */
export function prepareDesktopProfile(root: string, settings: Record<string, unknown>): DesktopProfile {
  const profile: DesktopProfile = {
    root,
    userDataDir: join(root, 'user-data'),
    extensionsDir: join(root, 'extensions'),
    workspaceDir: join(root, 'workspace'),
    settingsPath: join(root, 'user-data', 'User', 'settings.json'),
  };
  for (const dir of [join(profile.userDataDir, 'User'), profile.extensionsDir, profile.workspaceDir]) mkdirSync(dir, { recursive: true });
  const clean = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
  writeFileSync(profile.settingsPath, JSON.stringify(clean, null, 2) + '\n');
  return profile;
}

/** The editor's command line: a new window, the extension from source, this profile, --wait. */
export function editorArguments(extensionPath: string, profile: DesktopProfile): string[] {
  return [
    `--extensionDevelopmentPath=${extensionPath}`,
    '--new-window',
    // The CLI stays until the window is closed, so closing the window ends `npm start` too.
    '--wait',
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
    '--disable-workspace-trust',
    profile.workspaceDir,
  ];
}

/** Variables that would make the CLI talk to the editor this terminal runs in, not start its own. */
const FOREIGN_EDITOR_VARIABLES = ['VSCODE_IPC_HOOK_CLI', 'ELECTRON_RUN_AS_NODE', 'VSCODE_PID', 'VSCODE_CWD', 'VSCODE_NLS_CONFIG', 'VSCODE_HANDLES_UNCAUGHT_ERRORS'];

export interface RunningEditor {
  /** The editor's CLI, which exits when the window is closed. */
  cli: ChildProcess;
  /** Closes the editor this launch started (its main process and with it its windows and hosts). */
  stop(): Promise<void>;
}

export function launchEditor(options: {
  executable: string;
  args: string[];
  profile: DesktopProfile;
  env: Record<string, string | undefined>;
}): RunningEditor {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of FOREIGN_EDITOR_VARIABLES) delete env[name];
  for (const [name, value] of Object.entries(options.env)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const launchedAt = Date.now();
  const windows = process.platform === 'win32';
  // On Windows the CLI is a .cmd, which Node runs only through the shell (and then the quoting is ours).
  const cli = windows
    ? spawn(`"${options.executable}"`, options.args.map((a) => `"${a}"`), { env, stdio: 'inherit', shell: true, windowsHide: true })
    : spawn(options.executable, options.args, { env, stdio: 'inherit' });
  const stop = async (): Promise<void> => {
    const pid = editorMainPid(options.profile, launchedAt);
    if (pid !== undefined) await killAndWait(pid);
    if (cli.exitCode === null && cli.signalCode === null) {
      const exited = new Promise<void>((r) => cli.once('exit', () => r()));
      cli.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    }
  };
  return { cli, stop };
}

/**
 * The editor's main process for this profile: VS Code (and its forks) write its pid to
 * `<user-data-dir>/code.lock` while it runs. Only a lock written since this launch counts: an
 * older one may be a crashed editor's, whose pid now belongs to somebody else.
 */
export function editorMainPid(profile: DesktopProfile, since: number): number | undefined {
  const lock = join(profile.userDataDir, 'code.lock');
  if (!existsSync(lock)) return undefined;
  try {
    if (statSync(lock).mtimeMs < since - 2000) return undefined;
    const pid = Number(readFileSync(lock, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Asks the editor to quit, then insists after 10 s. Its CLI starts it detached, so it leads a
 * process group of its own: the group's signal also reaches its extension hosts and helpers.
 */
async function killAndWait(pid: number): Promise<void> {
  if (process.platform === 'win32') {
    spawnSync('taskkill', ['/PID', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    return;
  }
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(-pid, name);
    } catch {
      try {
        process.kill(pid, name);
      } catch {
        // Already gone.
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + 10_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) signal('SIGKILL');
  // Whatever of its group outlived it (a helper that ignored SIGTERM) goes too, and is gone
  // (reaped, its ports closed) before this returns.
  const groupAlive = (name: NodeJS.Signals | 0): boolean => {
    try {
      process.kill(-pid, name);
      return true;
    } catch {
      return false;
    }
  };
  if (!groupAlive('SIGKILL')) return;
  const groupDeadline = Date.now() + 5_000;
  while (groupAlive(0) && Date.now() < groupDeadline) await new Promise((r) => setTimeout(r, 50));
}

/** This machine, for the decisions of ./editor.ts. */
export function thisSystem(): System {
  return {
    platform: process.platform,
    arch: process.arch,
    env: process.env,
    home: homedir(),
    isFile(path: string): boolean {
      try {
        if (!statSync(path).isFile()) return false;
        if (process.platform !== 'win32') accessSync(path, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
  };
}
