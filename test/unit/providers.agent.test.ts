// What agents need from both provider modes, over real HTTP to the double: `tool_choice`, images on
// user turns (and their size limits), tool calls reported as soon as they are complete, malformed
// arguments reported instead of dropped, and OpenRouter's `reasoning_details` surfaced and sent back.
import assert from 'node:assert/strict';
import { OpenRouterDouble } from '../fixtures/double';
import { createProvider, describeProviderError } from '../../src/core/providers';
import { MAX_IMAGE_BYTES, MAX_IMAGES_TOTAL_BYTES } from '../../src/core/providers/images';
import { PROVIDER_MODES, type ChatProvider, type ChatRequest, type StreamPart, type ToolDefinition } from '../../src/core/providers/types';

const KEY = 'sk-or-v1-agent-tests';
const SEARCH: ToolDefinition[] = [{ name: 'search', parameters: { type: 'object', properties: { q: { type: 'string' } } } }];
// A 1×1 transparent PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

async function collect(provider: ChatProvider, request: ChatRequest): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of provider.stream(request)) parts.push(part);
  return parts;
}

for (const mode of PROVIDER_MODES) {
  describe(`provider ${mode}: what agents need`, () => {
    let double: OpenRouterDouble;
    let provider: ChatProvider;
    before(async () => {
      double = await OpenRouterDouble.start();
      provider = createProvider(mode, { apiKey: KEY, baseUrl: double.baseUrl, appTitle: 'T' });
    });
    afterEach(() => double.reset());
    after(() => double.close());

    it('sends tool_choice "required" when the caller requires a tool, and nothing forced otherwise', async () => {
      double.script('m/tools', { kind: 'stream', toolCalls: [{ name: 'search', arguments: '{"q":"x"}' }] });
      await collect(provider, { model: 'm/tools', messages: [{ role: 'user', content: 'go' }], options: { tools: SEARCH, toolChoice: 'required' } });
      await collect(provider, { model: 'm/tools', messages: [{ role: 'user', content: 'go' }], options: { tools: SEARCH } });
      const [required, free] = double.chatRequests.map((r) => r.body);
      assert.equal(required.tool_choice, 'required');
      assert.notEqual(free.tool_choice, 'required');
    });

    it('sends user images as image_url parts with a data URL, after the text', async () => {
      await collect(provider, {
        model: 'google/gemma-3n-e4b-it:free',
        messages: [{ role: 'user', content: 'What is this?', images: [{ mimeType: 'image/png', base64: PNG }] }],
      });
      const [request] = double.chatRequests;
      assert.deepEqual(request.body.messages[0], {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
        ],
      });
    });

    it('refuses an image over the size limit before sending, saying the limit and what to do', async () => {
      const big = 'A'.repeat(Math.ceil(((MAX_IMAGE_BYTES + 1) * 4) / 3));
      const parts = await collect(provider, {
        model: 'google/gemma-3n-e4b-it:free',
        messages: [{ role: 'user', content: 'look', images: [{ mimeType: 'image/png', base64: big }] }],
      });
      assert.equal(parts.length, 1);
      const [part] = parts;
      assert.equal(part.type, 'error');
      if (part.type !== 'error') return;
      assert.equal(part.error.kind, 'bad_request');
      assert.equal(part.error.retryable, false);
      assert.match(describeProviderError(part.error), /image .*larger than 5 MB.*smaller/i);
      assert.match(describeProviderError(part.error, 'zh-cn'), /5 MB/);
      assert.equal(double.chatRequests.length, 0);
    });

    it('refuses images that together pass the request limit', async () => {
      const each = 'A'.repeat(Math.floor((MAX_IMAGE_BYTES * 4) / 3) - 4);
      const count = Math.floor(MAX_IMAGES_TOTAL_BYTES / MAX_IMAGE_BYTES) + 1;
      const images = Array.from({ length: count }, () => ({ mimeType: 'image/jpeg', base64: each }));
      const parts = await collect(provider, { model: 'm/img', messages: [{ role: 'user', content: 'look', images }] });
      assert.equal(parts[0].type, 'error');
      if (parts[0].type === 'error') assert.match(describeProviderError(parts[0].error), /together .*12 MB/);
      assert.equal(double.chatRequests.length, 0);
    });

    it('refuses an image of a type the models do not take, naming the ones they do', async () => {
      const parts = await collect(provider, { model: 'm/img', messages: [{ role: 'user', content: 'look', images: [{ mimeType: 'image/bmp', base64: PNG }] }] });
      assert.equal(parts[0].type, 'error');
      if (parts[0].type === 'error') {
        assert.match(describeProviderError(parts[0].error), /not PNG, JPEG, WebP or GIF.*Convert/);
        assert.match(describeProviderError(parts[0].error, 'zh-cn'), /PNG、JPEG、WebP 或 GIF/);
      }
      assert.equal(double.chatRequests.length, 0);
    });

    it('reports each tool call as soon as it is complete, before the stream ends', async () => {
      double.script('m/tools', {
        kind: 'stream',
        toolCalls: [
          { name: 'search', arguments: '{"q":"a"}' },
          { name: 'search', arguments: '{"q":"b"}' },
        ],
        hangAfterToolCalls: true,
      });
      const abort = new AbortController();
      const calls: unknown[] = [];
      for await (const part of provider.stream({ model: 'm/tools', messages: [{ role: 'user', content: 'go' }], options: { tools: SEARCH }, signal: abort.signal })) {
        if (part.type === 'tool-call') calls.push(part.call);
        if (calls.length === 2) abort.abort();
      }
      assert.deepEqual(calls, [
        { id: 'call_double_0', name: 'search', arguments: '{"q":"a"}' },
        { id: 'call_double_1', name: 'search', arguments: '{"q":"b"}' },
      ]);
    });

    for (const finishReason of ['tool_calls', 'stop']) {
      it(`reports a call whose arguments are not JSON with its raw arguments and an error (finish ${finishReason})`, async () => {
        double.script('m/tools', {
          kind: 'stream',
          toolCalls: [
            { name: 'search', arguments: '{"q":"a"' },
            { name: 'search', arguments: '{"q":"b"}' },
          ],
          finishReason,
        });
        const parts = await collect(provider, { model: 'm/tools', messages: [{ role: 'user', content: 'go' }], options: { tools: SEARCH } });
        const calls = parts.filter((p) => p.type === 'tool-call');
        assert.equal(calls.length, 2, JSON.stringify(parts));
        assert.deepEqual(calls[0].call, { id: 'call_double_0', name: 'search', arguments: '{"q":"a"' });
        assert.match(calls[0].error ?? '', /not valid JSON/);
        assert.deepEqual(calls[1], { type: 'tool-call', call: { id: 'call_double_1', name: 'search', arguments: '{"q":"b"}' } });
      });
    }

    it("surfaces the turn's reasoning_details, text entries joined, encrypted ones kept", async () => {
      double.script('m/reason', {
        kind: 'stream',
        reasoning: ['Look', 'ing up.'],
        reasoningDetails: [{ type: 'reasoning.encrypted', data: 'opaque==', id: 'rs_1', format: 'openai-responses-v1', index: 1 }],
        toolCalls: [{ name: 'search', arguments: '{"q":"a"}' }],
      });
      const parts = await collect(provider, { model: 'm/reason', messages: [{ role: 'user', content: 'go' }], options: { tools: SEARCH } });
      assert.deepEqual(
        parts.map((p) => p.type),
        ['reasoning', 'reasoning', 'tool-call', 'reasoning-details', 'usage', 'finish'],
      );
      assert.deepEqual(parts[3], {
        type: 'reasoning-details',
        details: [
          { type: 'reasoning.text', text: 'Looking up.', format: 'unknown', index: 0 },
          { type: 'reasoning.encrypted', data: 'opaque==', id: 'rs_1', format: 'openai-responses-v1', index: 1 },
        ],
      });
    });

    it('sends reasoning_details back on the assistant turn that carried them', async () => {
      const details = [
        { type: 'reasoning.text', text: 'Looking up.', format: 'unknown', index: 0 },
        { type: 'reasoning.encrypted', data: 'opaque==', id: 'rs_1', format: 'openai-responses-v1', index: 1 },
      ];
      await collect(provider, {
        model: 'm/reason',
        messages: [
          { role: 'user', content: 'go' },
          { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'search', arguments: '{"q":"a"}' }], reasoningDetails: details },
          { role: 'tool', toolCallId: 'call_1', content: 'found' },
        ],
        options: { tools: SEARCH },
      });
      const sent = double.chatRequests[0].body.messages[1];
      assert.equal(sent.role, 'assistant');
      assert.deepEqual(sent.reasoning_details, details);
      assert.equal(sent.tool_calls[0].id, 'call_1');
    });

    it('sends reasoning back only to the model that produced it', async () => {
      const details = [{ type: 'reasoning.encrypted', data: 'opaque==', format: 'openai-responses-v1' }];
      const history = (reasoningModel: string) => [
        { role: 'user' as const, content: 'go' },
        { role: 'assistant' as const, content: '', toolCalls: [{ id: 'call_1', name: 'search', arguments: '{}' }], reasoningDetails: details, reasoningModel },
        { role: 'tool' as const, toolCallId: 'call_1', content: 'found' },
      ];
      await collect(provider, { model: 'm/reason', messages: history('m/reason'), options: { tools: SEARCH } });
      await collect(provider, { model: 'm/other', messages: history('m/reason'), options: { tools: SEARCH } });
      const [same, other] = double.chatRequests.map((r) => r.body.messages[1]);
      assert.deepEqual(same.reasoning_details, details);
      assert.equal(other.reasoning_details, undefined);
      assert.equal(other.tool_calls[0].id, 'call_1');
    });

    it('leaves out unsigned Claude or Gemini reasoning text, which their APIs refuse', async () => {
      await collect(provider, {
        model: 'm/reason',
        messages: [
          { role: 'user', content: 'go' },
          {
            role: 'assistant',
            content: '',
            toolCalls: [{ id: 'call_1', name: 'search', arguments: '{}' }],
            reasoningDetails: [
              { type: 'reasoning.text', text: 'unsigned', format: 'anthropic-claude-v1' },
              { type: 'reasoning.text', text: 'signed', format: 'anthropic-claude-v1', signature: 'sig' },
            ],
          },
          { role: 'tool', toolCallId: 'call_1', content: 'found' },
        ],
        options: { tools: SEARCH },
      });
      assert.deepEqual(double.chatRequests[0].body.messages[1].reasoning_details, [
        { type: 'reasoning.text', text: 'signed', format: 'anthropic-claude-v1', signature: 'sig' },
      ]);
    });
  });
}
