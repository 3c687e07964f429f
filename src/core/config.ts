// The settings schema: one zod schema per setting, so one bad value falls back alone.
import * as z from 'zod';
import { lazy } from './lazy';
import { DEFAULT_BASE_URL, PROVIDER_MODES } from './providers/types';

export const ROUTING_STRATEGIES = ['round_robin', 'random', 'least_used', 'fastest_first', 'failover'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

/** Each key is the setting's name under `openrouterDual.`. */
export const settingSchemas = {
  providerMode: lazy(() => z.enum(PROVIDER_MODES as unknown as ['openai_compatible', 'openrouter_sdk']).default('openai_compatible')),
  freeModelsOnly: lazy(() => z.boolean().default(true)),
  /** Empty: the catalog's recommended free models. */
  enabledModels: lazy(() => z.array(z.string().trim().min(1).max(200)).max(200).default([])),
  routingStrategy: lazy(() => z.enum(ROUTING_STRATEGIES).default('failover')),
  maxRetries: lazy(() => z.number().int().min(0).max(10).default(2)),
  /** Seconds to wait for the first token, and the longest silence tolerated in a stream. */
  timeoutPerModel: lazy(() => z.number().min(1).max(600).default(30)),
  groupSize: lazy(() => z.number().int().min(2).max(8).default(3)),
  baseUrl: lazy(() => z
    .string()
    .trim()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
    .transform((u) => u.replace(/\/+$/, ''))
    .default(DEFAULT_BASE_URL)),
  'freeTier.dailyLimit': lazy(() => z.union([z.literal(50), z.literal(1000)]).default(50)),
  'freeTier.requestsPerMinute': lazy(() => z.number().int().min(1).max(1000).default(20)),
  serverSideFallback: lazy(() => z.boolean().default(false)),
  showReasoning: lazy(() => z.boolean().default(true)),
  'reasoning.effort': lazy(() => z.enum(['default', 'low', 'medium', 'high']).default('default')),
  temperature: lazy(() => z.number().min(0).max(2).nullable().default(null)),
  maxTokens: lazy(() => z.number().int().min(1).max(1_000_000).nullable().default(null)),
  /** Minutes before the cached model list counts as stale and is refreshed in the background. */
  modelListMaxAgeMinutes: lazy(() => z.number().int().min(1).max(10_080).default(60)),
} as const;

export type SettingKey = keyof typeof settingSchemas;
export const SETTING_KEYS = Object.keys(settingSchemas) as SettingKey[];
export const SETTINGS_SECTION = 'openrouterDual';

export type Config = { [K in SettingKey]: z.output<(typeof settingSchemas)[K]> };

export interface ConfigIssue {
  /** Full setting id, e.g. `openrouterDual.maxRetries`. */
  setting: string;
  message: string;
}

export function defaultConfig(): Config {
  return parseConfig({}).config;
}

/**
 * Validates raw values (undefined = not set). Invalid values are replaced by their default and
 * reported, never thrown: a typo in one setting must not take the others down.
 */
export function parseConfig(raw: Partial<Record<SettingKey, unknown>>): { config: Config; issues: ConfigIssue[] } {
  const config = {} as Record<SettingKey, unknown>;
  const issues: ConfigIssue[] = [];
  for (const key of SETTING_KEYS) {
    const schema = settingSchemas[key] as z.ZodType;
    const value = raw[key];
    const parsed = schema.safeParse(value);
    if (parsed.success) {
      config[key] = parsed.data;
    } else {
      config[key] = schema.parse(undefined);
      issues.push({
        setting: `${SETTINGS_SECTION}.${key}`,
        message: `${SETTINGS_SECTION}.${key} is invalid (${describe(parsed.error)}); using the default ${JSON.stringify(config[key])}.`,
      });
    }
  }
  return { config: config as Config, issues };
}

/** Validates one value for one setting, for writes from the webview or an import. */
export function validateSetting<K extends SettingKey>(key: K, value: unknown): { ok: true; value: Config[K] } | { ok: false; message: string } {
  const parsed = (settingSchemas[key] as z.ZodType).safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data as Config[K] } : { ok: false, message: describe(parsed.error) };
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ` : '') + i.message).join('; ');
}
