// The seed's free models: the fallback when neither a live list nor a disk cache is available.
// Adding a model is one entry in BUILTIN_ENTRIES.
import type { CatalogModel, ModelCapabilities, UseCase } from './types';

interface BuiltinEntry {
  id: string;
  name: string;
  contextLength: number;
  capabilities: ModelCapabilities;
  useCases: UseCase[];
  description: string;
}

const BUILTIN_ENTRIES: readonly BuiltinEntry[] = [
  {
    id: 'deepseek/deepseek-r1:free',
    name: 'DeepSeek: R1 (free)',
    contextLength: 163_840,
    capabilities: { reasoning: true, vision: false, toolCalling: false },
    useCases: ['general', 'reasoning', 'coding'],
    description: 'Open reasoning model with visible chains of thought; strong at maths, logic and code.',
  },
  {
    id: 'deepseek/deepseek-r1-0528:free',
    name: 'DeepSeek: R1 0528 (free)',
    contextLength: 163_840,
    capabilities: { reasoning: true, vision: false, toolCalling: false },
    useCases: ['general', 'reasoning', 'coding'],
    description: 'The May 2025 update of DeepSeek R1: deeper reasoning and fewer hallucinations.',
  },
  {
    id: 'qwen/qwen3-8b:free',
    name: 'Qwen: Qwen3 8B (free)',
    contextLength: 40_960,
    capabilities: { reasoning: true, vision: false, toolCalling: true },
    useCases: ['general', 'reasoning', 'chat'],
    description: 'Small dense Qwen3 model (8B) that switches between thinking and fast answers; quick for chat.',
  },
  {
    id: 'qwen/qwen3-30b-a3b:free',
    name: 'Qwen: Qwen3 30B A3B (free)',
    contextLength: 40_960,
    capabilities: { reasoning: true, vision: false, toolCalling: true },
    useCases: ['general', 'reasoning', 'chat'],
    description: 'Qwen3 mixture-of-experts model (30B total, 3B active): fast, with an optional thinking mode.',
  },
  {
    id: 'qwen/qwen3-235b-a22b:free',
    name: 'Qwen: Qwen3 235B A22B (free)',
    contextLength: 131_072,
    capabilities: { reasoning: true, vision: false, toolCalling: true },
    useCases: ['general', 'reasoning', 'coding', 'chat'],
    description: 'The largest Qwen3 mixture-of-experts model (235B total, 22B active); strong all-rounder.',
  },
  {
    id: 'qwen/qwq-32b:free',
    name: 'Qwen: QwQ 32B (free)',
    contextLength: 32_768,
    capabilities: { reasoning: true, vision: false, toolCalling: false },
    useCases: ['reasoning'],
    description: 'Qwen reasoning model tuned for hard maths and logic problems; thinks before it answers.',
  },
  {
    id: 'cognitivecomputations/dolphin3.0-mistral-24b:free',
    name: 'Dolphin3.0 Mistral 24B (free)',
    contextLength: 32_768,
    capabilities: { reasoning: false, vision: false, toolCalling: false },
    useCases: ['general', 'chat'],
    description: 'General-purpose instruction model on Mistral Small 24B, tuned to follow the system prompt.',
  },
  {
    id: 'mistralai/devstral-small-2505:free',
    name: 'Mistral: Devstral Small 2505 (free)',
    contextLength: 32_768,
    capabilities: { reasoning: false, vision: false, toolCalling: true },
    useCases: ['general', 'coding'],
    description: 'Mistral and All Hands coding model (24B) built for agentic software engineering.',
  },
  {
    id: 'google/gemma-3n-e4b-it:free',
    name: 'Google: Gemma 3n 4B (free)',
    contextLength: 8_192,
    capabilities: { reasoning: false, vision: true, toolCalling: false },
    useCases: ['general', 'chat'],
    description: 'Compact multimodal Gemma 3n model for text and image input, built for low-resource devices.',
  },
];

export function providerOf(id: string): string {
  const slash = id.indexOf('/');
  return slash > 0 ? id.slice(0, slash) : id;
}

/** Fresh copies each call, so callers may not mutate a shared catalog by accident. */
export function builtinModels(): CatalogModel[] {
  return BUILTIN_ENTRIES.map((e) => ({
    id: e.id,
    name: e.name,
    provider: providerOf(e.id),
    contextLength: e.contextLength,
    capabilities: { ...e.capabilities },
    useCases: [...e.useCases],
    description: e.description,
    free: true,
    isRouter: false,
    source: 'builtin',
  }));
}

export const BUILTIN_MODEL_IDS: readonly string[] = BUILTIN_ENTRIES.map((e) => e.id);
