// Export and import of the whole configuration as JSON. The key is never part of it.
import { SETTING_KEYS, SETTINGS_SECTION, validateSetting, type Config, type SettingKey } from '../../../core/config';
import type { MessageLocale } from '../../../core/shared/errorKinds';
import { formatPlain, type Translate } from '../../shared/translate';

export const EXPORT_FORMAT = 'openrouter-dual.configuration';

export interface ExportedConfiguration {
  format: typeof EXPORT_FORMAT;
  version: 1;
  exportedAt: string;
  settings: Partial<Record<string, unknown>>;
}

export function exportConfiguration(config: Config, now: Date): string {
  const settings: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) settings[`${SETTINGS_SECTION}.${key}`] = config[key];
  const doc: ExportedConfiguration = { format: EXPORT_FORMAT, version: 1, exportedAt: now.toISOString(), settings };
  return JSON.stringify(doc, null, 2) + '\n';
}

export type ImportResult =
  | { ok: true; values: Partial<Record<SettingKey, unknown>> }
  | { ok: false; errors: string[] };

/**
 * All or nothing: every entry must name a known setting and hold a valid value, otherwise the
 * file changes nothing. Accepts the exported document or a bare `{ "openrouterDual.x": ... }` map.
 * The errors are in the user's language: `t` for ours, `locale` for the settings' own checks.
 */
export function parseConfigurationImport(text: string, t: Translate = formatPlain, locale: MessageLocale = 'en'): ImportResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [t('not valid JSON ({0})', (e as Error).message)] };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { ok: false, errors: [t('expected a JSON object')] };
  const record = doc as Record<string, unknown>;
  if ('format' in record && record.format !== EXPORT_FORMAT) return { ok: false, errors: [t('unknown format {0}', JSON.stringify(record.format))] };
  const settings = 'settings' in record ? record.settings : record;
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) return { ok: false, errors: [t('"settings" must be an object')] };

  const errors: string[] = [];
  const values: Partial<Record<SettingKey, unknown>> = {};
  for (const [name, value] of Object.entries(settings)) {
    const key = (name.startsWith(`${SETTINGS_SECTION}.`) ? name.slice(SETTINGS_SECTION.length + 1) : name) as SettingKey;
    if (/key|secret|token/i.test(key) && !SETTING_KEYS.includes(key)) {
      errors.push(t('{0}: secrets are not imported; use "OpenRouter: Set API Key"', name));
      continue;
    }
    if (!SETTING_KEYS.includes(key)) {
      errors.push(t('{0}: not a setting of this extension', name));
      continue;
    }
    const checked = validateSetting(key, value, locale);
    if (checked.ok) values[key] = checked.value;
    else errors.push(`${SETTINGS_SECTION}.${key}: ${checked.message}`);
  }
  if (errors.length) return { ok: false, errors };
  if (Object.keys(values).length === 0) return { ok: false, errors: [t('the file holds no settings')] };
  return { ok: true, values };
}
