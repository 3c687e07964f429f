// Architecture rules that no type checker enforces: src/core stays free of `vscode` and of the host
// (so it runs and is tested in plain Node), the pure parts of src/host stay apart from their VS Code
// adapters, the page talks to the host only through src/protocol, and the heavy SDKs are only ever
// loaded on demand (so activation is cheap).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import layers from '../../layers.json';

const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** Every module specifier the file depends on, read with the TypeScript parser (comments and strings are not imports). */
export function importedModules(source: string): { specifier: string; typeOnly: boolean; dynamic: boolean }[] {
  const file = ts.createSourceFile('scan.ts', source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: { specifier: string; typeOnly: boolean; dynamic: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: Boolean(node.importClause?.isTypeOnly), dynamic: false });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly, dynamic: false });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expr = node.moduleReference.expression;
      if (ts.isStringLiteral(expr)) found.push({ specifier: expr.text, typeOnly: node.isTypeOnly, dynamic: false });
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteral(node.arguments[0])) {
      const dynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const requireCall = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (dynamicImport || requireCall) found.push({ specifier: node.arguments[0].text, typeOnly: false, dynamic: dynamicImport });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true, dynamic: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const HEAVY_SDK = /^(openai|ai|@openrouter\/ai-sdk-provider)(\/|$)/;

/** The layers (layers.json, shared with eslint.config.mjs): pure folders, and the packages the page may use. */
export const PURE_FOLDERS: readonly string[] = layers.pure;
const PAGE_PACKAGES: readonly string[] = layers.pagePackages;

const within = (file: string, folder: string): boolean => file === folder || file.startsWith(`${folder}/`);
const isPure = (file: string): boolean => PURE_FOLDERS.some((folder) => within(file, folder));

/**
 * Why importing `specifier` from `file` (both relative to the repository root, with `/`) breaks the
 * layering, or undefined when it does not.
 */
export function layeringViolation(file: string, specifier: string): string | undefined {
  const target = specifier.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)) : undefined;
  if (specifier === 'vscode' && isPure(file)) return 'a pure folder imports vscode';
  if (within(file, 'src/core') && target && (within(target, 'src/host') || within(target, 'src/protocol') || target === 'src/extension')) {
    return 'src/core imports the host or the protocol';
  }
  if (within(file, 'src/protocol') && target && (within(target, 'src/host') || target === 'src/extension')) return 'src/protocol imports the host';
  if (within(file, 'src/host') && isPure(file) && target && within(target, 'src/host') && !isPure(target)) return 'a pure folder imports a vscode adapter';
  if (within(file, 'webview-ui')) {
    if (target ? !within(target, 'webview-ui') && !within(target, 'src/protocol') : !PAGE_PACKAGES.includes(specifier)) {
      return 'the page imports something other than its own files, src/protocol or ' + PAGE_PACKAGES.join(', ');
    }
  }
  return undefined;
}

/** The source file a relative specifier names (`./x` is `x.ts` or `x/index.ts`), relative to the root. */
function resolveImport(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
  return [`${base}.ts`, `${base}/index.ts`, base].find((candidate) => fs.existsSync(path.join(ROOT, candidate)) && fs.statSync(path.join(ROOT, candidate)).isFile());
}

/**
 * Every import circle among `files` (relative to the root, with `/`), each as the files it passes
 * through, smallest first: a strongly connected group of more than one file, or a file importing itself.
 */
export function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm: one pass, each group once.
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (node: string): void => {
    order.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!order.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, order.get(next)!));
    }
    if (low.get(node) !== order.get(node)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1 || (graph.get(node) ?? []).includes(node)) circles.push(group.sort());
  };
  for (const node of graph.keys()) if (!order.has(node)) visit(node);
  return circles.sort((a, b) => a.length - b.length);
}

/** src/host's import graph, type-only imports included (a type circle is still two files that need each other). */
function hostImportGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const full of sourceFiles(path.join(ROOT, 'src/host'))) {
    const file = path.relative(ROOT, full).split(path.sep).join('/');
    const targets = importedModules(fs.readFileSync(full, 'utf8')).flatMap((i) => resolveImport(file, i.specifier) ?? []);
    graph.set(file, targets.filter((t) => within(t, 'src/host')));
  }
  return graph;
}

function layeringOffenders(): string[] {
  return ['src', 'webview-ui'].flatMap((dir) =>
    sourceFiles(path.join(ROOT, dir)).flatMap((full) => {
      const file = path.relative(ROOT, full).split(path.sep).join('/');
      return importedModules(fs.readFileSync(full, 'utf8')).flatMap((i) => {
        const why = layeringViolation(file, i.specifier);
        return why ? [`${file}: ${i.specifier} (${why})`] : [];
      });
    }),
  );
}

describe('layering', () => {
  it('detects imports in every form it guards against', () => {
    const sample = [
      "import * as vscode from 'vscode';",
      "import type { Uri } from 'vscode';",
      "const v = require('vscode');",
      "export { x } from './x';",
      "const sdk = await import('openai');",
      "// import nothing from 'commented'",
      "const s = \"import x from 'in-a-string'\";",
      "type T = typeof import('vscode');",
    ].join('\n');
    assert.deepEqual(
      importedModules(sample).map((i) => `${i.specifier}:${i.typeOnly ? 'type' : i.dynamic ? 'dynamic' : 'static'}`),
      ['vscode:static', 'vscode:type', 'vscode:static', './x:static', 'openai:dynamic', 'vscode:type'],
    );
  });

  it('src/core never imports vscode', () => {
    const files = sourceFiles(path.join(ROOT, 'src/core'));
    assert.ok(files.length > 5, 'found the core sources');
    const offenders = files.filter((f) => importedModules(fs.readFileSync(f, 'utf8')).some((i) => i.specifier === 'vscode'));
    assert.deepEqual(offenders.map((f) => path.relative(ROOT, f)), []);
  });

  it('names pure folders that exist and hold sources, so a move cannot drop a rule', () => {
    for (const entry of PURE_FOLDERS) {
      const full = path.join(ROOT, entry);
      const sources = fs.existsSync(full) && fs.statSync(full).isFile() ? [full] : fs.existsSync(full) ? sourceFiles(full) : [];
      assert.ok(sources.length > 0, `${entry} holds sources`);
    }
  });

  it('in src/host, exactly the role subfolders (render/, mapping/, checks/) and shared/ are pure', () => {
    const roles: readonly string[] = layers.hostPureRoles;
    const roleFolders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        if (!entry.isDirectory()) continue;
        const sub = `${dir}/${entry.name}`;
        if (roles.includes(entry.name)) roleFolders.push(sub);
        walk(sub);
      }
    };
    walk('src/host');
    const hostPure = PURE_FOLDERS.filter((p) => within(p, 'src/host'));
    assert.deepEqual(hostPure.filter((p) => p !== 'src/host/shared').sort(), roleFolders.sort(), 'layers.json lists every role folder, and only those');
    assert.ok(hostPure.includes('src/host/shared'));
  });

  it('flags every kind of layering violation', () => {
    const cases: [file: string, specifier: string, broken: boolean][] = [
      ['src/host/chat/render/footer.ts', 'vscode', true],
      ['src/host/chat/render/footer.ts', '../participant', true],
      ['src/host/chat/render/footer.ts', '../../shared/translate', false],
      ['src/host/chat/render/footer.ts', '../../../core/router/types', false],
      ['src/host/chat/participant.ts', 'vscode', false],
      ['src/host/chat/participant.ts', './render/route', false],
      ['src/core/router/router.ts', '../../host/services', true],
      ['src/core/router/router.ts', '../../protocol/pageMessages', true],
      ['src/core/router/router.ts', '../providers/errorMessages', false],
      ['src/protocol/hostSession.ts', '../host/settings/hostSettingsBackend', true],
      ['src/protocol/hostSession.ts', 'vscode', true],
      ['src/protocol/hostSession.ts', '../core/config', false],
      ['webview-ui/app.ts', '../src/core/config', true],
      ['webview-ui/app.ts', '../src/host/shared/translate', true],
      ['webview-ui/app.ts', 'vscode', true],
      ['webview-ui/app.ts', 'openai', true],
      ['webview-ui/app.ts', '../src/protocol/pageMessages', false],
      ['webview-ui/sections/stats.ts', '../chart', false],
      ['webview-ui/app.ts', 'zod', false],
    ];
    for (const [file, specifier, broken] of cases) {
      assert.equal(layeringViolation(file, specifier) !== undefined, broken, `${file} importing ${specifier}`);
    }
  });

  it('keeps the layers: pure folders without vscode, core without host or protocol, the page through the protocol only', () => {
    assert.deepEqual(layeringOffenders(), []);
  });

  it('finds import circles, and only those', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
      ['f', ['d']],
    ]);
    assert.deepEqual(importCircles(graph), [['e'], ['a', 'b', 'c']]);
    assert.deepEqual(importCircles(new Map([['a', ['b']], ['b', []]])), []);
  });

  it('leaves no import circle in src/host (each file can be read, and faked, on its own)', () => {
    const graph = hostImportGraph();
    assert.ok(graph.size > 20, 'read the host sources');
    assert.deepEqual(importCircles(graph), []);
  });

  it('the heavy SDKs are only imported lazily (type-only or import())', () => {
    const offenders = sourceFiles(path.join(ROOT, 'src')).flatMap((f) =>
      importedModules(fs.readFileSync(f, 'utf8'))
        .filter((i) => HEAVY_SDK.test(i.specifier) && !i.typeOnly && !i.dynamic)
        .map((i) => `${path.relative(ROOT, f)}: ${i.specifier}`),
    );
    assert.deepEqual(offenders, []);
  });
});
