// The body of POST /v1/chat/completions as OpenAI documents it. Unknown top-level fields are refused
// (as OpenAI refuses them) so a typo is named instead of silently ignored. Sampling fields pass
// through (top_p, seed, stop, the penalties); the rest OpenAI defines that the router has no use for
// (logprobs, logit_bias, response_format, user, ...) are accepted and ignored, as the README says.
import * as z from 'zod';
import { lazy } from '../lazy';
import { PROVIDER_SORTS, SESSION_ID_MAX_LENGTH } from '../providers/providerPreferences';

// Built in one piece on first use: nested lazy stand-ins would put a proxy on every step of a parse.
export const chatCompletionRequestSchema = lazy(() => {
  const textPart = z.strictObject({ type: z.literal('text'), text: z.string() });
  const imagePart = z.strictObject({
    type: z.literal('image_url'),
    image_url: z.strictObject({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }),
  });
  const textContent = z.union([z.string(), z.array(textPart)]);

  const toolCall = z.strictObject({
    id: z.string().min(1),
    type: z.literal('function'),
    function: z.strictObject({ name: z.string().min(1), arguments: z.string() }),
    index: z.number().int().optional(),
  });

  const message = z.discriminatedUnion('role', [
    z.strictObject({ role: z.enum(['system', 'developer']), content: textContent, name: z.string().optional() }),
    z.strictObject({ role: z.literal('user'), content: z.union([z.string(), z.array(z.union([textPart, imagePart]))]), name: z.string().optional() }),
    z.strictObject({
      role: z.literal('assistant'),
      content: z.union([textContent, z.null()]).optional(),
      name: z.string().optional(),
      refusal: z.string().nullable().optional(),
      tool_calls: z.array(toolCall).optional(),
      reasoning: z.string().nullable().optional(),
      reasoning_content: z.string().nullable().optional(),
      reasoning_details: z.array(z.unknown()).optional(),
    }),
    z.strictObject({ role: z.literal('tool'), content: textContent, tool_call_id: z.string().min(1) }),
  ]);

  const tool = z.strictObject({
    type: z.literal('function'),
    function: z.strictObject({
      name: z.string().min(1).max(64),
      description: z.string().optional(),
      parameters: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullable().optional(),
    }),
  });

  const toolChoice = z.union([
    z.enum(['auto', 'none', 'required']),
    z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: z.string().min(1) }) }),
  ]);

  const reasoning = z.strictObject({
    effort: z.enum(['minimal', 'low', 'medium', 'high']).optional(),
    max_tokens: z.number().int().positive().optional(),
    exclude: z.boolean().optional(),
    enabled: z.boolean().optional(),
  });

  // OpenRouter's provider routing: merged under the user's own preferences (see providerPreferences.ts).
  const providerSort = z.enum(PROVIDER_SORTS);
  const providerNames = z.array(z.string().min(1).max(100)).max(50);
  const provider = z.strictObject({
    sort: z.union([providerSort, z.strictObject({ by: providerSort, partition: z.enum(['model', 'none']).optional() })]).optional(),
    data_collection: z.enum(['allow', 'deny']).optional(),
    zdr: z.boolean().optional(),
    only: providerNames.optional(),
    ignore: providerNames.optional(),
    order: providerNames.optional(),
    allow_fallbacks: z.boolean().optional(),
    // Set by the router itself whenever tools are sent.
    require_parameters: z.boolean().optional(),
  });

  return z.strictObject({
    model: z.string().min(1),
    messages: z.array(message).min(1),
    stream: z.boolean().nullable().optional(),
    stream_options: z.strictObject({ include_usage: z.boolean().optional(), include_obfuscation: z.boolean().optional() }).nullable().optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    max_tokens: z.number().int().positive().nullable().optional(),
    max_completion_tokens: z.number().int().positive().nullable().optional(),
    tools: z.array(tool).optional(),
    tool_choice: toolChoice.optional(),
    parallel_tool_calls: z.boolean().optional(),
    reasoning: reasoning.optional(),
    reasoning_effort: z.enum(['minimal', 'low', 'medium', 'high']).nullable().optional(),
    provider: provider.optional(),
    session_id: z.string().min(1).max(SESSION_ID_MAX_LENGTH).optional(),
    n: z.literal(1).nullable().optional(),
    top_p: z.number().min(0).max(1).nullable().optional(),
    frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
    presence_penalty: z.number().min(-2).max(2).nullable().optional(),
    seed: z.number().int().nullable().optional(),
    stop: z.union([z.string(), z.array(z.string())]).nullable().optional(),
    // Accepted and not forwarded: the router's providers do not take them.
    user: z.string().optional(),
    logprobs: z.boolean().nullable().optional(),
    top_logprobs: z.number().int().nullable().optional(),
    logit_bias: z.record(z.string(), z.number()).nullable().optional(),
    response_format: z.object({ type: z.string() }).loose().optional(),
    metadata: z.record(z.string(), z.string()).nullable().optional(),
    store: z.boolean().nullable().optional(),
    service_tier: z.string().nullable().optional(),
  });
});

export type ChatCompletionRequest = z.output<typeof chatCompletionRequestSchema>;

/** `messages[0].content` from zod's path, the way a user finds the field in their JSON. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(body)';
}

/** The first problem, naming its field; an unknown field is named as the field itself. */
export function firstIssue(error: z.ZodError): { param: string; message: string } {
  const issue = error.issues[0];
  if (!issue) return { param: '(body)', message: 'invalid' };
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return { param: fieldPath([...issue.path, key]), message: 'unknown field' };
  }
  return { param: fieldPath(issue.path), message: issue.message };
}
