// Every failure a user can see links to the section of docs/troubleshooting.md that explains it,
// and the link opens the page the extension ships there: in the chat (under the failure), from the
// connection test's notification, and from the palette.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import * as ext from '../../src/extension';
import { FAILURE_KINDS, type FailureKind } from '../../src/core/shared/errorKinds';
import type { RouteFailure } from '../../src/core/router/types';
import { renderFailure } from '../../src/host/chat/render/route';
import { TROUBLESHOOTING_COMMAND, troubleshootingHeading, troubleshootingTarget } from '../../src/host/chat/render/troubleshooting';
import { formatPlain } from '../../src/host/shared/translate';
import { anchor } from '../../scripts/lib/docsGen';
import { activeMarkdown } from './markdownProbe';
import { RecordingStream } from './chatRecording';
import { useHostRig } from './hostLifecycle';

const ROOT = join(__dirname, '..', '..');
const PAGE = join(ROOT, 'docs', 'troubleshooting.md');
const ZH_PAGE = join(ROOT, 'docs', 'troubleshooting.zh-cn.md');
/** The anchors of a page's headings, as VS Code's Markdown preview (and GitHub) gives them. */
const sectionsOf = (file: string) =>
  new Set(
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line) => /^#{1,6}\s+(.*?)\s*$/.exec(line)?.[1] ?? [])
      .map(anchor),
  );
const SECTIONS = sectionsOf(PAGE);
const ZH_SECTIONS = sectionsOf(ZH_PAGE);

/** The sections the failure's Troubleshooting links open (the command's first argument). */
function troubleshootingLinks(markdown: string): string[] {
  const prefix = `command:${TROUBLESHOOTING_COMMAND}?`;
  return activeMarkdown(markdown)
    .links.filter((l) => l.startsWith(prefix))
    .map((l) => (JSON.parse(decodeURIComponent(l.slice(prefix.length))) as string[])[0]);
}

function rendered(failure: RouteFailure): { text: string; commands: string[] } {
  const parts: { text: string; commands?: readonly string[] }[] = [];
  renderFailure(failure, { totalMs: 0, attempts: [] }, { markdown: (text, commands) => parts.push({ text, commands }), progress: () => undefined }, formatPlain);
  return { text: parts.map((p) => p.text).join(''), commands: parts.flatMap((p) => [...(p.commands ?? [])]) };
}

describe('troubleshooting links under a failure', () => {
  for (const kind of FAILURE_KINDS.filter((k): k is Exclude<FailureKind, 'cancelled'> => k !== 'cancelled')) {
    it(`${kind}: one Troubleshooting link, to a section the shipped page has`, () => {
      const shown = rendered({ kind, message: 'It failed.', afterOutput: false });
      const links = troubleshootingLinks(shown.text);
      assert.equal(links.length, 1, shown.text);
      assert.ok(SECTIONS.has(links[0]), `docs/troubleshooting.md has no section #${links[0]}`);
      assert.ok(shown.commands.includes(TROUBLESHOOTING_COMMAND), 'the link may run the command');
      assert.match(shown.text, /\[Troubleshooting\]\(command:/);
      // In a Chinese VS Code the same link opens the Chinese page, at its section for the failure.
      const zh = troubleshootingTarget(links[0], 'zh-cn');
      assert.equal(zh.file, 'troubleshooting.zh-cn.md');
      assert.ok(zh.anchor && ZH_SECTIONS.has(zh.anchor), `docs/troubleshooting.zh-cn.md has no section #${zh.anchor} for ${kind}`);
      assert.equal(zh.anchor, anchor(troubleshootingHeading(kind, 'zh-cn')));
    });
  }

  it('an answer that broke off after text links to "An answer stops half way"', () => {
    assert.deepEqual(troubleshootingLinks(rendered({ kind: 'timeout', message: 'Stalled.', afterOutput: true }).text), ['an-answer-stops-half-way']);
    assert.deepEqual(troubleshootingLinks(rendered({ kind: 'timeout', message: 'Slow.', afterOutput: false }).text), ['a-model-is-busy-or-gone']);
  });

  it('a stopped answer shows no link', () => {
    assert.equal(rendered({ kind: 'cancelled', message: '', afterOutput: false }).text, '');
  });
});

describe('host: the Troubleshooting command opens the shipped page', function () {
  this.timeout(30_000);
  // The extension's folder is this repository, as in the packaged .vsix (which ships docs/).
  const rig = useHostRig({ name: 'troubleshooting', key: 'sk-or-v1-troubleshooting', settings: { enabledModels: ['qwen/qwen3-8b:free'] }, activate: false });
  /** What VS Code's Markdown preview was asked to open. */
  let previews: { path: string; fragment: string }[];

  beforeEach(async () => {
    previews = [];
    // VS Code's built-in Markdown extension registers this command.
    vscode.commands.registerCommand('markdown.showPreview', (uri: unknown) => {
      const u = uri as vscode.Uri;
      previews.push({ path: u.fsPath, fragment: u.fragment });
    });
    rig.context.extensionUri = vscode.Uri.file(ROOT);
    await ext.activate(rig.context as never);
  });

  it('a failed @openrouter answer links to its section, and the link opens the page there', async () => {
    rig.double.setKeyPolicy(() => false);
    const stream = new RecordingStream();
    const participant = vscode.recorded.participants.get('openrouter-dual.openrouter')!;
    await participant.handler({ prompt: 'hi', references: [], model: { vendor: 'openrouter-dual', id: 'auto', family: 'auto' } }, { history: [] }, stream, new vscode.CancellationTokenSource().token);
    assert.match(stream.shown, /rejected the API key/);
    const links = troubleshootingLinks(stream.text);
    assert.deepEqual(links, ['the-key-is-rejected'], stream.text);
    assert.ok(stream.trustedCommands.includes(TROUBLESHOOTING_COMMAND));
    await vscode.commands.executeCommand(TROUBLESHOOTING_COMMAND, ...links);
    assert.deepEqual(previews, [{ path: PAGE, fragment: 'the-key-is-rejected' }]);
    assert.ok(existsSync(previews[0].path), 'the page is where the extension opens it');
  });

  it('from the palette, and with an argument that is not an anchor, the page opens at the top', async () => {
    await vscode.commands.executeCommand(TROUBLESHOOTING_COMMAND);
    await vscode.commands.executeCommand(TROUBLESHOOTING_COMMAND, 'x"; javascript:alert(1)');
    assert.deepEqual(previews, [
      { path: PAGE, fragment: '' },
      { path: PAGE, fragment: '' },
    ]);
  });

  it('in a Chinese VS Code, the same link opens the Chinese page at its section, and the palette opens it at the top', async () => {
    vscode.env.language = 'zh-cn';
    try {
      await vscode.commands.executeCommand(TROUBLESHOOTING_COMMAND, 'the-key-is-rejected');
      await vscode.commands.executeCommand(TROUBLESHOOTING_COMMAND, 'a-model-is-busy-or-gone');
      // A section of the English page the Chinese one does not link by name: its top.
      await vscode.commands.executeCommand(TROUBLESHOOTING_COMMAND, 'images');
      await vscode.commands.executeCommand(TROUBLESHOOTING_COMMAND);
    } finally {
      vscode.env.language = 'en';
    }
    assert.deepEqual(previews, [
      { path: ZH_PAGE, fragment: '密钥被拒绝' },
      { path: ZH_PAGE, fragment: '模型繁忙或已下线' },
      { path: ZH_PAGE, fragment: '' },
      { path: ZH_PAGE, fragment: '' },
    ]);
    assert.ok(existsSync(ZH_PAGE));
  });

  it('a failed connection test offers Troubleshooting, which opens the key section', async () => {
    rig.double.setKeyPolicy(() => false);
    vscode.recorded.messageAnswers.push('Troubleshooting');
    await vscode.commands.executeCommand('openrouterDual.testConnection');
    const shown = vscode.recorded.messages.at(-1);
    assert.match(shown?.text ?? '', /connection test failed/);
    assert.ok(shown?.items.includes('Troubleshooting'), JSON.stringify(shown));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(previews, [{ path: PAGE, fragment: 'the-key-is-rejected' }]);
  });
});
