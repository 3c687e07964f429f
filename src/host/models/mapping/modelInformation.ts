// What VS Code's model picker shows for our vendor: the router as "OpenRouter Auto" plus the
// enabled models with their real limits and capabilities (live `context_length`,
// `top_provider.max_completion_tokens`, `supported_parameters` and `input_modalities`, or the
// built-in entry). Plain data, so it is testable without `vscode`.
import type { CatalogModel } from '../../../core/catalog/types';
import { reservedOutput } from '../../../core/router/fit';
import { AUTO_MODEL_ID } from './vendor';

export interface ModelInformation {
  id: string;
  name: string;
  family: string;
  version: string;
  tooltip?: string;
  detail?: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  capabilities: { toolCalling?: boolean; imageInput?: boolean };
}

/** Used when a model does not state its context (the built-in entries always do). */
const FALLBACK_CONTEXT = 32_768;

function outputLimit(model: CatalogModel): number {
  const context = model.contextLength || FALLBACK_CONTEXT;
  return Math.max(1, Math.min(model.maxCompletionTokens ?? Math.floor(context / 4), context));
}

/** The window minus the output the router reserves in it: what VS Code may fill before it summarizes. */
function inputLimit(model: CatalogModel): number {
  const context = model.contextLength || FALLBACK_CONTEXT;
  return Math.max(1, context - reservedOutput(context));
}

/**
 * `unknownCapabilities`: said of a model whose list states no capabilities (an endpoint's): it claims
 * neither tools nor images, since the picker would then offer it for requests it may not take; the
 * router still tries it for tools when no enabled model is known to have them.
 */
export function describeModels(
  enabled: readonly CatalogModel[],
  labels: { auto: string; autoDetail: string; free: string; unknownCapabilities?: string; billed?: string },
  /** A "free" model whose answers reported a cost: the router treats it as paid, and so says its detail. */
  isBilled: (id: string) => boolean = () => false,
): ModelInformation[] {
  const models = enabled.filter((m) => !m.isRouter);
  // Auto routes each request to an enabled model whose window holds it (the router passes over the
  // others), so its limits are the largest enabled ones: VS Code summarizes a conversation when it
  // outgrows every model, not the smallest. Tools and images likewise: the router sends such
  // requests only to models that have them.
  const auto: ModelInformation = {
    id: AUTO_MODEL_ID,
    name: labels.auto,
    family: AUTO_MODEL_ID,
    version: '1',
    detail: labels.autoDetail,
    tooltip: models.map((m) => m.id).join('\n'),
    maxInputTokens: models.length ? Math.max(...models.map(inputLimit)) : FALLBACK_CONTEXT / 2,
    maxOutputTokens: models.length ? Math.max(...models.map(outputLimit)) : FALLBACK_CONTEXT / 4,
    capabilities: {
      toolCalling: models.some((m) => !m.capabilitiesUnknown && m.capabilities.toolCalling),
      imageInput: models.some((m) => !m.capabilitiesUnknown && m.capabilities.vision),
    },
  };
  return [
    auto,
    ...models.map((m) => ({
      id: m.id,
      name: m.name || m.id,
      // The participant reads the OpenRouter id from `family` (see pickedModel).
      family: m.id,
      version: '1',
      detail: [m.free ? (isBilled(m.id) ? (labels.billed ?? labels.free) : labels.free) : undefined, m.capabilitiesUnknown ? labels.unknownCapabilities : undefined].filter(Boolean).join(' · ') || undefined,
      tooltip: m.description || m.id,
      maxInputTokens: inputLimit(m),
      maxOutputTokens: outputLimit(m),
      capabilities: m.capabilitiesUnknown ? { toolCalling: false, imageInput: false } : { toolCalling: m.capabilities.toolCalling, imageInput: m.capabilities.vision },
    })),
  ];
}
