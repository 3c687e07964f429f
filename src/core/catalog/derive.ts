// Turns one validated /models entry into a CatalogModel: free status, router flag, capabilities,
// context length and use cases. Pure: the same entry always gives the same model.
import { providerOf } from './builtin';
import type { LiveModelEntry } from './liveSchema';
import type { CatalogModel, ModelCapabilities, UseCase } from './types';
import { FREE_ROUTER_ID, isFreeModelId } from '../shared/modelIds';
import { expiryDay } from './expiry';

/** Longest description kept: OpenRouter's run to a kilobyte, the picker and webview need a line or two. */
export const MAX_DESCRIPTION_CHARS = 280;

/**
 * Longest name kept. OpenRouter's run to about 60 characters ("Mistral: Devstral Small 2505 (free)");
 * a longer one is cut, not refused: the name is cosmetic (the id is what requests use, and an id
 * over 200 characters is refused), so a silly name must not cost the user a usable model.
 */
export const MAX_NAME_CHARS = 100;

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * True only for a price that is present and exactly zero ("0", "0.0", "0.000000").
 * A missing price is unknown, not free: guessing would let a paid model through.
 */
export function isZeroPrice(value: string | undefined): boolean {
  if (value === undefined) return false;
  const trimmed = value.trim();
  return DECIMAL.test(trimmed) && Number(trimmed) === 0;
}

/** Routers that pick another model server-side. */
export const KNOWN_ROUTER_IDS: ReadonlySet<string> = new Set(['openrouter/auto', FREE_ROUTER_ID]);

export function isKnownRouterId(id: string): boolean {
  return KNOWN_ROUTER_IDS.has(id);
}

/**
 * Not every `openrouter/*` id is a router: OpenRouter also publishes real (often free, "stealth")
 * models under its own name, e.g. `openrouter/cypher-alpha`. An `openrouter/*` entry is a router
 * when its id is a known router, its tokenizer is "Router", or its price is negative ("-1": decided
 * per request by the model it picks).
 */
export function isRouterEntry(entry: Pick<LiveModelEntry, 'id' | 'pricing' | 'architecture'>): boolean {
  if (!entry.id.startsWith('openrouter/')) return false;
  if (KNOWN_ROUTER_IDS.has(entry.id)) return true;
  if (entry.architecture?.tokenizer === 'Router') return true;
  const prompt = Number(entry.pricing?.prompt);
  return Number.isFinite(prompt) && prompt < 0;
}

/**
 * Free: a `:free` variant, or prompt and completion both priced zero with no per-request fee.
 * (A per-request fee alone would still cost money, so it disqualifies a zero-token-price model.)
 */
export function isFreeEntry(entry: Pick<LiveModelEntry, 'id' | 'pricing'>): boolean {
  if (isFreeModelId(entry.id)) return true;
  const p = entry.pricing;
  if (!p) return false;
  const noRequestFee = p.request === undefined || isZeroPrice(p.request);
  return isZeroPrice(p.prompt) && isZeroPrice(p.completion) && noRequestFee;
}

export function deriveCapabilities(entry: Pick<LiveModelEntry, 'supported_parameters' | 'architecture'>): ModelCapabilities {
  const params = entry.supported_parameters ?? [];
  const inputs = entry.architecture?.input_modalities ?? [];
  return {
    reasoning: params.includes('reasoning') || params.includes('include_reasoning'),
    vision: inputs.includes('image'),
    toolCalling: params.includes('tools'),
  };
}

const CODING_NAME = /coder|devstral|codestral|starcoder|codegen|codellama|\bcode\b/;
const REASONING_NAME = /\br1\b|qwq|reasoner|thinking/;
const CHAT_NAME = /chat|instruct|-it\b|dolphin|hermes|roleplay/;
function nameText(m: Pick<CatalogModel, 'id' | 'name'>): string {
  return `${m.id} ${m.name}`.toLowerCase();
}

/** Named as a code model (coder, devstral, codestral, ...). */
export function isCodingSpecialist(m: Pick<CatalogModel, 'id' | 'name'>): boolean {
  return CODING_NAME.test(nameText(m));
}

/** Named as a dedicated reasoner (r1, qwq, reasoner, thinking). */
export function isReasoningSpecialist(m: Pick<CatalogModel, 'id' | 'name'>): boolean {
  return REASONING_NAME.test(nameText(m));
}

/** Agentic coding needs tools and room for files: below this a tool-capable model is not a coder. */
export const CODING_MIN_CONTEXT = 65_536;

/**
 * Use cases from capabilities and name, by a fixed rule:
 * - general: every model;
 * - reasoning: the model reasons (supports `reasoning`), or its name says so (r1, qwq, thinking);
 * - coding: a code model by name (coder, devstral, codestral, ...), or tool calling with at least
 *   64K context (what agentic coding needs);
 * - chat: named for chat or instructions (chat, instruct, -it, dolphin, hermes), or any model that is
 *   not a coding or reasoning specialist by name (specialists are slow or terse in conversation).
 */
export function deriveUseCases(id: string, name: string, caps: ModelCapabilities, contextLength: number): UseCase[] {
  const text = nameText({ id, name });
  const codingByName = CODING_NAME.test(text);
  const reasoningByName = REASONING_NAME.test(text);
  const useCases: UseCase[] = ['general'];
  if (caps.reasoning || reasoningByName) useCases.push('reasoning');
  if (codingByName || (caps.toolCalling && contextLength >= CODING_MIN_CONTEXT)) useCases.push('coding');
  if (CHAT_NAME.test(text) || (!codingByName && !reasoningByName)) useCases.push('chat');
  return useCases;
}

export function contextLengthOf(entry: Pick<LiveModelEntry, 'context_length' | 'top_provider'>): number {
  return entry.context_length || entry.top_provider?.context_length || 0;
}

export function shortDescription(text: string | undefined): string {
  const raw = text ?? '';
  // Only the head is ever shown: normalizing whole kilobyte descriptions was most of a refresh's cost.
  const head = raw.length > MAX_DESCRIPTION_CHARS + 64 ? raw.slice(0, MAX_DESCRIPTION_CHARS + 64) : raw;
  const clean = head.replace(/\s+/g, ' ').trim();
  if (clean.length <= MAX_DESCRIPTION_CHARS && head.length === raw.length) return clean;
  const cut = clean.slice(0, MAX_DESCRIPTION_CHARS - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > MAX_DESCRIPTION_CHARS / 2 ? cut.slice(0, space) : cut}…`;
}

/** One line (control characters and line breaks become spaces), at most MAX_NAME_CHARS long. */
function displayName(raw: string | undefined): string {
  if (!raw) return '';
  const head = raw.length > MAX_NAME_CHARS * 4 ? raw.slice(0, MAX_NAME_CHARS * 4) : raw;
  // eslint-disable-next-line no-control-regex
  const clean = head.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  if (!clean) return '';
  return clean.length <= MAX_NAME_CHARS && head.length === raw.length ? clean : `${clean.slice(0, MAX_NAME_CHARS - 1).trimEnd()}…`;
}

/** `fallbackDescription`: the built-in text for seed ids whose live entry has none. */
export function deriveModel(entry: LiveModelEntry, fallbackDescription?: string): CatalogModel {
  const capabilities = deriveCapabilities(entry);
  const contextLength = contextLengthOf(entry);
  const name = displayName(entry.name) || entry.id;
  const isRouter = isRouterEntry(entry);
  const model: CatalogModel = {
    id: entry.id,
    name,
    provider: providerOf(entry.id),
    contextLength,
    capabilities,
    // Routers get no use cases, so they are never recommended: the router cannot measure or pin them.
    useCases: isRouter ? [] : deriveUseCases(entry.id, name, capabilities, contextLength),
    description: shortDescription(entry.description) || fallbackDescription || '',
    free: isFreeEntry(entry),
    isRouter,
    source: 'live',
  };
  const maxCompletion = entry.top_provider?.max_completion_tokens;
  if (maxCompletion) model.maxCompletionTokens = maxCompletion;
  const expiresOn = expiryDay(entry.expiration_date);
  if (expiresOn) model.expiresOn = expiresOn;
  return model;
}
