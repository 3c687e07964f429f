// Both provider modes against the local OpenRouter double over real HTTP: streaming, request shape,
// headers, server-side fallback and cancellation. Error cases live in providers.errors.test.ts.
import assert from 'node:assert/strict';
import { OpenRouterDouble } from '../fixtures/double';
import { createProvider } from '../../src/core/providers';
import {
  PROVIDER_MODES,
  type ChatProvider,
  type ChatRequest,
  type ProviderMode,
  type ProviderSettings,
  type StreamPart,
} from '../../src/core/providers/types';

const KEY = 'sk-or-v1-0123456789abcdef';

async function collect(provider: ChatProvider, request: ChatRequest): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of provider.stream(request)) parts.push(part);
  return parts;
}

function textOf(parts: StreamPart[]): string {
  return parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

const USER = [{ role: 'user' as const, content: 'Say hello.' }];

for (const mode of PROVIDER_MODES) {
  describe(`provider ${mode} against the double`, () => {
    let double: OpenRouterDouble;
    let provider: ChatProvider;
    let settings: ProviderSettings;

    before(async () => {
      double = await OpenRouterDouble.start();
      settings = { apiKey: KEY, baseUrl: double.baseUrl, appUrl: 'https://example.test/app', appTitle: 'OpenRouter Dual Test' };
      provider = createProvider(mode as ProviderMode, settings);
    });
    afterEach(() => double.reset());
    after(() => double.close());

    it('reports its mode', () => {
      assert.equal(provider.mode, mode);
    });

    it('streams text parts in order, then usage and finish', async () => {
      const pieces = Array.from({ length: 60 }, (_, i) => `w${i} `);
      double.script('qwen/qwen3-8b:free', { kind: 'stream', text: pieces, usage: { prompt: 9, completion: 60 } });
      const parts = await collect(provider, { model: 'qwen/qwen3-8b:free', messages: USER });
      assert.deepEqual(
        parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text),
        pieces,
      );
      assert.deepEqual(parts.slice(-2), [
        { type: 'usage', usage: { promptTokens: 9, completionTokens: 60, reasoningTokens: 0, cost: 0 } },
        { type: 'finish', reason: 'stop', model: 'qwen/qwen3-8b:free' },
      ]);
    });

    it('streams the default answer when nothing is scripted', async () => {
      const parts = await collect(provider, { model: 'google/gemma-3n-e4b-it:free', messages: USER });
      assert.equal(textOf(parts), 'Hello from google/gemma-3n-e4b-it:free.');
    });

    it('keeps reasoning apart from the answer', async () => {
      double.script('deepseek/deepseek-r1:free', {
        kind: 'stream',
        reasoning: ['Let me think', ' about it.'],
        text: ['The answer', ' is 4.'],
        usage: { prompt: 5, completion: 20, reasoning: 12, cost: 0 },
      });
      const parts = await collect(provider, { model: 'deepseek/deepseek-r1:free', messages: USER });
      assert.deepEqual(
        parts.filter((p) => p.type === 'reasoning' || p.type === 'text'),
        [
          { type: 'reasoning', text: 'Let me think' },
          { type: 'reasoning', text: ' about it.' },
          { type: 'text', text: 'The answer' },
          { type: 'text', text: ' is 4.' },
        ],
      );
      const usage = parts.find((p) => p.type === 'usage');
      assert.deepEqual(usage, { type: 'usage', usage: { promptTokens: 5, completionTokens: 20, reasoningTokens: 12, cost: 0 } });
    });

    it('reports cost and the model that actually answered', async () => {
      double.script('openrouter/auto', {
        kind: 'stream',
        text: ['Routed.'],
        answeredModel: 'mistralai/devstral-small-2505',
        usage: { prompt: 100, completion: 3, cost: 0.000125 },
      });
      const parts = await collect(provider, { model: 'openrouter/auto', messages: USER });
      assert.deepEqual(parts.at(-1), { type: 'finish', reason: 'stop', model: 'mistralai/devstral-small-2505' });
      const usage = parts.find((p) => p.type === 'usage');
      assert.equal(usage?.type === 'usage' ? usage.usage.cost : undefined, 0.000125);
    });

    it('reports a length finish', async () => {
      double.script('m/long', { kind: 'stream', text: ['cut'], finishReason: 'length' });
      const parts = await collect(provider, { model: 'm/long', messages: USER, options: { maxTokens: 1 } });
      assert.deepEqual(parts.at(-1), { type: 'finish', reason: 'length', model: 'm/long' });
    });

    it('assembles streamed tool calls into whole calls', async () => {
      double.script('mistralai/devstral-small-2505:free', {
        kind: 'stream',
        text: ['Checking.'],
        toolCalls: [
          { name: 'read_file', arguments: '{"path":"src/extension.ts","lines":[1,20]}' },
          { name: 'list_dir', arguments: '{"path":"src"}' },
        ],
      });
      const parts = await collect(provider, {
        model: 'mistralai/devstral-small-2505:free',
        messages: USER,
        options: {
          tools: [
            { name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' } } } },
            { name: 'list_dir', parameters: { type: 'object', properties: { path: { type: 'string' } } } },
          ],
        },
      });
      const calls = parts.flatMap((p) => (p.type === 'tool-call' ? [p.call] : []));
      assert.deepEqual(calls, [
        { id: 'call_double_0', name: 'read_file', arguments: '{"path":"src/extension.ts","lines":[1,20]}' },
        { id: 'call_double_1', name: 'list_dir', arguments: '{"path":"src"}' },
      ]);
      assert.deepEqual(parts.at(-1), { type: 'finish', reason: 'tool-calls', model: 'mistralai/devstral-small-2505:free' });
      const body = double.chatRequests[0].body;
      assert.deepEqual(
        body.tools.map((t: { type: string; function: { name: string } }) => [t.type, t.function.name]),
        [
          ['function', 'read_file'],
          ['function', 'list_dir'],
        ],
      );
    });

    it('sends the key, the attribution headers and a streaming body with the whole history', async () => {
      await collect(provider, {
        model: 'qwen/qwen3-30b-a3b:free',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'What is 2+2?' },
          { role: 'assistant', content: '4' },
          { role: 'user', content: 'And 3+3?' },
        ],
        options: { temperature: 0.3, maxTokens: 256, reasoning: { effort: 'high' } },
      });
      assert.equal(double.chatRequests.length, 1);
      const r = double.chatRequests[0];
      assert.equal(r.method, 'POST');
      assert.equal(r.headers.authorization, `Bearer ${KEY}`);
      assert.equal(r.headers['http-referer'], 'https://example.test/app');
      assert.equal(r.headers['x-openrouter-title'], 'OpenRouter Dual Test');
      assert.equal(r.headers['x-title'], 'OpenRouter Dual Test');
      assert.equal(r.body.model, 'qwen/qwen3-30b-a3b:free');
      assert.equal(r.body.stream, true);
      // The official provider sends a system prompt as an array of text parts; both shapes are valid.
      const messages = r.body.messages.map((m: { role: string; content: string | { type: string; text: string }[] }) => ({
        role: m.role,
        content: typeof m.content === 'string' ? m.content : m.content.map((c) => c.text).join(''),
      }));
      assert.deepEqual(messages, [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What is 2+2?' },
        { role: 'assistant', content: '4' },
        { role: 'user', content: 'And 3+3?' },
      ]);
      assert.equal(r.body.temperature, 0.3);
      assert.equal(r.body.max_tokens, 256);
      assert.deepEqual(r.body.reasoning, { effort: 'high' });
      assert.equal(r.body.reasoning_effort, undefined, 'reasoning and reasoning_effort together are a 400');
      assert.equal(r.body.models, undefined);
    });

    it('sends earlier tool calls and their results back in the history', async () => {
      await collect(provider, {
        model: 'm/tools',
        messages: [
          { role: 'user', content: 'List src.' },
          { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'list_dir', arguments: '{"path":"src"}' }] },
          { role: 'tool', toolCallId: 'call_1', content: 'core host' },
        ],
        options: { tools: [{ name: 'list_dir', parameters: { type: 'object', properties: { path: { type: 'string' } } } }] },
      });
      const messages = double.chatRequests[0].body.messages;
      assert.equal(messages[1].role, 'assistant');
      assert.equal(messages[1].tool_calls[0].id, 'call_1');
      assert.equal(messages[1].tool_calls[0].function.name, 'list_dir');
      assert.deepEqual(JSON.parse(messages[1].tool_calls[0].function.arguments), { path: 'src' });
      assert.equal(messages[2].role, 'tool');
      assert.equal(messages[2].tool_call_id, 'call_1');
      assert.equal(messages[2].content, 'core host');
    });

    it('sends max_tokens for reasoning rather than effort when both are set', async () => {
      await collect(provider, {
        model: 'm/r',
        messages: USER,
        options: { reasoning: { effort: 'low', maxTokens: 2000, exclude: true } },
      });
      assert.deepEqual(double.chatRequests[0].body.reasoning, { max_tokens: 2000, exclude: true });
    });

    if (mode === 'openrouter_sdk') {
      it('sends the server-side `models` fallback and reports the model that answered', async () => {
        double.script('qwen/qwen3-8b:free', { kind: 'http-error', status: 503 });
        double.script('qwen/qwq-32b:free', { kind: 'stream', text: ['Fallback answer.'] });
        const parts = await collect(provider, {
          model: 'qwen/qwen3-8b:free',
          messages: USER,
          options: { fallbackModels: ['qwen/qwq-32b:free'] },
        });
        assert.deepEqual(double.chatRequests[0].body.models, ['qwen/qwq-32b:free']);
        assert.equal(textOf(parts), 'Fallback answer.');
        assert.deepEqual(parts.at(-1), { type: 'finish', reason: 'stop', model: 'qwen/qwq-32b:free' });
      });
    } else {
      it('does not send the `models` fallback (an OpenRouter-only feature of the official mode)', async () => {
        await collect(provider, { model: 'm/a', messages: USER, options: { fallbackModels: ['m/b'] } });
        assert.equal(double.chatRequests[0].body.models, undefined);
      });
    }

    it('closes the connection when a hanging stream is cancelled', async () => {
      double.script('m/hang', { kind: 'hang', text: ['partial'] });
      const ac = new AbortController();
      const parts: StreamPart[] = [];
      for await (const part of provider.stream({ model: 'm/hang', messages: USER, signal: ac.signal })) {
        parts.push(part);
        if (part.type === 'text') ac.abort();
      }
      assert.deepEqual(parts[0], { type: 'text', text: 'partial' });
      assert.equal(parts.length, 2);
      assert.equal(parts[1].type === 'error' && parts[1].error.kind, 'cancelled');
      assert.equal(parts[1].type === 'error' && parts[1].error.retryable, false);
      const closed = await double.waitForClientClose((r) => r.model === 'm/hang');
      assert.equal(closed.closedByClient, true);
    });

    it('closes the connection when cancelled while waiting for the first byte', async () => {
      double.script('m/slow', { kind: 'slow-first-byte', delayMs: 60_000 });
      const ac = new AbortController();
      const done = collect(provider, { model: 'm/slow', messages: USER, signal: ac.signal });
      await double.waitForRequests(1);
      ac.abort();
      const parts = await done;
      assert.equal(parts.length, 1);
      assert.equal(parts[0].type === 'error' && parts[0].error.kind, 'cancelled');
      await double.waitForClientClose((r) => r.model === 'm/slow');
    });

    it('closes the connection when the consumer stops reading', async () => {
      double.script('m/hang', { kind: 'hang', text: ['first'] });
      for await (const part of provider.stream({ model: 'm/hang', messages: USER })) {
        if (part.type === 'text') break;
      }
      await double.waitForClientClose((r) => r.model === 'm/hang');
    });

    it('reports an abort whose reason is a TimeoutError as a timeout, so the router can fail over', async () => {
      double.script('m/hang', { kind: 'hang' });
      const ac = new AbortController();
      const done = collect(provider, { model: 'm/hang', messages: USER, signal: ac.signal });
      await double.waitForRequests(1);
      ac.abort(new DOMException('first token too late', 'TimeoutError'));
      const parts = await done;
      assert.equal(parts.length, 1);
      const e = parts[0].type === 'error' ? parts[0].error : undefined;
      assert.equal(e?.kind, 'timeout');
      assert.equal(e?.retryable, true);
      await double.waitForClientClose((r) => r.model === 'm/hang');
    });

    it('sends nothing when the signal is already aborted', async () => {
      const ac = new AbortController();
      ac.abort();
      const parts = await collect(provider, { model: 'm/a', messages: USER, signal: ac.signal });
      assert.equal(parts.length, 1);
      assert.equal(parts[0].type === 'error' && parts[0].error.kind, 'cancelled');
      assert.equal(double.requests.length, 0);
    });

    it('streams a slow first byte once it arrives', async () => {
      double.script('m/slow', { kind: 'slow-first-byte', delayMs: 150, text: ['late', ' but fine'] });
      const parts = await collect(provider, { model: 'm/slow', messages: USER });
      assert.equal(textOf(parts), 'late but fine');
      assert.equal(parts.at(-1)?.type, 'finish');
    });
  });
}
