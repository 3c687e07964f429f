// The manifest and the code agree: every setting of the zod schema is contributed with the same
// default and choices, every %key% is translated, and every runtime string has a Chinese entry.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { defaultConfig, SETTING_BOUNDS, SETTING_KEYS, settingSchemas, isUserOnly, validateSetting, type SettingKey } from '../../src/core/config';

const root = join(__dirname, '..', '..');
const readJson = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, unknown>;

interface Manifest {
  contributes: {
    configuration: {
      properties: Record<
        string,
        { type: string | string[]; default: unknown; enum?: unknown[]; enumDescriptions?: string[]; markdownDescription?: string; minimum?: number; maximum?: number; scope?: string }
      >;
    };
    commands: { command: string; title: string; category: string }[];
    chatParticipants: { id: string; name: string; commands: { name: string }[] }[];
    languageModelChatProviders: { vendor: string; managementCommand?: string }[];
  };
  activationEvents: string[];
}

const manifest = readJson('package.json') as unknown as Manifest;
const nlsEn = readJson('package.nls.json');
const nlsZh = readJson('package.nls.zh-cn.json');

/** The first argument of every `t('...')` / `vscode.l10n.t('...')` call in the host layer. */
function runtimeStrings(): Set<string> {
  const files = readdirSync(join(root, 'src', 'host'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(root, 'src', 'host', f))
    .concat(join(root, 'src', 'extension.ts'));
  const found = new Set<string>();
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression.getText(source);
        const first = node.arguments[0];
        if ((callee === 't' || callee === 'vscode.l10n.t') && first && ts.isStringLiteralLike(first)) found.add(first.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** What zod's schema of a setting accepts, read from the schema itself (under its default and nullable). */
interface SchemaFacts {
  choices?: unknown[];
  min?: number;
  max?: number;
  integer?: boolean;
}

type SchemaNode = { def: { type: string; innerType?: SchemaNode; options?: SchemaNode[]; values?: unknown[]; checks?: { _zod: { def: { check: string; value?: number; inclusive?: boolean; format?: string } } }[] }; options?: unknown[] };

function schemaFacts(key: SettingKey): SchemaFacts {
  let node = settingSchemas[key] as unknown as SchemaNode;
  while ((node.def.type === 'default' || node.def.type === 'nullable') && node.def.innerType) node = node.def.innerType;
  if (node.def.type === 'enum') return { choices: node.options };
  if (node.def.type === 'union' && node.def.options?.every((o) => o.def.type === 'literal')) return { choices: node.def.options.flatMap((o) => o.def.values ?? []) };
  if (node.def.type !== 'number') return {};
  const checks = (node.def.checks ?? []).map((c) => c._zod.def);
  return {
    min: checks.find((c) => c.check === 'greater_than')?.value,
    max: checks.find((c) => c.check === 'less_than')?.value,
    integer: checks.some((c) => c.check === 'number_format' && c.format === 'safeint'),
  };
}

describe('host: manifest', () => {
  const properties = manifest.contributes.configuration.properties;

  it('reads each numeric setting\'s range from its schema, and the range is the one config.ts states', () => {
    assert.deepEqual(schemaFacts('maxRetries'), { min: 0, max: 10, integer: true });
    assert.deepEqual(schemaFacts('temperature'), { min: 0, max: 2, integer: false });
    assert.deepEqual(schemaFacts('freeTier.dailyLimit'), { choices: [50, 1000] });
    for (const [key, bounds] of Object.entries(SETTING_BOUNDS)) assert.deepEqual(schemaFacts(key as SettingKey), bounds, `range of ${key}`);
  });

  it('states every setting\'s range, whole-number type, choices and scope as the schema does', () => {
    for (const key of SETTING_KEYS) {
      const p = properties[`openrouterDual.${key}`];
      const facts = schemaFacts(key);
      assert.equal(p.minimum, facts.min, `minimum of ${key}`);
      assert.equal(p.maximum, facts.max, `maximum of ${key}`);
      if (facts.integer !== undefined) assert.equal([p.type].flat().includes('integer'), facts.integer, `integer type of ${key}`);
      assert.deepEqual(p.enum, facts.choices, `choices of ${key}`);
      // Only the user settings may set a user-only setting; VS Code enforces it through `application`.
      assert.equal(p.scope === 'application', isUserOnly(key), `scope of ${key}`);
      if (p.scope !== undefined) assert.equal(p.scope, 'application', `scope of ${key}`);
    }
  });

  it('contributes every setting of the schema with its default and choices', () => {
    const defaults = defaultConfig();
    assert.deepEqual(Object.keys(properties).sort(), SETTING_KEYS.map((k) => `openrouterDual.${k}`).sort());
    for (const key of SETTING_KEYS) {
      const p = properties[`openrouterDual.${key}`];
      assert.deepEqual(p.default, defaults[key], `default of ${key}`);
      assert.deepEqual(settingSchemas[key].parse(undefined), defaults[key], `schema's default of ${key}`);
      const schema = settingSchemas[key] as unknown as { def?: { innerType?: { options?: unknown[] } } };
      const options = schema.def?.innerType?.options;
      if (Array.isArray(options) && options.every((o) => typeof o === 'string')) assert.deepEqual(p.enum, options, `choices of ${key}`);
      for (const value of p.enum ?? []) assert.ok(validateSetting(key, value).ok, `choice ${String(value)} of ${key} is valid`);
      if (p.enum && p.enumDescriptions) assert.equal(p.enumDescriptions.length, p.enum.length, `enum descriptions of ${key}`);
      assert.ok(p.markdownDescription, `description of ${key}`);
    }
  });

  it('translates every %key% into English and Simplified Chinese', () => {
    const keys = [...JSON.stringify(manifest.contributes).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length > 30);
    for (const key of keys) {
      assert.equal(typeof nlsEn[key], 'string', `package.nls.json lacks ${key}`);
      assert.equal(typeof nlsZh[key], 'string', `package.nls.zh-cn.json lacks ${key}`);
    }
    assert.deepEqual(Object.keys(nlsZh).sort(), Object.keys(nlsEn).sort());
  });

  it('has a Chinese translation for every runtime string', () => {
    const bundle = readJson('l10n/bundle.l10n.zh-cn.json');
    const strings = runtimeStrings();
    assert.ok(strings.size > 100, `found only ${strings.size} strings`);
    const missing = [...strings].filter((s) => typeof bundle[s] !== 'string');
    assert.deepEqual(missing, []);
    for (const [english, chinese] of Object.entries(bundle)) {
      const placeholders = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort().join();
      assert.equal(placeholders(chinese as string), placeholders(english), `placeholders of "${english}"`);
    }
  });

  it('declares the participant, its commands, the vendor, and activation after startup, never the catch-all', () => {
    const [participant] = manifest.contributes.chatParticipants;
    assert.equal(participant.id, 'openrouter-dual.openrouter');
    assert.equal(participant.name, 'openrouter');
    assert.deepEqual(participant.commands.map((c) => c.name).sort(), ['group', 'models', 'retry', 'stats']);
    const [vendor] = manifest.contributes.languageModelChatProviders;
    assert.equal(vendor.vendor, 'openrouter-dual');
    assert.ok(manifest.contributes.commands.some((c) => c.command === vendor.managementCommand));
    assert.ok(!manifest.activationEvents.includes('*'));
    // VS Code resolves the chat model before any participant activates us, so without activation at
    // startup the first @openrouter request in a new window fails with "Language model unavailable"
    // (e2e scenario 5). onStartupFinished runs after the workbench is up, unlike '*'.
    assert.ok(manifest.activationEvents.includes('onStartupFinished'));
  });
});
