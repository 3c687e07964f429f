// Architecture rules that no type checker enforces: src/core stays free of `vscode` (so it runs and
// is tested in plain Node), and the heavy SDKs are only ever loaded on demand (so activation is cheap).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

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

  it('the heavy SDKs are only imported lazily (type-only or import())', () => {
    const offenders = sourceFiles(path.join(ROOT, 'src')).flatMap((f) =>
      importedModules(fs.readFileSync(f, 'utf8'))
        .filter((i) => HEAVY_SDK.test(i.specifier) && !i.typeOnly && !i.dynamic)
        .map((i) => `${path.relative(ROOT, f)}: ${i.specifier}`),
    );
    assert.deepEqual(offenders, []);
  });
});
