// Context-length refusals, word for word as the servers send them, become their own failure kind
// with the window they state: OpenRouter (both wordings, both modes, over HTTP to the double), and
// local servers (vLLM, llama.cpp, LM Studio) through the endpoint provider and the local double.
import assert from 'node:assert/strict';
import { createProvider } from '../../src/core/providers';
import { contextOverflowOf, httpError, streamPayloadError } from '../../src/core/providers/errorMapping';
import { describeProviderError } from '../../src/core/providers/errorMessages';
import type { ProviderError } from '../../src/core/providers/errors';
import { PROVIDER_MODES, type StreamPart } from '../../src/core/providers/types';
import { DispatchingProvider, EndpointAvailability } from '../../src/core/endpoints';
import { OpenRouterDouble } from '../fixtures/double';
import { LocalServerDouble } from '../fixtures/localServerDouble';
import { localContextBody, openRouterContextMessage } from '../fixtures/contextWindow';

async function errorOf(stream: AsyncIterable<StreamPart>): Promise<ProviderError> {
  for await (const part of stream) if (part.type === 'error') return part.error;
  return assert.fail('no error part');
}
const LONG = [{ role: 'user' as const, content: 'word '.repeat(12_000) }];

describe('context-length errors', () => {
  const wordings: [string, string, number | undefined][] = [
    ['OpenRouter, current', openRouterContextMessage(32768, 41000, 0), 32768],
    ['OpenRouter, older', openRouterContextMessage(131072, 10535, 131072, true), 131072],
    ['vLLM', (JSON.parse(localContextBody('vllm', 4096, 4000, 1000)) as { message: string }).message, 4096],
    ['vLLM, newer', "'max_tokens' or 'max_completion_tokens' is too large: 8000. This model's maximum context length is 4096 tokens and your request has 2778 input tokens (8000 > 4096 - 2778). None", 4096],
    ['llama.cpp', 'request (4476 tokens) exceeds the available context size (4096 tokens), try increasing it', 4096],
    ['llama.cpp, older', 'the request exceeds the available context size, try increasing it', undefined],
    ['LM Studio', 'Trying to keep the first 10136 tokens when context the overflows. However, the model is loaded with context length of only 7866 tokens, which is not enough. Try to load the model with a larger context length, or provide a shorter input', 7866],
    ['LM Studio, newer', 'Cannot truncate prompt with n_keep (15028) >= n_ctx (7424)', 7424],
  ];
  for (const [who, message, window] of wordings) {
    it(`reads ${who}'s wording as context_length${window ? `, window ${window}` : ''}`, () => {
      assert.deepEqual(contextOverflowOf(message), window ? { window } : {});
      const error = httpError({ status: 400, body: { code: 400, message } });
      assert.equal(error.kind, 'context_length');
      assert.equal(error.retryable, true);
      assert.equal(error.contextWindow, window);
    });
  }
  it('reads a mid-stream 400 the same way, and leaves other 400s bad requests', () => {
    assert.equal(streamPayloadError({ code: 400, message: openRouterContextMessage(8192, 9000, 0) }, 'm').kind, 'context_length');
    assert.equal(httpError({ status: 400, body: { code: 'context_length_exceeded', message: 'Too long' } }).kind, 'context_length');
    assert.equal(httpError({ status: 400, body: { code: 400, message: 'temperature must be at most 2' } }).kind, 'bad_request');
  });
  it('tells the user what happened and what to do, in English and Chinese', () => {
    const error = httpError({ status: 400, body: { code: 400, message: openRouterContextMessage(32768, 41000, 0) }, model: 'qwen/qwq-32b:free' });
    assert.match(describeProviderError(error, 'en'), /longer than the context window of qwen\/qwq-32b:free \(33K tokens\).*Enable a model with a larger window/);
    assert.match(describeProviderError(error, 'zh-cn'), /超出了 qwen\/qwq-32b:free 的上下文窗口（33K 个 token）.*窗口更大的模型/);
  });

  for (const mode of PROVIDER_MODES) {
    it(`arrives from the OpenRouter double as context_length with the window (${mode})`, async () => {
      const double = await OpenRouterDouble.start();
      try {
        double.setContextWindow('qwen/qwq-32b:free', 4096);
        const provider = createProvider(mode, { apiKey: 'sk-or-v1-context', baseUrl: double.baseUrl, appTitle: 't' });
        const error = await errorOf(provider.stream({ model: 'qwen/qwq-32b:free', messages: LONG }));
        assert.equal(error.kind, 'context_length');
        assert.equal(error.contextWindow, 4096);
      } finally {
        await double.close();
      }
    });
  }

  describe('from local servers', () => {
    let local: LocalServerDouble;
    let provider: DispatchingProvider;
    before(async () => {
      local = await LocalServerDouble.start();
      const openRouter = createProvider('openai_compatible', { apiKey: 'sk-or-v1-unused', baseUrl: 'http://127.0.0.1:9/api/v1', appTitle: 't' });
      provider = new DispatchingProvider({
        openRouter: () => openRouter,
        endpoints: () => [{ id: 'local', label: 'Local server', baseUrl: local.baseUrl }],
        keyOf: () => undefined,
        appTitle: 't',
        availability: new EndpointAvailability(),
      });
    });
    after(() => local.close());
    for (const style of ['vllm', 'llamacpp', 'lmstudio'] as const) {
      it(`${style}: a request over the loaded context is context_length with the window, told as that server's`, async () => {
        local.reset();
        local.setContextWindow('llama3.2:3b', 2048, style);
        const error = await errorOf(provider.stream({ model: '@local/llama3.2:3b', messages: LONG }));
        assert.equal(error.kind, 'context_length');
        assert.equal(error.contextWindow, 2048);
        assert.equal(error.model, '@local/llama3.2:3b');
        const short = await errorOf((async function* () {
          for await (const part of provider.stream({ model: '@local/llama3.2:3b', messages: [{ role: 'user', content: 'hi' }] })) yield part;
          yield { type: 'error', error: { kind: 'none' } } as unknown as StreamPart;
        })());
        assert.equal((short as unknown as { kind: string }).kind, 'none', 'a short request is answered');
      });
    }
  });
});
