// What the rest of the product reads from the free model manager.
import type { MessageLocale } from '../shared/errorKinds';

export interface ModelCapabilities {
  reasoning: boolean;
  /** Accepts image input. */
  vision: boolean;
  toolCalling: boolean;
}

/** Every capability, in the order lists and filters show them. */
export const MODEL_CAPABILITIES = ['reasoning', 'vision', 'toolCalling'] as const satisfies readonly (keyof ModelCapabilities)[];

/** What a request may need beyond plain text; each maps to one capability (see FEATURE_CAPABILITY). */
export type RequestFeature = 'tools' | 'image';

/** The capability a model needs for each request feature. */
export const FEATURE_CAPABILITY: Record<RequestFeature, keyof ModelCapabilities> = { tools: 'toolCalling', image: 'vision' };

export type UseCase = 'general' | 'reasoning' | 'coding' | 'chat';
export const USE_CASES: readonly UseCase[] = ['general', 'reasoning', 'coding', 'chat'];

export interface CatalogModel {
  id: string;
  name: string;
  /** The vendor part of the id, e.g. `qwen`. */
  provider: string;
  contextLength: number;
  maxCompletionTokens?: number;
  capabilities: ModelCapabilities;
  useCases: UseCase[];
  description: string;
  free: boolean;
  /** Router ids such as `openrouter/auto` and `openrouter/free`. */
  isRouter: boolean;
  /** Where this entry came from. */
  source: 'builtin' | 'live';
  /** Set when the model was in an earlier live list and is missing from the latest one. */
  goneSince?: number;
  /** Set for a model of another OpenAI-compatible endpoint (id `@<endpoint>/<model>`). */
  endpoint?: { id: string; label: string };
  /** The list did not say what the model can do (an endpoint's GET /models): `capabilities` are guesses, not facts. */
  capabilitiesUnknown?: boolean;
  /** The last day (UTC, "YYYY-MM-DD") OpenRouter promises the model: its `expiration_date` (see expiry.ts). */
  expiresOn?: string;
}

/** Health and speed the router measured, fed back into recommendations. */
export interface ModelHealth {
  successRate?: number;
  ttftMedianMs?: number;
  tokensPerSecond?: number;
  coolingDown?: boolean;
}

// ---- Added by the catalog implementation (issue 3): the shapes FreeModelCatalog returns. ----

export type CatalogSource = 'live' | 'cache' | 'builtin';

export interface CatalogFilter {
  capability?: keyof ModelCapabilities;
  /** Vendor part of the id, compared case-insensitively. */
  provider?: string;
  minContext?: number;
  /** Case-insensitive substring of the id, name or description. */
  text?: string;
  useCase?: UseCase;
  /** Gone models are left out unless asked for. */
  includeGone?: boolean;
  /** Router ids (`openrouter/*`) are left out unless asked for. */
  includeRouters?: boolean;
  freeOnly?: boolean;
}

/** One term of the ranking rule that applied to a model: structured, so a UI can translate it. */
export type RecommendationReason =
  | { kind: 'specialist'; useCase: 'coding' | 'reasoning' }
  | { kind: 'capability'; capability: keyof ModelCapabilities }
  | { kind: 'context'; tokens: number }
  | { kind: 'contextUnknown' }
  | { kind: 'successRate'; rate: number }
  | { kind: 'ttft'; ms: number }
  | { kind: 'speed'; tokensPerSecond: number }
  | { kind: 'coolingDown' };

export interface Recommendation {
  model: CatalogModel;
  score: number;
  /** The ranking rule's terms for this model, in RecommendOptions.locale ("reasons; tool calling; 164K context"). */
  why: string;
  /** The same terms, structured, in the order of `why`. */
  reasons: RecommendationReason[];
}

export interface RecommendOptions {
  limit?: number;
  health?: (id: string) => ModelHealth | undefined;
  /** Default true: recommend free models only. */
  freeOnly?: boolean;
  /** The language of `why` (default English). */
  locale?: MessageLocale;
}

export interface RefreshResult {
  ok: boolean;
  /** Models in the catalog after the refresh (not gone, routers excluded). */
  count: number;
  /** Entries of the live answer that did not validate. */
  skipped: number;
  /** What went wrong, in words a user understands; the previous list is kept. */
  error?: string;
  /** Ids that this refresh marked gone. */
  gone: string[];
  /** Ids that this refresh added (new or back from gone). */
  added: string[];
  /** False when a non-forced refresh found the data fresh and did not ask the server. */
  fetched: boolean;
}

export interface ResolvedModels {
  models: CatalogModel[];
  /** Enabled ids that vanished from the live list: the user should be told. */
  gone: string[];
  /** Enabled ids the catalog has never seen. */
  unknown: string[];
  /** Enabled paid ids dropped because only free models are allowed. */
  paidRemoved: string[];
  /** True when `models` are the recommended defaults (nothing enabled, or nothing enabled is usable). */
  defaulted: boolean;
}

export interface CatalogStats {
  /** Usable models (not gone, routers excluded). */
  total: number;
  free: number;
  routers: number;
  /** Counts over the usable free models. */
  byCapability: Record<keyof ModelCapabilities, number>;
  byProvider: Record<string, number>;
  gone: number;
  source: CatalogSource;
  fetchedAt?: number;
  ageMs?: number;
  stale: boolean;
  refreshing: boolean;
  lastError?: string;
  skippedEntries: number;
}

export interface CatalogChangeEvent {
  gone: string[];
  added: string[];
  source: CatalogSource;
}
