// The settings schema: one zod schema per setting, so one bad value falls back alone.
import * as z from 'zod';
// Only the Chinese table: `z.locales` would bundle every language zod has (about 290 KB).
import zhCN from 'zod/v4/locales/zh-CN.cjs';
import { choice, flag, httpUrl, listOnlyZodChecks, names, number, numberChoice, optionalNumber, type SettingShape } from './settingShapes';
import { DEFAULT_BASE_URL, PROVIDER_MODES } from './providers/types';
import { PROVIDER_SORTS, type ProviderPreferences } from './providers/providerPreferences';
import type { MessageLocale } from './shared/errorKinds';
import { endpointsSchema } from './endpoints/schema';
import type { EndpointConfig } from './endpoints/types';

export const ROUTING_STRATEGIES = ['round_robin', 'random', 'least_used', 'fastest_first', 'failover'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

/**
 * Each setting's default, stated once. A setting that is not set takes it without building its
 * schema: at start most settings are unset, and building zod's first schemas is the costly part of
 * activation.
 */
const SETTING_DEFAULTS = {
  providerMode: 'openai_compatible',
  freeModelsOnly: true,
  enabledModels: [] as string[],
  routingStrategy: 'failover',
  maxRetries: 2,
  timeoutPerModel: 30,
  groupSize: 3,
  baseUrl: DEFAULT_BASE_URL,
  'freeTier.dailyLimit': 50,
  'freeTier.requestsPerMinute': 20,
  serverSideFallback: false,
  contextCompression: false,
  showReasoning: true,
  'reasoning.effort': 'default',
  temperature: null,
  maxTokens: null,
  modelListMaxAgeMinutes: 60,
  'gateway.enabled': false,
  /** The local gateway's documented default port (see README, "Local gateway"). */
  'gateway.port': 4319,
  endpoints: [] as EndpointConfig[],
  'provider.sort': 'default',
  'provider.dataCollection': 'default',
  'provider.zdr': false,
  'provider.only': [] as string[],
  'provider.ignore': [] as string[],
  'provider.order': [] as string[],
  'provider.allowFallbacks': true,
} as const;

/** A numeric setting's range, and whether it takes whole numbers only. */
export interface SettingBounds {
  min: number;
  max: number;
  integer: boolean;
}

/**
 * Each numeric setting's range, stated once: the schema below, the settings page (through
 * src/protocol) and the manifest test (against package.json's minimum and maximum) read it.
 */
export const SETTING_BOUNDS = {
  maxRetries: { min: 0, max: 10, integer: true },
  /** Seconds. */
  timeoutPerModel: { min: 1, max: 600, integer: false },
  groupSize: { min: 2, max: 8, integer: true },
  'freeTier.requestsPerMinute': { min: 1, max: 1000, integer: true },
  temperature: { min: 0, max: 2, integer: false },
  maxTokens: { min: 1, max: 1_000_000, integer: true },
  modelListMaxAgeMinutes: { min: 1, max: 10_080, integer: true },
  /** Unprivileged ports only: the gateway never needs to run as root. */
  'gateway.port': { min: 1024, max: 65_535, integer: true },
} as const satisfies Partial<Record<keyof typeof SETTING_DEFAULTS, SettingBounds>>;

export type BoundedSetting = keyof typeof SETTING_BOUNDS;

/** The reasoning efforts a request may ask for; `default` sends none. */
export const REASONING_EFFORTS = ['default', 'low', 'medium', 'high'] as const;
export const PROVIDER_SORT_CHOICES = ['default', ...PROVIDER_SORTS] as const satisfies readonly [string, ...string[]];
export const DATA_COLLECTION_CHOICES = ['default', 'allow', 'deny'] as const;

const D = SETTING_DEFAULTS;
const B = SETTING_BOUNDS;
/** Provider names as OpenRouter lists them (e.g. `DeepInfra`, `chutes`). */
const PROVIDER_NAMES = { items: 50, length: 100 };

/**
 * Each setting's shape, once: its schema (built on first use) and the plain check that reading the
 * settings at start takes (see settingShapes.ts). Each key is the setting's name under `openrouterDual.`.
 */
const SETTING_SHAPES = {
  providerMode: choice(PROVIDER_MODES as unknown as ['openai_compatible', 'openrouter_sdk'], D.providerMode),
  freeModelsOnly: flag(D.freeModelsOnly),
  /** Empty: the catalog's recommended free models. */
  enabledModels: names({ items: 200, length: 200 }, D.enabledModels),
  routingStrategy: choice(ROUTING_STRATEGIES, D.routingStrategy),
  maxRetries: number(B.maxRetries, D.maxRetries),
  /** Seconds to wait for the first token, and the longest silence tolerated in a stream. */
  timeoutPerModel: number(B.timeoutPerModel, D.timeoutPerModel),
  groupSize: number(B.groupSize, D.groupSize),
  // The scheme rule's words come from CONFIG_TEXT (see localeErrors), in the user's language.
  baseUrl: httpUrl(D.baseUrl),
  'freeTier.dailyLimit': numberChoice([50, 1000], D['freeTier.dailyLimit']),
  'freeTier.requestsPerMinute': number(B['freeTier.requestsPerMinute'], D['freeTier.requestsPerMinute']),
  serverSideFallback: flag(D.serverSideFallback),
  /** OpenRouter's context-compression plugin for requests no enabled window holds (see router/fit.ts). */
  contextCompression: flag(D.contextCompression),
  showReasoning: flag(D.showReasoning),
  'reasoning.effort': choice(REASONING_EFFORTS, D['reasoning.effort']),
  temperature: optionalNumber(B.temperature, D.temperature),
  maxTokens: optionalNumber(B.maxTokens, D.maxTokens),
  /** Minutes before the cached model list counts as stale and is refreshed in the background. */
  modelListMaxAgeMinutes: number(B.modelListMaxAgeMinutes, D.modelListMaxAgeMinutes),
  /** Serve the router on 127.0.0.1 as an OpenAI-compatible endpoint. Off by default. */
  'gateway.enabled': flag(D['gateway.enabled']),
  'gateway.port': number(B['gateway.port'], D['gateway.port']),
  /** OpenAI-compatible servers next to OpenRouter (see src/core/endpoints). */
  endpoints: listOnlyZodChecks(() => endpointsSchema),
  /** OpenRouter's provider routing (`provider` in the body); `default` and empty lists send nothing. */
  'provider.sort': choice(PROVIDER_SORT_CHOICES, D['provider.sort']),
  'provider.dataCollection': choice(DATA_COLLECTION_CHOICES, D['provider.dataCollection']),
  'provider.zdr': flag(D['provider.zdr']),
  'provider.only': names(PROVIDER_NAMES, D['provider.only']),
  'provider.ignore': names(PROVIDER_NAMES, D['provider.ignore']),
  'provider.order': names(PROVIDER_NAMES, D['provider.order']),
  'provider.allowFallbacks': flag(D['provider.allowFallbacks']),
} as const satisfies Record<keyof typeof SETTING_DEFAULTS, SettingShape<z.ZodType>>;

type Shapes = typeof SETTING_SHAPES;
/** Each setting's zod schema (the settings page's messages and the manifest test read them too). */
export const settingSchemas = Object.fromEntries(Object.entries(SETTING_SHAPES).map(([k, s]) => [k, s.schema])) as { [K in keyof Shapes]: Shapes[K]['schema'] };

/** Whether reading `value` for `key` at start passes without zod (for the agreement test). */
export function acceptedWithoutZod<K extends SettingKey>(key: K, value: unknown): { value: unknown } | undefined {
  return SETTING_SHAPES[key].accept(value);
}

/** The provider preferences the settings ask for; undefined when all are at their defaults. */
export function providerPreferencesOf(config: Config): ProviderPreferences | undefined {
  const p: ProviderPreferences = {};
  if (config['provider.sort'] !== 'default') p.sort = config['provider.sort'];
  if (config['provider.dataCollection'] !== 'default') p.dataCollection = config['provider.dataCollection'];
  if (config['provider.zdr']) p.zdr = true;
  if (config['provider.only'].length > 0) p.only = [...config['provider.only']];
  if (config['provider.ignore'].length > 0) p.ignore = [...config['provider.ignore']];
  if (config['provider.order'].length > 0) p.order = [...config['provider.order']];
  if (!config['provider.allowFallbacks']) p.allowFallbacks = false;
  return Object.keys(p).length > 0 ? p : undefined;
}

export type SettingKey = keyof typeof settingSchemas;
export const SETTING_KEYS = Object.keys(settingSchemas) as SettingKey[];
export const SETTINGS_SECTION = 'openrouterDual';

/**
 * Settings only the user may set, each with why: where a key is sent, whether chats may cost
 * money, and whether (and where) a server listens. A folder's `.vscode/settings.json`, a workspace
 * file and the gateway's configuration API cannot change them (the manifest gives them the
 * `application` scope; the reader and the API refuse them too).
 */
export const USER_ONLY_SETTINGS = {
  baseUrl: 'key_destination',
  endpoints: 'key_destination',
  freeModelsOnly: 'cost',
  'gateway.enabled': 'gateway',
  'gateway.port': 'gateway',
} as const satisfies Partial<Record<SettingKey, 'key_destination' | 'cost' | 'gateway'>>;
export type UserOnlySetting = keyof typeof USER_ONLY_SETTINGS;

export function isUserOnly(key: SettingKey): key is UserOnlySetting {
  return Object.hasOwn(USER_ONLY_SETTINGS, key);
}

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
export function parseConfig(raw: Partial<Record<SettingKey, unknown>>, locale: MessageLocale = 'en'): { config: Config; issues: ConfigIssue[] } {
  const config = {} as Record<SettingKey, unknown>;
  const issues: ConfigIssue[] = [];
  for (const key of SETTING_KEYS) {
    const value = raw[key];
    if (value === undefined) {
      // A copy, as zod's default is: callers may change the array they get.
      const fallback = SETTING_DEFAULTS[key];
      config[key] = Array.isArray(fallback) ? [...fallback] : fallback;
      continue;
    }
    // A valid value passes without zod; zod decides the rest and says what is wrong.
    const accepted = SETTING_SHAPES[key].accept(value);
    if (accepted) {
      config[key] = accepted.value;
      continue;
    }
    const schema = settingSchemas[key] as z.ZodType;
    const parsed = schema.safeParse(value, { error: localeErrors(locale) });
    if (parsed.success) {
      config[key] = parsed.data;
    } else {
      config[key] = schema.parse(undefined);
      issues.push({
        setting: `${SETTINGS_SECTION}.${key}`,
        message: CONFIG_TEXT[locale].invalid(`${SETTINGS_SECTION}.${key}`, describe(parsed.error), JSON.stringify(config[key])),
      });
    }
  }
  return { config: config as Config, issues };
}

/** Validates one value for one setting, for writes from the webview or an import. */
export function validateSetting<K extends SettingKey>(
  key: K,
  value: unknown,
  locale: MessageLocale = 'en',
): { ok: true; value: Config[K] } | { ok: false; message: string } {
  const parsed = (settingSchemas[key] as z.ZodType).safeParse(value, { error: localeErrors(locale) });
  return parsed.success ? { ok: true, value: parsed.data as Config[K] } : { ok: false, message: describe(parsed.error) };
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ` : '') + i.message).join('; ');
}

/** What an invalid setting reads as, one table per language; zod's own words come in the same language. */
const CONFIG_TEXT: Record<MessageLocale, { invalid(setting: string, why: string, fallback: string): string; httpScheme: string }> = {
  en: {
    invalid: (setting, why, fallback) => `${setting} is invalid (${why}); using the default ${fallback}.`,
    httpScheme: 'must start with http:// or https://',
  },
  'zh-cn': {
    invalid: (setting, why, fallback) => `${setting} 无效（${why}）；改用默认值 ${fallback}。`,
    httpScheme: '必须以 http:// 或 https:// 开头',
  },
};

/** zod's messages in `locale`: its Chinese table for zh-cn, its default (English) otherwise; ours for our own rules. */
function localeErrors(locale: MessageLocale): z.core.$ZodErrorMap {
  const zodLocale = locale === 'zh-cn' ? zhCN().localeError : undefined;
  return (issue) => (issue.code === 'custom' ? CONFIG_TEXT[locale].httpScheme : zodLocale?.(issue));
}
