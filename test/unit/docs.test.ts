// The docs a user reads: the generated pages match the manifest, no relative link is broken (file
// or heading), and the .vsix ships the README, the changelog and everything the README links to.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { generatedDocs } from '../../scripts/lib/docsFiles';
import { anchor, COMMAND_NOTES, SETTING_PAGES } from '../../scripts/lib/docsGen';

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; configuration: { properties: Record<string, unknown> } };
};

/** Every page a user may open: the README, the changelog, the contributing guide and docs/. */
function pages(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);
  return ['README.md', 'CHANGELOG.md', 'CONTRIBUTING.md', ...docs];
}

/** Markdown without its code (fenced blocks and inline spans), where links are not links. */
function withoutCode(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Relative link targets of a page: markdown links and images, and HTML src/href. */
function relativeLinks(text: string): string[] {
  const prose = withoutCode(text);
  const targets = [...prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g), ...prose.matchAll(/<(?:img|a)\s[^>]*?(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

/** The anchors GitHub gives a page's headings (a repeated heading gets -1, -2...). */
function anchors(text: string): Set<string> {
  const found = new Set<string>();
  const counts = new Map<string, number>();
  for (const line of text.replace(/^```[\s\S]*?^```/gm, '').split('\n')) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const slug = anchor(m[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'));
    const n = counts.get(slug) ?? 0;
    counts.set(slug, n + 1);
    found.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return found;
}

/**
 * `vsce ls` prints these under their own names, but `vsce package` stores them as
 * extension/readme.md and extension/changelog.md (see `unzip -l dist/openrouter-dual.vsix`).
 */
const RENAMED_IN_PACKAGE: Record<string, string> = { 'README.md': 'readme.md', 'CHANGELOG.md': 'changelog.md' };

/** Files in the .vsix, as `vsce ls` lists them with the package script's flags. */
function packagedFiles(): Set<string> {
  const vsce = join(ROOT, 'node_modules', '.bin', 'vsce');
  const result = spawnSync(vsce, ['ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, `vsce ls failed:\n${result.stdout}\n${result.stderr}`);
  return new Set(result.stdout.split('\n').map((l) => l.trim()).filter(Boolean));
}

describe('docs', function () {
  it('docs/settings.md and docs/commands.md are what npm run docs writes from the manifest', () => {
    for (const [file, text] of Object.entries(generatedDocs(ROOT))) {
      const current = existsSync(join(ROOT, file)) ? readFileSync(join(ROOT, file), 'utf8') : '';
      assert.ok(current === text, `${file} is out of date with package.json / package.nls.json: run npm run docs`);
    }
  });

  it('describes every command of the manifest and no other, and links every setting page that exists', () => {
    const commands = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(Object.keys(COMMAND_NOTES).sort(), commands);
    const settings = Object.keys(manifest.contributes.configuration.properties);
    for (const prefix of Object.keys(SETTING_PAGES)) {
      assert.ok(settings.some((s) => s === prefix || s.startsWith(`${prefix}.`)), `SETTING_PAGES names ${prefix}, which is no setting`);
    }
  });

  it('has no broken relative link (file or heading) in the README, the changelog, CONTRIBUTING or docs/', () => {
    const broken: string[] = [];
    for (const page of pages()) {
      const text = readFileSync(join(ROOT, page), 'utf8');
      for (const link of relativeLinks(text)) {
        const [pathPart, hash] = link.split('#', 2);
        const target = pathPart === '' ? page : normalize(join(dirname(page), decodeURIComponent(pathPart)));
        if (target.startsWith('..') || !existsSync(join(ROOT, target))) {
          broken.push(`${page}: ${link} (no file ${target})`);
          continue;
        }
        if (hash !== undefined && target.endsWith('.md') && !anchors(readFileSync(join(ROOT, target), 'utf8')).has(hash)) {
          broken.push(`${page}: ${link} (no heading #${hash} in ${target})`);
        }
      }
    }
    assert.deepEqual(broken, []);
  });

  it('links every docs/ page from the README', () => {
    const links = new Set(relativeLinks(readFileSync(join(ROOT, 'README.md'), 'utf8')).map((l) => l.split('#')[0]));
    const unlinked = pages().filter((p) => p.startsWith('docs/') && !links.has(p));
    assert.deepEqual(unlinked, []);
  });

  it('ships the README, the changelog and every file the shipped pages link to in the .vsix', function () {
    this.timeout(120_000);
    const packaged = packagedFiles();
    for (const file of ['README.md', 'CHANGELOG.md', 'LICENSE']) assert.ok(packaged.has(file), `${file} is not in the .vsix`);
    const missing: string[] = [];
    for (const page of pages().filter((p) => packaged.has(p))) {
      for (const link of relativeLinks(readFileSync(join(ROOT, page), 'utf8'))) {
        const pathPart = link.split('#')[0];
        if (pathPart === '') continue;
        const target = relative(ROOT, join(ROOT, dirname(page), decodeURIComponent(pathPart))).split('\\').join('/');
        if (RENAMED_IN_PACKAGE[target]) missing.push(`${page} links to ${target}, which the .vsix stores as ${RENAMED_IN_PACKAGE[target]}: the link breaks where file names are case-sensitive`);
        else if (!packaged.has(target)) missing.push(`${page} links to ${target}, which the .vsix leaves out`);
      }
    }
    assert.deepEqual([...new Set(missing)], []);
  });
});
