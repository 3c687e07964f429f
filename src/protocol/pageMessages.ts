// Messages between the extension host and the settings page, both ways. Every message that
// crosses the boundary is parsed with these schemas on arrival; what does not parse is dropped.
// The API key never appears here: the page only learns whether one is set and where from.
import * as z from 'zod';
import { lazy } from '../core/lazy';
import { settingSchemas, SETTING_KEYS, type SettingKey } from '../core/config';
import { USE_CASES, type UseCase } from '../core/catalog/types';
import { optionalMeasure } from '../core/shared/measure';
import { modelStatsSchema, statsSnapshotSchema as storedStatsSchema } from '../core/router/snapshotSchema';

const useCaseSchema = lazy(() => z.enum(USE_CASES as unknown as [UseCase, ...UseCase[]]));
const settingKeySchema = lazy(() => z.enum(SETTING_KEYS as [SettingKey, ...SettingKey[]]));
const finite = lazy(() => z.number().finite());
/** A measurement that may be missing (see optionalMeasure). */
const metric = lazy(() => optionalMeasure(finite.min(0)));

export const configSchema = lazy(() => z.object(settingSchemas));

export const keyStatusSchema = lazy(() => z.object({
  set: z.boolean(),
  /** `env`: read from OPENROUTER_API_KEY; `secret`: VS Code's SecretStorage. */
  source: z.enum(['secret', 'env', 'none']),
}));

export const modelHealthSchema = lazy(() => z.object({
  /** 0..1 over the router's recent window. */
  successRate: lazy(() => optionalMeasure(finite.min(0).max(1))),
  ttftMedianMs: metric,
  tokensPerSecond: metric,
  /** Epoch ms; set while the router keeps the model out after a rate limit or failure. */
  cooldownUntil: finite.optional(),
}));

export const freeModelSchema = lazy(() => z.object({
  id: z.string().min(1),
  name: z.string(),
  provider: z.string(),
  contextLength: finite.min(0),
  description: z.string().optional(),
  capabilities: z.object({ reasoning: z.boolean(), vision: z.boolean(), toolCalling: z.boolean() }),
  useCases: z.array(useCaseSchema),
  enabled: z.boolean(),
  /** Missing from the latest live list: shown as gone and never routed to. */
  gone: z.boolean(),
  /** Listed as free, yet an answer reported a cost: the router treats it as paid (the ledger's mark). */
  billed: z.boolean().optional(),
  /** The last day OpenRouter promises the model ("YYYY-MM-DD", its `expiration_date`). */
  expiresOn: z.string().max(10).optional(),
  health: modelHealthSchema,
}));

export const recommendationSchema = lazy(() => z.object({
  useCase: useCaseSchema,
  picks: z.array(z.object({ id: z.string(), why: z.string() })),
}));

export const catalogStatusSchema = lazy(() => z.object({
  source: z.enum(['builtin', 'live', 'cache']),
  /** Epoch ms of the list's fetch; absent for the built-in list. */
  fetchedAt: finite.optional(),
  stale: z.boolean(),
  count: z.number().int().min(0),
  lastError: z.string().optional(),
}));

/** The router's statistics as the page gets them: without the raw samples kept for reloads. */
export const statsSnapshotSchema = lazy(() =>
  storedStatsSchema.extend({ models: z.array(modelStatsSchema.omit({ samples: true })).max(10_000) }),
);

/** The local gateway in this window: the URL clients use, never its token. */
export const gatewayStatusSchema = lazy(() => z.object({
  running: z.boolean(),
  url: z.string(),
  port: z.number().int().min(0).max(65_535),
}));

/** An endpoint next to OpenRouter as the page shows it: whether a key is set, never the key. */
export const endpointEntrySchema = lazy(() => z.object({
  id: z.string().min(1).max(32),
  label: z.string(),
  baseUrl: z.string(),
  /** `unknown`: not asked yet in this session. */
  answering: z.enum(['yes', 'no', 'unknown']),
  keySet: z.boolean(),
  /** Counts as free (loopback, or `free: true`), so "free models only" lets its models through. */
  free: z.boolean(),
  models: z.array(z.object({ id: z.string(), model: z.string(), enabled: z.boolean() })).max(500),
}));

/** What the page may add or change of an endpoint; the rest of its entry (models, limits) is kept. */
export const endpointDraftSchema = lazy(() => z.object({
  id: z.string().trim().min(1).max(32),
  label: z.string().trim().min(1).max(60),
  baseUrl: z.string().trim().min(1).max(2000),
}));

export const settingsStateSchema = lazy(() => z.object({
  config: configSchema,
  key: keyStatusSchema,
  models: z.array(freeModelSchema),
  recommendations: z.array(recommendationSchema),
  catalog: catalogStatusSchema,
  stats: statsSnapshotSchema,
  gateway: gatewayStatusSchema.optional(),
  endpoints: z.array(endpointEntrySchema).max(16).optional(),
}));

export const connectionStepSchema = lazy(() => z.object({
  /** Stable id of the step, e.g. `key`, `models`, `chat`. */
  id: z.string(),
  label: z.string(),
  ok: z.boolean(),
  message: z.string(),
  latencyMs: finite.min(0).optional(),
}));

/** Sections the host may ask the page to scroll to. */
export const SECTIONS = ['mode', 'apiKey', 'models', 'endpoints', 'routing', 'connection', 'statistics', 'gateway', 'configuration'] as const;
export const sectionSchema = lazy(() => z.enum(SECTIONS));

export const OPERATIONS = [
  'setApiKey',
  'clearApiKey',
  'testConnection',
  'refreshModels',
  'resetStats',
  'exportConfig',
  'importConfig',
  'startGateway',
  'stopGateway',
  'copyGatewayUrl',
  'saveEndpoint',
  'removeEndpoint',
  'setEndpointKey',
] as const;
export const operationSchema = lazy(() => z.enum(OPERATIONS));

export const hostMessageSchema = lazy(() => z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), state: settingsStateSchema }),
  z.object({ type: z.literal('stats'), stats: statsSnapshotSchema }),
  /** `message` absent: the field's last write was accepted, clear its error. */
  z.object({ type: z.literal('validation'), field: z.string(), message: z.string().optional() }),
  z.object({
    type: z.literal('connectionTest'),
    status: z.enum(['running', 'passed', 'failed']),
    steps: z.array(connectionStepSchema),
  }),
  z.object({ type: z.literal('busy'), operation: operationSchema, busy: z.boolean() }),
  z.object({ type: z.literal('notice'), level: z.enum(['info', 'warning', 'error']), message: z.string() }),
  z.object({ type: z.literal('reveal'), section: sectionSchema }),
  /** One endpoint's test: `running`, then whether it answered and how many models it lists. */
  z.object({
    type: z.literal('endpointTest'),
    id: z.string(),
    status: z.enum(['running', 'passed', 'failed']),
    message: z.string().optional(),
  }),
]));

export const pageMessageSchema = lazy(() => z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('setSetting'), key: settingKeySchema, value: z.unknown() }),
  z.object({ type: z.literal('toggleModel'), id: z.string().min(1).max(200), enabled: z.boolean() }),
  z.object({ type: z.literal('setApiKey') }),
  z.object({ type: z.literal('clearApiKey') }),
  z.object({ type: z.literal('testConnection') }),
  z.object({ type: z.literal('refreshModels') }),
  z.object({ type: z.literal('resetStats') }),
  z.object({ type: z.literal('exportConfig') }),
  z.object({ type: z.literal('importConfig') }),
  z.object({ type: z.literal('startGateway') }),
  z.object({ type: z.literal('stopGateway') }),
  z.object({ type: z.literal('copyGatewayUrl') }),
  /** `originalId` absent: add; present: change that endpoint (its id stays). */
  z.object({ type: z.literal('saveEndpoint'), endpoint: endpointDraftSchema, originalId: z.string().min(1).max(32).optional() }),
  z.object({ type: z.literal('removeEndpoint'), id: z.string().min(1).max(32) }),
  z.object({ type: z.literal('testEndpoint'), id: z.string().min(1).max(32) }),
  /** Runs "OpenRouter: Set Endpoint Key" for this endpoint: the key is typed in VS Code, never here. */
  z.object({ type: z.literal('setEndpointKey'), id: z.string().min(1).max(32) }),
]));

export type FreeModelEntry = z.infer<typeof freeModelSchema>;
export type CatalogStatus = z.infer<typeof catalogStatusSchema>;
export type SettingsState = z.infer<typeof settingsStateSchema>;
export type ConnectionStep = z.infer<typeof connectionStepSchema>;
export type Section = z.infer<typeof sectionSchema>;
export type Operation = z.infer<typeof operationSchema>;
export type HostMessage = z.infer<typeof hostMessageSchema>;
export type PageMessage = z.infer<typeof pageMessageSchema>;
export type ConnectionTestMessage = Extract<HostMessage, { type: 'connectionTest' }>;
export type EndpointEntry = z.infer<typeof endpointEntrySchema>;
export type EndpointDraft = z.infer<typeof endpointDraftSchema>;

/** Why a message was dropped, in words fit for the log (never the raw payload: it may be large). */
export type DropReport = (reason: string) => void;

export function parsePageMessage(raw: unknown, report?: DropReport): PageMessage | undefined {
  return parseWith(pageMessageSchema, raw, 'page', report);
}

export function parseHostMessage(raw: unknown, report?: DropReport): HostMessage | undefined {
  return parseWith(hostMessageSchema, raw, 'host', report);
}

function parseWith<T>(schema: z.ZodType<T>, raw: unknown, from: string, report?: DropReport): T | undefined {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const type = typeof raw === 'object' && raw !== null && 'type' in raw ? String((raw as { type: unknown }).type).slice(0, 40) : typeof raw;
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ` : '') + i.message)
    .join('; ');
  report?.(`Dropped a malformed message from the ${from} (type ${type}): ${issues}`);
  return undefined;
}
