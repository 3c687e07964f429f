// Both languages, everywhere: every user-visible string source has its Simplified Chinese entry.
// The sources: the host's `t('…')` / `l10n.t('…')` calls (found with the TypeScript parser, so
// comments and look-alikes do not count), the settings page's tables, the core's message tables
// (each asked in zh-cn: it must answer in Chinese), and the manifest's `%key%` strings.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { en as pageEn } from '../../webview-ui/strings';
import { zhCn as pageZh } from '../../webview-ui/strings.zh-cn';
import * as errorKinds from '../../src/core/shared/errorKinds';
import * as recommend from '../../src/core/catalog/recommend';
import * as config from '../../src/core/config';
import * as fetchModels from '../../src/core/catalog/fetchModels';
import type { RecommendationReason } from '../../src/core/catalog/types';
import { routerText } from '../../src/core/router/routerText';
import { describeProviderError } from '../../src/core/providers/errorMessages';
import { ProviderError } from '../../src/core/providers/errors';
import { renderStatsTable } from '../../src/host/chat/render/reportTables';
import { formatPlain } from '../../src/host/shared/translate';
import type { StatsSnapshot } from '../../src/core/router/types';

const ROOT = path.resolve(__dirname, '../..');
const readJson = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;
const HAN = /\p{Script=Han}/u;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (entry.name.endsWith('.ts')) out.push(full);
  }
  return out;
}

/**
 * The literal messages handed to a translation call in `source`: the first argument of `t(…)`,
 * `l10n.t(…)`, `vscode.l10n.t(…)` or `this.t(…)`, where it is a literal, a choice between literals,
 * or an entry of a table (`t(failures[op], …)`, the table an object literal in the same file).
 */
export function translatedLiterals(source: string): string[] {
  const file = ts.createSourceFile('scan.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const tables = new Map<string, ts.ObjectLiteralExpression>();
  const collectTables = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      let init: ts.Expression = node.initializer;
      while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init)) init = init.expression;
      if (ts.isObjectLiteralExpression(init)) tables.set(node.name.text, init);
    }
    ts.forEachChild(node, collectTables);
  };
  collectTables(file);
  const found: string[] = [];
  const literals = (expr: ts.Expression): void => {
    if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) found.push(expr.text);
    else if (ts.isParenthesizedExpression(expr)) literals(expr.expression);
    else if (ts.isConditionalExpression(expr)) {
      literals(expr.whenTrue);
      literals(expr.whenFalse);
    } else if (ts.isElementAccessExpression(expr) || ts.isPropertyAccessExpression(expr)) {
      const table = ts.isIdentifier(expr.expression) ? tables.get(expr.expression.text) : undefined;
      for (const p of table?.properties ?? []) if (ts.isPropertyAssignment(p)) literals(p.initializer);
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      if (name === 't') literals(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Every leaf path of a page table: `sections.models`, `modeInfo.openrouter_sdk.offers`. */
function leafPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

/** What a message table entry reads as: a string, or a function called with sample arguments. */
function asText(value: unknown, args: unknown[]): string {
  return typeof value === 'function' ? String((value as (...a: unknown[]) => unknown)(...args)) : String(value);
}

const ALL_REASONS: RecommendationReason[] = [
  { kind: 'specialist', useCase: 'coding' },
  { kind: 'specialist', useCase: 'reasoning' },
  { kind: 'capability', capability: 'reasoning' },
  { kind: 'capability', capability: 'toolCalling' },
  { kind: 'capability', capability: 'vision' },
  { kind: 'context', tokens: 131072 },
  { kind: 'contextUnknown' },
  { kind: 'successRate', rate: 0.9 },
  { kind: 'ttft', ms: 800 },
  { kind: 'speed', tokensPerSecond: 42 },
  { kind: 'coolingDown' },
];

/** What the core says in zh-cn, entry by entry: `[where, text]`. */
function coreZhMessages(): [string, string][] {
  const out: [string, string][] = [];
  const add = (where: string, text: () => unknown): void => {
    try {
      out.push([where, String(text())]);
    } catch (e) {
      out.push([where, `threw ${(e as Error).message}`]);
    }
  };
  // Failure-kind names (/stats, the page): one label table per language.
  const labels = (errorKinds as unknown as { FAILURE_KIND_LABELS?: Record<string, Record<string, string>> }).FAILURE_KIND_LABELS;
  for (const kind of errorKinds.FAILURE_KINDS) add(`failure kind ${kind}`, () => labels?.['zh-cn']?.[kind]);
  for (const kind of errorKinds.FAILURE_KINDS) if (!labels?.en?.[kind]) out.push([`failure kind ${kind} (en label)`, 'missing']);
  // Recommendation reasons.
  const describeReason = recommend.describeReason as (r: RecommendationReason, locale?: string) => string;
  for (const r of ALL_REASONS) add(`recommendation reason ${JSON.stringify(r)}`, () => describeReason(r, 'zh-cn'));
  // Invalid settings (the warning and the page's field message) and an invalid import value.
  const parseConfig = config.parseConfig as (raw: object, locale?: string) => ReturnType<typeof config.parseConfig>;
  const validateSetting = config.validateSetting as (key: config.SettingKey, value: unknown, locale?: string) => ReturnType<typeof config.validateSetting>;
  add('invalid setting warning', () => parseConfig({ maxRetries: 99 }, 'zh-cn').issues[0]?.message);
  for (const [key, value] of [['maxRetries', 'x'], ['maxRetries', 99], ['baseUrl', 'ftp://example.com'], ['baseUrl', 'not a url'], ['routingStrategy', 'fast'], ['enabledModels', ['']]] as const) {
    add(`invalid value ${key}=${JSON.stringify(value)}`, () => {
      const checked = validateSetting(key, value, 'zh-cn');
      return checked.ok ? 'accepted' : checked.message;
    });
  }
  // Catalog refresh errors: one table, every failure.
  const catalogText = (fetchModels as unknown as { catalogText?: (locale: string) => Record<string, unknown> }).catalogText;
  const enTable = catalogText?.('en');
  const zhTable = catalogText?.('zh-cn');
  if (!enTable) out.push(['catalog refresh errors (catalogText)', 'missing']);
  for (const [name, value] of Object.entries(enTable ?? {})) {
    const args = Array.from({ length: typeof value === 'function' ? value.length : 0 }, () => 'https://x.test/api/v1');
    add(`catalog refresh error ${name}`, () => asText(zhTable?.[name], args));
  }
  // The router and the providers, which already take a locale.
  const router = routerText('zh-cn');
  add('router noModels', () => router.noModels);
  add('router cancelled', () => router.cancelled);
  for (const kind of errorKinds.ERROR_KINDS) add(`router shortReason ${kind}`, () => router.shortReason(kind));
  for (const kind of errorKinds.ERROR_KINDS) add(`provider error ${kind}`, () => describeProviderError(new ProviderError({ kind, message: 'x', model: 'm' }), 'zh-cn'));
  return out;
}

describe('l10n coverage: every user-visible string has its zh-cn entry', () => {
  it('finds translated literals in every form the host uses', () => {
    const sample = [
      "const failures = { a: 'Table {0}', b: 'Entry' };",
      "t('Plain');",
      "vscode.l10n.t('Qualified {0}', x);",
      "l10n.t(`Template`);",
      "this.t(failures[op], text);",
      "t(flag ? 'Yes' : 'No');",
      "// t('Commented')",
      "const s = \"t('In a string')\";",
      "other('Not translated');",
    ].join('\n');
    assert.deepEqual(translatedLiterals(sample).sort(), ['Entry', 'No', 'Plain', 'Qualified {0}', 'Table {0}', 'Template', 'Yes']);
  });

  it('the host: every t(…) literal in src has an entry in l10n/bundle.l10n.zh-cn.json', () => {
    const bundle = readJson('l10n/bundle.l10n.zh-cn.json');
    const files = sourceFiles(path.join(ROOT, 'src'));
    const missing = new Set<string>();
    let count = 0;
    for (const file of files) {
      for (const message of translatedLiterals(fs.readFileSync(file, 'utf8'))) {
        count++;
        if (typeof bundle[message] !== 'string') missing.add(`${path.relative(ROOT, file)}: ${JSON.stringify(message)}`);
      }
    }
    assert.ok(count > 100, `found the host's messages (${count})`);
    assert.deepEqual([...missing].sort(), []);
  });

  it('the bundle keeps every placeholder of each message', () => {
    const bundle = readJson('l10n/bundle.l10n.zh-cn.json');
    const placeholders = (s: string): string => [...new Set(s.match(/\{\d+\}/g) ?? [])].sort().join(',');
    const wrong = Object.entries(bundle).filter(([en, zh]) => placeholders(en) !== placeholders(String(zh))).map(([en]) => en);
    assert.deepEqual(wrong, []);
  });

  it('the page: strings.zh-cn.ts has exactly the keys of strings.ts', () => {
    assert.deepEqual(leafPaths(pageZh).sort(), leafPaths(pageEn).sort());
  });

  it('the core: every message shown to users reads in Chinese in zh-cn', () => {
    const english = coreZhMessages().filter(([, text]) => !HAN.test(text));
    assert.deepEqual(english.map(([where, text]) => `${where}: ${text}`), []);
  });

  it('/stats names the failure kinds in words of each language, never their raw ids', () => {
    const snapshot: StatsSnapshot = {
      version: 1,
      at: 0,
      totals: { requests: 4, successes: 1, failures: 3 },
      models: [
        {
          model: 'a/m:free',
          requests: 4,
          successes: 1,
          failures: { rate_limited: 2, upstream: 1 },
          inFlight: 0,
          ttftMs: { median: 900, p95: 900 },
          totalMs: { median: 2000, p95: 2000 },
          loadShare: 1,
          recentLatencyMs: [],
        },
      ],
      budget: { minuteUsed: 4, minuteLimit: 20, dayUsed: 4, dayLimit: 50, dayResetAt: 1000 },
    };
    const en = renderStatsTable(snapshot, formatPlain, 0, 'en');
    const zh = renderStatsTable(snapshot, formatPlain, 0, 'zh-cn');
    assert.ok(en.includes('rate limited 2, provider unavailable 1'), en);
    assert.ok(zh.includes('被限流 2, 服务商不可用 1'), zh);
    for (const table of [en, zh]) assert.ok(!/rate_limited|upstream/.test(table), table);
  });

  it('the manifest: package.nls.json and package.nls.zh-cn.json have the same keys, and every %key% of package.json is in both', () => {
    const nls = readJson('package.nls.json');
    const nlsZh = readJson('package.nls.zh-cn.json');
    assert.deepEqual(Object.keys(nlsZh).sort(), Object.keys(nls).sort());
    const used = [...fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8').matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.ok(used.length > 20, 'found the manifest keys');
    assert.deepEqual(used.filter((k) => !(k in nls) || !(k in nlsZh)), []);
  });

  it('the manifest: no English-only labels (enumItemLabels and the like are %keys%)', () => {
    const manifest = readJson('package.json') as { contributes: { configuration: { properties: Record<string, Record<string, unknown>> } } };
    const literal: string[] = [];
    for (const [name, prop] of Object.entries(manifest.contributes.configuration.properties)) {
      for (const field of ['enumItemLabels', 'enumDescriptions', 'markdownEnumDescriptions'] as const) {
        const values = prop[field] as string[] | undefined;
        for (const v of values ?? []) if (!/^%[^%]+%$/.test(v)) literal.push(`${name}.${field}: ${v}`);
      }
      for (const field of ['description', 'markdownDescription', 'deprecationMessage', 'markdownDeprecationMessage'] as const) {
        const v = prop[field];
        if (typeof v === 'string' && !/^%[^%]+%$/.test(v)) literal.push(`${name}.${field}: ${v}`);
      }
    }
    assert.deepEqual(literal, []);
  });
});
