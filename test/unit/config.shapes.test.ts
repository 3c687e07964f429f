// Reading the settings at start skips zod for values a plain check is sure of (src/core/settingShapes.ts).
// Both readings come from one shape per setting; this holds them to each other on values a user
// could write, valid and not: the plain check never accepts what zod refuses, never returns
// something else than zod would, and takes every valid simple value (so zod stays unloaded).
import assert from 'node:assert/strict';
import { acceptedWithoutZod, parseConfig, settingSchemas, SETTING_KEYS, type SettingKey } from '../../src/core/config';

const long = (n: number) => 'm'.repeat(n);
const PROBES: unknown[] = [
  undefined, null, true, false, 0, 1, -1, 0.5, 1.5, 2, 2.0000001, 3, 8, 9, 10, 11, 20, 50, 600, 601, 1000, 1023, 1024, 4319,
  65_535, 65_536, 1_000_000, 1_000_001, 10_080, 10_081, NaN, Infinity, -Infinity, 2 ** 53, '', ' ', '3', 'true',
  'failover', 'round_robin', 'Failover', 'openai_compatible', 'openrouter_sdk', 'default', 'low', 'high', 'latency', 'allow', 'deny',
  'https://openrouter.ai/api/v1', ' https://openrouter.ai/api/v1/ ', 'http://127.0.0.1:8080/v1//', 'HTTPS://EXAMPLE.COM',
  'https://exa mple.com', 'https://exa\tmple.com/v1', 'ftp://host/x', 'http:host', 'https://', 'https://[::1]:9/', 'openrouter.ai',
  [], [''], [' '], ['a'], [' qwen/qwen3-8b:free '], ['a', 'b'], [1], [null], ['a', 2], [long(200)], [long(201)], [` ${long(200)} `],
  Array(200).fill('x'), Array(201).fill('x'), Array(50).fill('p'), Array(51).fill('p'), [long(100)], [long(101)],
  // eslint-disable-next-line no-sparse-arrays
  [, 'a'], {}, { id: 'x' }, [{ id: 'local', label: 'Local', baseUrl: 'http://127.0.0.1:1234/v1' }],
];

describe('settings: the plain check at start agrees with zod', () => {
  for (const key of SETTING_KEYS) {
    it(`${key}: accepts only what zod accepts, as zod outputs it`, () => {
      let validSimple = 0;
      for (const value of PROBES) {
        if (value === undefined) continue;
        const parsed = settingSchemas[key].safeParse(value);
        const plain = acceptedWithoutZod(key, value);
        const shown = (JSON.stringify(value) ?? String(value)).slice(0, 80);
        if (plain) {
          assert.ok(parsed.success, `${key}: the plain check accepted ${shown}, zod refuses it`);
          assert.deepEqual(plain.value, parsed.data, `${key}: ${shown}`);
        } else if (parsed.success && !isLeftToZod(key, value)) {
          assert.fail(`${key}: zod accepts ${shown} but the plain check sends it to zod (zod would load at start)`);
        }
        if (parsed.success) validSimple++;
      }
      assert.ok(validSimple > 0, `${key}: no valid probe`);
    });
  }

  it('reads valid settings as zod does and still reports an invalid one in its words', () => {
    const raw = { maxRetries: 3, baseUrl: ' http://127.0.0.1:9/v1/ ', enabledModels: [' a '], temperature: null, routingStrategy: 'nope' } as const;
    const { config, issues } = parseConfig(raw);
    assert.equal(config.maxRetries, 3);
    assert.equal(config.baseUrl, 'http://127.0.0.1:9/v1');
    assert.deepEqual(config.enabledModels, ['a']);
    assert.equal(config.temperature, null);
    assert.equal(config.routingStrategy, 'failover');
    assert.deepEqual(issues.map((i) => i.setting), ['openrouterDual.routingStrategy']);
    assert.match(issues[0].message, /openrouterDual\.routingStrategy is invalid \(.*round_robin.*\); using the default "failover"\./);
  });
});

/** Values left to zod on purpose: endpoints that are configured (zod checks each entry), addresses with tabs or line breaks. */
function isLeftToZod(key: SettingKey, value: unknown): boolean {
  if (key === 'endpoints') return Array.isArray(value) && value.length > 0;
  return key === 'baseUrl' && typeof value === 'string' && /[\t\n\r]/.test(value.trim());
}
