// What the rest of the product reads from the free model manager.

export interface ModelCapabilities {
  reasoning: boolean;
  /** Accepts image input. */
  vision: boolean;
  toolCalling: boolean;
}

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
}

/** Health and speed the router measured, fed back into recommendations. */
export interface ModelHealth {
  successRate?: number;
  ttftMedianMs?: number;
  tokensPerSecond?: number;
  coolingDown?: boolean;
}
