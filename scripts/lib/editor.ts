// Which editor `npm start` opens, and what it does when there is none: pure decisions over an
// injected system (platform, environment, file existence), so they are unit-tested on any machine.
import { posix, win32 } from 'node:path';

export type EditorName = 'code' | 'codium' | 'cursor';

export interface EditorInfo {
  /** The product's name, as people call it. */
  label: string;
  /** Where to get it. */
  download: string;
  /** The CLI's name on PATH (on Windows, with a PATHEXT extension: code.cmd). */
  command: string;
  /** Usual install places of the CLI on Linux (absolute; `~` is the home folder). */
  linux: string[];
  /** The app bundle's name in /Applications or ~/Applications on macOS. */
  macApp: string;
  /** The CLI inside the install folder on Windows, relative to %LOCALAPPDATA%\Programs or %ProgramFiles%. */
  windows: string[];
}

/** In the order `npm start` tries them when no `--editor` is given. */
export const EDITORS: Record<EditorName, EditorInfo> = {
  code: {
    label: 'VS Code',
    download: 'https://code.visualstudio.com/download',
    command: 'code',
    linux: [
      '/usr/bin/code',
      '/usr/share/code/bin/code',
      '/usr/local/bin/code',
      '/snap/bin/code',
      '/opt/visual-studio-code/bin/code',
      '/var/lib/flatpak/exports/bin/com.visualstudio.code',
      '~/.local/share/flatpak/exports/bin/com.visualstudio.code',
    ],
    macApp: 'Visual Studio Code.app',
    windows: ['Microsoft VS Code\\bin\\code.cmd'],
  },
  codium: {
    label: 'VSCodium',
    download: 'https://vscodium.com/#install',
    command: 'codium',
    linux: [
      '/usr/bin/codium',
      '/usr/share/codium/bin/codium',
      '/usr/local/bin/codium',
      '/snap/bin/codium',
      '/opt/vscodium-bin/bin/codium',
      '/var/lib/flatpak/exports/bin/com.vscodium.codium',
      '~/.local/share/flatpak/exports/bin/com.vscodium.codium',
    ],
    macApp: 'VSCodium.app',
    windows: ['VSCodium\\bin\\codium.cmd'],
  },
  cursor: {
    label: 'Cursor',
    download: 'https://cursor.com/downloads',
    command: 'cursor',
    linux: ['/usr/bin/cursor', '/usr/local/bin/cursor', '/usr/share/cursor/bin/cursor', '/opt/Cursor/resources/app/bin/cursor', '~/.local/bin/cursor'],
    macApp: 'Cursor.app',
    windows: ['cursor\\resources\\app\\bin\\cursor.cmd'],
  },
};

export const EDITOR_NAMES = Object.keys(EDITORS) as EditorName[];

export interface System {
  platform: NodeJS.Platform;
  arch: string;
  /** The environment (on Windows its names are matched case-insensitively, as Windows does). */
  env: Record<string, string | undefined>;
  home: string;
  /** Whether a file exists (and, where it matters, is executable). */
  isFile(path: string): boolean;
}

/** An environment variable, case-insensitively on Windows (`Path`, `PATH`, `LocalAppData`...). */
function envVar(system: System, name: string): string | undefined {
  if (system.platform !== 'win32') return system.env[name];
  const key = Object.keys(system.env).find((k) => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : system.env[key];
}

/** Where `command` is on PATH, as a shell would find it (with PATHEXT on Windows). */
export function onPath(command: string, system: System): string | undefined {
  const path = system.platform === 'win32' ? win32 : posix;
  const dirs = (envVar(system, 'PATH') ?? '').split(path.delimiter).filter(Boolean);
  const extensions = system.platform === 'win32' ? (envVar(system, 'PATHEXT') ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean).map((e) => e.toLowerCase()) : [''];
  for (const dir of dirs) {
    for (const ext of extensions) {
      const candidate = path.join(dir.replace(/^"(.*)"$/, '$1'), command + ext);
      if (system.isFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/** The usual install places of an editor's CLI on this platform, most likely first. */
export function installPlaces(name: EditorName, system: System): string[] {
  const editor = EDITORS[name];
  if (system.platform === 'darwin') {
    return ['/Applications', posix.join(system.home, 'Applications')].map((dir) =>
      posix.join(dir, editor.macApp, 'Contents', 'Resources', 'app', 'bin', editor.command),
    );
  }
  if (system.platform === 'win32') {
    const roots = [
      envVar(system, 'LOCALAPPDATA') && win32.join(envVar(system, 'LOCALAPPDATA') as string, 'Programs'),
      envVar(system, 'ProgramFiles'),
      envVar(system, 'ProgramFiles(x86)'),
    ].filter((r): r is string => Boolean(r));
    return roots.flatMap((root) => editor.windows.map((rel) => win32.join(root, rel)));
  }
  return editor.linux.map((p) => (p.startsWith('~/') ? posix.join(system.home, p.slice(2)) : p));
}

/** The editor's CLI: on PATH first (what the user's shell runs), else in a usual install place. */
export function findEditor(name: EditorName, system: System): string | undefined {
  return onPath(EDITORS[name].command, system) ?? installPlaces(name, system).find((p) => system.isFile(p));
}

export type StartPlan =
  | { kind: 'editor'; editor: EditorName; executable: string }
  | { kind: 'code-server'; why: string }
  | { kind: 'none'; message: string };

export interface StartChoice {
  /** `--editor`: one editor, or `code-server` for the browser workbench. */
  editor?: EditorName | 'code-server';
  /** `--editor-path`: this CLI, of an editor installed somewhere unusual. */
  editorPath?: string;
}

/** Parses `--editor X`; an unknown value is a message for the user, not an exception. */
export function parseEditorChoice(value: string | undefined): { editor?: EditorName | 'code-server' } | { error: string } {
  if (value === undefined) return {};
  if (value === 'code-server' || (EDITOR_NAMES as string[]).includes(value)) return { editor: value as EditorName | 'code-server' };
  return { error: `--editor must be one of ${[...EDITOR_NAMES, 'code-server'].join(', ')}; got "${value}".` };
}

/** code-server's install (scripts/installCodeServer.sh) takes Debian packages and Linux x64 Node. */
function canInstallCodeServer(system: System): boolean {
  return system.platform === 'linux' && system.arch === 'x64' && onPath('apt-get', system) !== undefined;
}

/** A desktop editor needs a screen: on Linux, an X11 or Wayland display. */
function hasDisplay(system: System): boolean {
  return system.platform !== 'linux' || Boolean(system.env.DISPLAY || system.env.WAYLAND_DISPLAY);
}

/**
 * What `npm start` does: open an installed editor (the one chosen, else the first of VS Code,
 * VSCodium, Cursor that is installed), else serve code-server where it can be installed, else say
 * in one message what to install.
 */
export function planStart(choice: StartChoice, system: System): StartPlan {
  if (choice.editorPath !== undefined) {
    if (!system.isFile(choice.editorPath)) return { kind: 'none', message: `--editor-path ${choice.editorPath} does not exist. Point it at the editor's command-line launcher (e.g. …/bin/code).` };
    const editor = choice.editor && choice.editor !== 'code-server' ? choice.editor : 'code';
    return { kind: 'editor', editor, executable: choice.editorPath };
  }
  if (choice.editor === 'code-server') {
    if (canInstallCodeServer(system)) return { kind: 'code-server', why: 'asked for with --editor code-server' };
    return { kind: 'none', message: 'code-server is installed by `npm start` only on Linux x64 with apt-get (Debian, Ubuntu). Use --editor code, codium or cursor instead.' };
  }
  const wanted = choice.editor ? [choice.editor] : EDITOR_NAMES;
  for (const name of wanted) {
    const executable = findEditor(name, system);
    if (!executable) continue;
    if (hasDisplay(system)) return { kind: 'editor', editor: name, executable };
    if (choice.editor) return { kind: 'none', message: `${EDITORS[name].label} is installed (${executable}) but there is no display to open it on (DISPLAY and WAYLAND_DISPLAY are unset). Run npm start in a desktop session, or use --editor code-server.` };
    if (canInstallCodeServer(system)) return { kind: 'code-server', why: `${EDITORS[name].label} is installed but there is no display (DISPLAY and WAYLAND_DISPLAY are unset)` };
    return { kind: 'none', message: `${EDITORS[name].label} is installed (${executable}) but there is no display to open it on (DISPLAY and WAYLAND_DISPLAY are unset). Run npm start in a desktop session.` };
  }
  if (choice.editor) {
    const editor = EDITORS[choice.editor];
    return {
      kind: 'none',
      message: `${editor.label} was not found (no \`${editor.command}\` on PATH, nor in ${installPlaces(choice.editor, system).join(', ')}). Install it from ${editor.download}, pass its launcher with --editor-path, or choose another with --editor ${EDITOR_NAMES.join('|')}.`,
    };
  }
  if (canInstallCodeServer(system)) return { kind: 'code-server', why: 'no VS Code, VSCodium or Cursor was found' };
  return {
    kind: 'none',
    message: `npm start opens the extension in VS Code, VSCodium or Cursor, and none was found (on PATH or where they are usually installed). Install VS Code from ${EDITORS.code.download} and run npm start again, or pass an editor's launcher with --editor-path.`,
  };
}
