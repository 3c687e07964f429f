// `npm start`'s choices: which editor it opens, where it finds it on each platform, and what it
// does when there is none (code-server where apt-get can install it, else one message).
import assert from 'node:assert/strict';
import { findEditor, parseEditorChoice, planStart, type System } from '../../scripts/lib/editor';

function system(platform: NodeJS.Platform, files: string[], env: Record<string, string | undefined> = {}, arch = 'x64'): System {
  const home = platform === 'win32' ? 'C:\\Users\\ada' : platform === 'darwin' ? '/Users/ada' : '/home/ada';
  const present = new Set(files);
  return { platform, arch, env, home, isFile: (path) => present.has(path) };
}

const desktopLinux = (files: string[], env: Record<string, string> = {}): System =>
  system('linux', files, { PATH: '/usr/local/bin:/usr/bin:/bin', DISPLAY: ':0', ...env });

describe('npm start: finding the editor', () => {
  it('takes the command on PATH first, as the shell would run it', () => {
    const s = desktopLinux(['/usr/local/bin/code', '/usr/share/code/bin/code']);
    assert.equal(findEditor('code', s), '/usr/local/bin/code');
  });

  it('finds VS Code, VSCodium and Cursor where Linux packages put them when PATH lacks them', () => {
    const s = system('linux', ['/usr/share/code/bin/code', '/snap/bin/codium', '/home/ada/.local/bin/cursor'], { PATH: '/bin' });
    assert.equal(findEditor('code', s), '/usr/share/code/bin/code');
    assert.equal(findEditor('codium', s), '/snap/bin/codium');
    assert.equal(findEditor('cursor', s), '/home/ada/.local/bin/cursor');
    const flatpak = system('linux', ['/home/ada/.local/share/flatpak/exports/bin/com.visualstudio.code'], { PATH: '' });
    assert.equal(findEditor('code', flatpak), '/home/ada/.local/share/flatpak/exports/bin/com.visualstudio.code');
  });

  it('finds the CLI inside the app bundle on macOS, in /Applications or ~/Applications', () => {
    const s = system('darwin', ['/Applications/Visual Studio Code.app/Contents/Resources/app/bin/code', '/Users/ada/Applications/Cursor.app/Contents/Resources/app/bin/cursor'], { PATH: '/usr/bin' });
    assert.equal(findEditor('code', s), '/Applications/Visual Studio Code.app/Contents/Resources/app/bin/code');
    assert.equal(findEditor('cursor', s), '/Users/ada/Applications/Cursor.app/Contents/Resources/app/bin/cursor');
    assert.equal(findEditor('codium', s), undefined);
  });

  it('finds the .cmd launcher on Windows: on Path (any case, with PATHEXT) or under Programs and Program Files', () => {
    const onPath = system('win32', ['C:\\tools\\vsc\\bin\\code.cmd'], { Path: 'C:\\Windows;"C:\\tools\\vsc\\bin"', PATHEXT: '.EXE;.CMD' });
    assert.equal(findEditor('code', onPath), 'C:\\tools\\vsc\\bin\\code.cmd');
    const installed = system(
      'win32',
      ['C:\\Users\\ada\\AppData\\Local\\Programs\\Microsoft VS Code\\bin\\code.cmd', 'C:\\Program Files\\VSCodium\\bin\\codium.cmd', 'C:\\Users\\ada\\AppData\\Local\\Programs\\cursor\\resources\\app\\bin\\cursor.cmd'],
      { LocalAppData: 'C:\\Users\\ada\\AppData\\Local', ProgramFiles: 'C:\\Program Files', Path: 'C:\\Windows' },
    );
    assert.equal(findEditor('code', installed), 'C:\\Users\\ada\\AppData\\Local\\Programs\\Microsoft VS Code\\bin\\code.cmd');
    assert.equal(findEditor('codium', installed), 'C:\\Program Files\\VSCodium\\bin\\codium.cmd');
    assert.equal(findEditor('cursor', installed), 'C:\\Users\\ada\\AppData\\Local\\Programs\\cursor\\resources\\app\\bin\\cursor.cmd');
  });
});

describe('npm start: what it opens', () => {
  it('opens VS Code, else VSCodium, else Cursor, whichever is installed first in that order', () => {
    assert.deepEqual(planStart({}, desktopLinux(['/usr/bin/code', '/usr/bin/cursor'])), { kind: 'editor', editor: 'code', executable: '/usr/bin/code' });
    assert.deepEqual(planStart({}, desktopLinux(['/usr/bin/cursor', '/usr/bin/codium'])), { kind: 'editor', editor: 'codium', executable: '/usr/bin/codium' });
    assert.deepEqual(planStart({}, desktopLinux(['/usr/bin/cursor'])), { kind: 'editor', editor: 'cursor', executable: '/usr/bin/cursor' });
  });

  it('opens the editor named by --editor, and says how to get it when it is not installed', () => {
    assert.deepEqual(planStart({ editor: 'cursor' }, desktopLinux(['/usr/bin/code', '/usr/bin/cursor'])), { kind: 'editor', editor: 'cursor', executable: '/usr/bin/cursor' });
    const plan = planStart({ editor: 'cursor' }, desktopLinux(['/usr/bin/code', '/usr/bin/apt-get']));
    assert.equal(plan.kind, 'none', 'a chosen editor that is missing is not silently replaced');
    assert.match(plan.kind === 'none' ? plan.message : '', /^Cursor was not found .*https:\/\/cursor\.com\/downloads.*--editor code\|codium\|cursor/);
  });

  it('runs the launcher given with --editor-path, and names it when it does not exist', () => {
    assert.deepEqual(planStart({ editorPath: '/opt/x/code' }, desktopLinux(['/opt/x/code'])), { kind: 'editor', editor: 'code', executable: '/opt/x/code' });
    const plan = planStart({ editorPath: '/opt/x/code' }, desktopLinux([]));
    assert.match(plan.kind === 'none' ? plan.message : '', /--editor-path \/opt\/x\/code does not exist/);
  });

  it('serves code-server when no editor is found on Linux x64 with apt-get, and says why', () => {
    const plan = planStart({}, desktopLinux(['/usr/bin/apt-get']));
    assert.deepEqual(plan, { kind: 'code-server', why: 'no VS Code, VSCodium or Cursor was found' });
  });

  it('serves code-server when an editor is installed but Linux has no display, unless that editor was asked for', () => {
    const headless = system('linux', ['/usr/bin/code', '/usr/bin/apt-get'], { PATH: '/usr/bin' });
    const plan = planStart({}, headless);
    assert.equal(plan.kind, 'code-server');
    assert.match(plan.kind === 'code-server' ? plan.why : '', /VS Code is installed but there is no display/);
    const asked = planStart({ editor: 'code' }, headless);
    assert.match(asked.kind === 'none' ? asked.message : '', /no display to open it on .*--editor code-server/);
  });

  it('says in one message what to install where neither an editor nor apt-get is there', () => {
    const nothing = [
      system('darwin', [], { PATH: '/usr/bin' }),
      system('win32', [], { Path: 'C:\\Windows' }),
      desktopLinux([]),
      // code-server's install takes Linux x64 Node.
      system('linux', ['/usr/bin/apt-get'], { PATH: '/usr/bin', DISPLAY: ':0' }, 'arm64'),
    ];
    for (const s of nothing) {
      const plan = planStart({}, s);
      assert.equal(plan.kind, 'none', `${s.platform} ${s.arch}`);
      assert.match(plan.kind === 'none' ? plan.message : '', /none was found .*Install VS Code from https:\/\/code\.visualstudio\.com\/download/);
      assert.doesNotMatch(plan.kind === 'none' ? plan.message : '', /\n/);
    }
  });

  it('serves code-server when asked with --editor code-server, where it can be installed only', () => {
    assert.equal(planStart({ editor: 'code-server' }, desktopLinux(['/usr/bin/code', '/usr/bin/apt-get'])).kind, 'code-server');
    const plan = planStart({ editor: 'code-server' }, system('darwin', [], { PATH: '/usr/bin' }));
    assert.match(plan.kind === 'none' ? plan.message : '', /only on Linux x64 with apt-get/);
  });

  it('refuses an --editor it does not know, naming the choices', () => {
    assert.deepEqual(parseEditorChoice('vim'), { error: '--editor must be one of code, codium, cursor, code-server; got "vim".' });
    assert.deepEqual(parseEditorChoice('codium'), { editor: 'codium' });
    assert.deepEqual(parseEditorChoice(undefined), {});
  });
});
