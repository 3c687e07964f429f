// Design rule: both modes yield the same normalized parts for the same wire input, so the router,
// the chat UI and the statistics never need to know which mode produced a stream.
import assert from 'node:assert/strict';
import { OpenRouterDouble, type DoubleBehavior } from '../fixtures/double';
import { createProvider } from '../../src/core/providers';
import { PROVIDER_MODES, type ChatRequest, type StreamPart } from '../../src/core/providers/types';

const KEY = 'sk-or-v1-parity';
const SEARCH = [{ name: 'search', parameters: { type: 'object', properties: { q: { type: 'string' } } } }];

/** Errors compared by what consumers read, not by object identity. */
function normalized(parts: StreamPart[]): unknown[] {
  return parts.map((p) =>
    p.type === 'error'
      ? {
          type: 'error',
          kind: p.error.kind,
          retryable: p.error.retryable,
          status: p.error.status,
          model: p.error.model,
          retryAfterMs: p.error.retryAfterMs,
          rateLimit: p.error.rateLimit,
        }
      : p,
  );
}

const SCENARIOS: { name: string; behavior: DoubleBehavior; request?: Partial<ChatRequest> }[] = [
  { name: 'plain answer', behavior: { kind: 'stream', text: ['One', ', two', ', three.'], usage: { prompt: 4, completion: 3, cost: 0 } } },
  {
    name: 'reasoning then answer, routed to another model',
    behavior: {
      kind: 'stream',
      reasoning: ['Think', 'ing'],
      text: ['Done.'],
      answeredModel: 'qwen/qwen3-235b-a22b:free',
      usage: { prompt: 10, completion: 30, reasoning: 25, cost: 0.00002 },
      comments: true,
    },
  },
  {
    name: 'tool calls',
    behavior: { kind: 'stream', toolCalls: [{ name: 'search', arguments: '{"q":"vscode chat api"}' }] },
    request: { options: { tools: [{ name: 'search', parameters: { type: 'object', properties: { q: { type: 'string' } } } }] } },
  },
  {
    name: 'text, then two tool calls',
    behavior: {
      kind: 'stream',
      text: ['Let me look.'],
      toolCalls: [
        { name: 'search', arguments: '{"q":"a"}' },
        { name: 'search', arguments: '{"q":"b"}' },
      ],
      usage: { prompt: 7, completion: 9 },
    },
    request: { options: { tools: [{ name: 'search', parameters: { type: 'object', properties: { q: { type: 'string' } } } }] } },
  },
  {
    name: 'parallel tool calls after reasoning, with encrypted reasoning_details',
    behavior: {
      kind: 'stream',
      reasoning: ['Two ', 'lookups.'],
      reasoningDetails: [{ type: 'reasoning.encrypted', data: 'opaque==', format: 'openai-responses-v1', index: 1 }],
      toolCalls: [
        { name: 'search', arguments: '{"q":"a"}' },
        { name: 'search', arguments: '{"q":"b"}' },
        { name: 'search', arguments: '{"q":"c"}' },
      ],
      usage: { prompt: 7, completion: 9, reasoning: 4 },
    },
    request: { options: { tools: SEARCH } },
  },
  {
    name: 'a malformed tool call between two good ones',
    behavior: {
      kind: 'stream',
      toolCalls: [
        { name: 'search', arguments: '{"q":"a"}' },
        { name: 'search', arguments: '{"q":' },
        { name: 'search', arguments: '{"q":"c"}' },
      ],
    },
    request: { options: { tools: SEARCH } },
  },
  {
    name: 'a malformed last tool call with finish "stop"',
    behavior: { kind: 'stream', toolCalls: [{ name: 'search', arguments: '{"q":"a"' }], finishReason: 'stop' },
    request: { options: { tools: SEARCH } },
  },
  {
    name: 'calls sent whole in one chunk each, the first malformed, finish "stop"',
    behavior: {
      kind: 'stream',
      toolCalls: [
        { name: 'search', arguments: '{"q":', oneChunk: true },
        { name: 'search', arguments: '{"q":"b"}', oneChunk: true },
      ],
      finishReason: 'stop',
    },
    request: { options: { tools: SEARCH } },
  },
  {
    name: 'a malformed call sent whole in one chunk, finish "tool_calls"',
    behavior: { kind: 'stream', toolCalls: [{ name: 'search', arguments: '{"q":', oneChunk: true }] },
    request: { options: { tools: SEARCH } },
  },
  {
    // `ai` 7 checks tool_choice itself and reports an error after the answer; the wire answered, so
    // both modes deliver the text and the model's finish reason.
    name: 'tool choice "required", the model answers with text only',
    behavior: { kind: 'stream', text: ['No ', 'tools.'], usage: { prompt: 5, completion: 2 } },
    request: { options: { tools: SEARCH, toolChoice: 'required' } },
  },
  { name: 'truncated by max tokens', behavior: { kind: 'stream', text: ['Trunc'], finishReason: 'length' } },
  { name: 'rate limited', behavior: { kind: 'http-error', status: 429, retryAfter: '11', rateLimit: { limit: 20, remaining: 0, reset: 1_900_000_000_000 } } },
  { name: 'model gone', behavior: { kind: 'http-error', status: 404 } },
  { name: 'error event after text', behavior: { kind: 'error-after-text', text: ['a', 'b'], error: { code: 502, message: 'upstream died' } } },
  { name: 'dropped connection', behavior: { kind: 'drop-after-text', text: ['a'] } },
  { name: 'stream cut without a finish reason', behavior: { kind: 'end-without-finish', text: ['a'] } },
  { name: 'malformed stream', behavior: { kind: 'malformed', text: ['a'] } },
];

describe('provider parity', () => {
  let double: OpenRouterDouble;
  before(async () => {
    double = await OpenRouterDouble.start();
  });
  afterEach(() => double.reset());
  after(() => double.close());

  for (const s of SCENARIOS) {
    it(`same parts in both modes: ${s.name}`, async () => {
      const results: unknown[][] = [];
      for (const mode of PROVIDER_MODES) {
        double.script('m/parity', s.behavior);
        const provider = createProvider(mode, { apiKey: KEY, baseUrl: double.baseUrl, appUrl: 'https://x', appTitle: 'T' });
        const parts: StreamPart[] = [];
        for await (const p of provider.stream({ model: 'm/parity', messages: [{ role: 'user', content: 'go' }], ...s.request })) {
          parts.push(p);
        }
        results.push(normalized(parts));
      }
      assert.ok(results[0].length > 0);
      assert.deepEqual(results[1], results[0]);
    });
  }
});
