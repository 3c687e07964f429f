// The shape of OpenRouter's `GET /models` answer, validated one entry at a time so one broken
// entry costs that entry only. Unknown fields are tolerated (OpenRouter adds fields often).
import * as z from 'zod';
import { lazy } from '../lazy';

/**
 * A price in USD per token. OpenRouter always sends decimal strings ("0", "0.0000003"; "-1" for
 * routers whose price depends on the model picked); any other type means a broken entry.
 */
const price = lazy(() => z.string().optional());

/**
 * Fields the catalog derives free status, capabilities or context from must have the right type,
 * or the entry is skipped: guessing would put a paid model in the free list. Cosmetic fields
 * (`name`, `description`) fall back to undefined instead.
 */
export const liveModelSchema = lazy(() => z.looseObject({
  id: z
    .string()
    .trim()
    .min(3)
    .max(200)
    .regex(/^[^\s/]+\/\S+$/, 'must look like vendor/model'),
  name: z.string().optional().catch(undefined),
  description: z.string().optional().catch(undefined),
  context_length: z.number().int().nonnegative().nullish(),
  pricing: z
    .looseObject({ prompt: price, completion: price, request: price })
    .nullish(),
  architecture: z
    .looseObject({ input_modalities: z.array(z.string()).nullish(), tokenizer: z.string().optional().catch(undefined) })
    .nullish(),
  top_provider: z
    .looseObject({
      context_length: z.number().int().nonnegative().nullish(),
      max_completion_tokens: z.number().int().nonnegative().nullish(),
    })
    .nullish(),
  supported_parameters: z.array(z.string()).nullish(),
  /** The day after which the model may be removed (a free variant about to end): "YYYY-MM-DD", or null. */
  expiration_date: z.string().nullish().catch(undefined),
}));

export type LiveModelEntry = z.output<typeof liveModelSchema>;

export interface ParsedModelsPayload {
  entries: LiveModelEntry[];
  /** Entries that failed validation, with the first reason for each (for the log). */
  skipped: { index: number; id?: string; reason: string }[];
}

/** Thrown for an answer that is not a model list at all; the caller keeps its previous list. */
export class MalformedModelsPayloadError extends Error {
  /** What was wrong, in a few technical words ('no "data" field'). */
  constructor(readonly detail: string) {
    super(`OpenRouter's model list was not in the expected format (${detail}).`);
    this.name = 'MalformedModelsPayloadError';
  }
}

export function parseModelsPayload(payload: unknown): ParsedModelsPayload {
  if (typeof payload !== 'object' || payload === null || !('data' in payload)) {
    throw new MalformedModelsPayloadError('no "data" field');
  }
  const data = (payload as { data: unknown }).data;
  if (!Array.isArray(data)) throw new MalformedModelsPayloadError('"data" is not a list');

  const entries: LiveModelEntry[] = [];
  const skipped: ParsedModelsPayload['skipped'] = [];
  const seen = new Set<string>();
  for (let index = 0; index < data.length; index++) {
    const raw: unknown = data[index];
    const parsed = liveModelSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      skipped.push({
        index,
        id: idOf(raw),
        reason: issue ? `${issue.path.join('.') || 'entry'}: ${issue.message}` : 'invalid entry',
      });
      continue;
    }
    // A duplicated id would make the list ambiguous; the first occurrence wins.
    if (seen.has(parsed.data.id)) {
      skipped.push({ index, id: parsed.data.id, reason: 'duplicate id' });
      continue;
    }
    seen.add(parsed.data.id);
    entries.push(parsed.data);
  }
  return { entries, skipped };
}

function idOf(raw: unknown): string | undefined {
  if (typeof raw === 'object' && raw !== null && 'id' in raw) {
    const id = (raw as { id: unknown }).id;
    if (typeof id === 'string') return id.slice(0, 200);
  }
  return undefined;
}
