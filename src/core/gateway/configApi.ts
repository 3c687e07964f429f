// The original design's configuration API (`/api/openrouter/...`), with its snake_case field names.
// Every value is checked with the settings' own zod schemas; a configure call writes all or nothing.
// The API key can be set here while none is stored (never replaced) and is never returned:
// `has_api_key` says whether one is set.
// The gateway token is handed to terminal tools, so it is worth "use the router" and no more: the
// settings that decide where a key goes or whether chats may cost money are read here but written
// only in VS Code (403, nothing of the call written).
import type { CatalogModel, UseCase } from '../catalog/types';
import { USE_CASES } from '../catalog/types';
import { SETTING_KEYS, SETTINGS_SECTION, USER_ONLY_SETTINGS, isUserOnly, validateSetting, type Config, type SettingKey } from '../config';
import { GatewayError, gatewayErrors } from './errors';
import type { ConfigApiBackend, GatewaySettableKey } from './types';

export const CONFIG_API_PREFIX = '/api/openrouter/';

/** `freeTier.dailyLimit` → `free_tier_daily_limit`. */
export function snakeName(key: SettingKey): string {
  return key.replace(/\./g, '_').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The design's settings; the gateway's own are left to VS Code (a client must not move or stop it). */
const API_SETTINGS = SETTING_KEYS.filter((k) => !isUserOnly(k) || USER_ONLY_SETTINGS[k] !== 'gateway');
const SETTING_BY_SNAKE = new Map<string, SettingKey>(API_SETTINGS.map((k) => [snakeName(k), k]));
const MULTI_MODEL_FIELDS = ['enabled_models', 'routing_strategy', 'max_retries', 'timeout_per_model'];

function snakeConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of API_SETTINGS) out[snakeName(key)] = config[key];
  return out;
}

function snakeModel(m: CatalogModel): Record<string, unknown> {
  return {
    id: m.id,
    name: m.name,
    provider: m.provider,
    context_length: m.contextLength,
    max_completion_tokens: m.maxCompletionTokens ?? null,
    supports_reasoning: m.capabilities.reasoning,
    supports_vision: m.capabilities.vision,
    supports_tools: m.capabilities.toolCalling,
    use_cases: m.useCases,
    description: m.description,
    free: m.free,
    gone: m.goneSince !== undefined,
  };
}

export interface ConfigApiRequest {
  method: string;
  /** The path after the prefix, e.g. `multi-model/configure`. */
  route: string;
  query: URLSearchParams;
  /** Reads and parses the JSON body (throws GatewayError on size or syntax). */
  body: () => Promise<unknown>;
}

export async function handleConfigApi(req: ConfigApiRequest, backend: ConfigApiBackend): Promise<object> {
  const get = req.method === 'GET';
  const post = req.method === 'POST';
  switch (req.route) {
    case 'modes':
      requireMethod(get, req);
      return { modes: backend.modes(), current: backend.config().providerMode };
    case 'free-models': {
      requireMethod(get, req);
      const models = backend.freeModels().map(snakeModel);
      return { models, count: models.length };
    }
    case 'recommended-models': {
      requireMethod(get, req);
      const useCase = (req.query.get('use_case') ?? 'general') as UseCase;
      if (!USE_CASES.includes(useCase)) throw gatewayErrors.invalidField('use_case', `must be one of ${USE_CASES.join(', ')}`);
      const limitText = req.query.get('limit') ?? '5';
      const limit = Number(limitText);
      if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw gatewayErrors.invalidField('limit', 'must be an integer from 1 to 50');
      return { use_case: useCase, models: backend.recommendedModels(useCase, limit) };
    }
    case 'config':
      requireMethod(get, req);
      return currentConfig(backend);
    case 'models': {
      requireMethod(get, req);
      const models = backend.models().map(snakeModel);
      return { models, count: models.length };
    }
    case 'configure':
      requireMethod(post, req);
      return configure(await req.body(), backend, undefined);
    case 'multi-model/configure':
      requireMethod(post, req);
      return configure(await req.body(), backend, MULTI_MODEL_FIELDS);
    case 'test-connection': {
      requireMethod(post, req);
      const result = await backend.testConnection();
      return { success: result.ok, summary: result.summary, steps: result.steps };
    }
    default:
      throw gatewayErrors.notFound(`${CONFIG_API_PREFIX}${req.route}`);
  }
}

function requireMethod(ok: boolean, req: ConfigApiRequest): void {
  if (!ok) throw gatewayErrors.methodNotAllowed(req.method, `${CONFIG_API_PREFIX}${req.route}`);
}

function currentConfig(backend: ConfigApiBackend): object {
  return { config: snakeConfig(backend.config()), has_api_key: backend.hasKey() };
}

/** `only`: the fields this call takes, all of them required (multi-model configure). */
async function configure(body: unknown, backend: ConfigApiBackend, only: string[] | undefined): Promise<object> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw gatewayErrors.invalidField('(body)', 'must be a JSON object');
  const fields = body as Record<string, unknown>;
  // Before anything else, so a call that holds one such field writes nothing at all.
  for (const name of Object.keys(fields)) {
    const key = SETTING_BY_SNAKE.get(name);
    if (key && isUserOnly(key)) throw settingLocked(name, key);
  }
  // A key set from a terminal is the design's first set-up; replacing the user's key is not "use
  // the router": requests would go out on the token holder's account, whose activity log shows them.
  if ('api_key' in fields && backend.hasKey()) throw keyLocked();
  const values: Partial<Record<GatewaySettableKey, unknown>> = {};
  let apiKey: string | undefined;
  for (const [name, value] of Object.entries(fields)) {
    if (only && !only.includes(name)) throw gatewayErrors.invalidField(name, `unknown field; this endpoint takes ${only.join(', ')}`);
    if (name === 'api_key') {
      if (typeof value !== 'string' || !value.trim() || value.length > 500) throw gatewayErrors.invalidField('api_key', 'must be a non-empty string');
      apiKey = value.trim();
      continue;
    }
    const key = SETTING_BY_SNAKE.get(name) as GatewaySettableKey | undefined;
    if (!key) throw gatewayErrors.invalidField(name, 'unknown field');
    const checked = validateSetting(key, value);
    if (!checked.ok) throw gatewayErrors.invalidField(name, checked.message);
    values[key] = checked.value;
  }
  for (const required of only ?? []) {
    if (!(required in fields)) throw gatewayErrors.invalidField(required, 'required');
  }
  if (!apiKey && Object.keys(values).length === 0) throw gatewayErrors.invalidField('(body)', 'nothing to configure');
  if (Object.keys(values).length) {
    const written = await backend.configure(values);
    if (!written.ok) throw new GatewayError(500, 'server_error', 'configure_failed', written.message ?? 'The settings could not be written; nothing changed.');
  }
  if (apiKey) {
    const stored = await backend.setApiKey(apiKey);
    if (!stored.ok) throw new GatewayError(500, 'server_error', 'api_key_not_stored', stored.message ?? 'The API key could not be stored.', 'api_key');
  }
  return { success: true, ...currentConfig(backend) };
}

function keyLocked(): GatewayError {
  return new GatewayError(
    403,
    'permission_error',
    'api_key_already_set',
    "api_key cannot be replaced through the gateway: an OpenRouter key is already set, and the gateway token may only set the first one. Replace it in VS Code with 'OpenRouter: Set API Key'; nothing of this call was written.",
    'api_key',
  );
}

/** 403 in OpenAI's shape: the token may use the router, not decide where keys go or what costs money. */
function settingLocked(field: string, key: SettingKey & keyof typeof USER_ONLY_SETTINGS): GatewayError {
  const setting = `${SETTINGS_SECTION}.${key}`;
  const why = USER_ONLY_SETTINGS[key] === 'cost' ? 'it decides whether chats may cost money' : 'it decides where your API keys are sent';
  return new GatewayError(
    403,
    'permission_error',
    'setting_not_changeable_here',
    `${field} cannot be changed through the gateway: ${why}. Change ${setting} in VS Code (Settings, or the OpenRouter Dual settings page); nothing of this call was written.`,
    field,
  );
}
