// Pure rules: schema tolerance, free detection, routers, capabilities, context, use cases, merge.
import assert from 'node:assert/strict';
import {
  deriveCapabilities,
  deriveModel,
  deriveUseCases,
  isFreeEntry,
  isRouterEntry,
  isZeroPrice,
  MAX_DESCRIPTION_CHARS,
} from '../../src/core/catalog/derive';
import { MalformedModelsPayloadError, parseModelsPayload } from '../../src/core/catalog/liveSchema';
import { mergeLiveList } from '../../src/core/catalog/merge';
import type { CatalogModel } from '../../src/core/catalog/types';

function entry(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'vendor/model',
    name: 'Vendor: Model',
    context_length: 32768,
    pricing: { prompt: '0.000001', completion: '0.000002', request: '0' },
    architecture: { input_modalities: ['text'], tokenizer: 'Other' },
    top_provider: { context_length: 32768, max_completion_tokens: 4096 },
    supported_parameters: ['temperature'],
    ...over,
  };
}

function derive(over: Record<string, unknown> = {}): CatalogModel {
  const parsed = parseModelsPayload({ data: [entry(over)] });
  assert.equal(parsed.skipped.length, 0, JSON.stringify(parsed.skipped));
  return deriveModel(parsed.entries[0]);
}

describe('catalog derivation', () => {
  it('reads zero prices in every decimal spelling, and nothing else, as zero', () => {
    for (const zero of ['0', '0.0', '0.000000', ' 0 ', '-0', '0e-9', '.0']) assert.equal(isZeroPrice(zero), true, zero);
    for (const other of [undefined, '', '-1', '0.0000003', 'abc', '0x0', 'free']) assert.equal(isZeroPrice(other), false, String(other));
  });

  it('calls a model free by :free suffix, or zero prompt and completion prices without a request fee', () => {
    assert.equal(isFreeEntry({ id: 'a/b:free', pricing: { prompt: '0.1', completion: '0.1' } }), true);
    assert.equal(isFreeEntry({ id: 'a/b', pricing: { prompt: '0', completion: '0.0' } }), true);
    assert.equal(isFreeEntry({ id: 'a/b', pricing: { prompt: '0', completion: '0', request: '0.02' } }), false);
    assert.equal(isFreeEntry({ id: 'a/b', pricing: { prompt: '0' } }), false, 'a missing completion price is unknown, not free');
    assert.equal(isFreeEntry({ id: 'a/b' }), false);
    assert.equal(isFreeEntry({ id: 'a/b', pricing: { prompt: '0', completion: '0.000001' } }), false);
  });

  it('tells routers from real models published under openrouter/', () => {
    assert.equal(isRouterEntry({ id: 'openrouter/auto' }), true);
    assert.equal(isRouterEntry({ id: 'openrouter/free' }), true);
    assert.equal(isRouterEntry({ id: 'openrouter/some-new-router', architecture: { tokenizer: 'Router' } }), true);
    assert.equal(isRouterEntry({ id: 'openrouter/priced-per-pick', pricing: { prompt: '-1', completion: '-1' } }), true);
    assert.equal(isRouterEntry({ id: 'openrouter/cypher-alpha', pricing: { prompt: '0', completion: '0' } }), false);
    assert.equal(isRouterEntry({ id: 'vendor/auto' }), false);
    const router = derive({ id: 'openrouter/free', pricing: { prompt: '0', completion: '0' } });
    assert.equal(router.isRouter, true);
    assert.equal(router.free, true);
    assert.deepEqual(router.useCases, [], 'routers are never recommended');
  });

  it('derives capabilities from supported parameters and input modalities', () => {
    assert.deepEqual(deriveCapabilities({ supported_parameters: ['tools', 'tool_choice'], architecture: { input_modalities: ['text', 'image'] } }), {
      reasoning: false,
      vision: true,
      toolCalling: true,
    });
    assert.equal(deriveCapabilities({ supported_parameters: ['include_reasoning'] }).reasoning, true);
    assert.equal(deriveCapabilities({ supported_parameters: ['reasoning'] }).reasoning, true);
    assert.deepEqual(deriveCapabilities({ supported_parameters: null, architecture: null }), { reasoning: false, vision: false, toolCalling: false });
  });

  it('takes the context length from context_length, else from top_provider', () => {
    assert.equal(derive({ context_length: 65536 }).contextLength, 65536);
    assert.equal(derive({ context_length: undefined, top_provider: { context_length: 131072 } }).contextLength, 131072);
    assert.equal(derive({ context_length: null, top_provider: null }).contextLength, 0);
    assert.equal(derive({}).maxCompletionTokens, 4096);
  });

  it('derives use cases from capabilities and name by the stated rule', () => {
    const none = { reasoning: false, vision: false, toolCalling: false };
    assert.deepEqual(deriveUseCases('qwen/qwen3-coder:free', 'Qwen3 Coder', none, 8192), ['general', 'coding']);
    assert.deepEqual(deriveUseCases('mistralai/devstral-small', 'Devstral', none, 8192), ['general', 'coding']);
    assert.deepEqual(deriveUseCases('qwen/qwq-32b', 'QwQ', none, 8192), ['general', 'reasoning']);
    assert.deepEqual(deriveUseCases('x/plain', 'Plain', { ...none, reasoning: true }, 8192), ['general', 'reasoning', 'chat']);
    assert.deepEqual(deriveUseCases('x/agent', 'Agent', { ...none, toolCalling: true }, 131072), ['general', 'coding', 'chat']);
    assert.deepEqual(deriveUseCases('x/agent', 'Agent', { ...none, toolCalling: true }, 32768), ['general', 'chat'], 'too little context for agentic coding');
    assert.deepEqual(deriveUseCases('google/gemma-3n-e4b-it', 'Gemma', none, 8192), ['general', 'chat']);
  });

  it('shortens long descriptions at a word boundary', () => {
    const long = 'word '.repeat(200);
    const d = derive({ description: long }).description;
    assert.ok(d.length <= MAX_DESCRIPTION_CHARS);
    assert.ok(d.endsWith('word…'));
    assert.equal(derive({ description: '  two\n lines ' }).description, 'two lines');
  });

  it('skips and counts broken entries, tolerates unknown fields and cosmetic mistakes', () => {
    const parsed = parseModelsPayload({
      data: [
        entry({ id: 'ok/one', brand_new_field: { nested: true } }),
        entry({ id: 'ok/two', name: 42, description: ['x'] }),
        entry({ id: 'bad/prices', pricing: { prompt: 0, completion: null } }),
        entry({ id: 'bad/context', context_length: 'lots' }),
        entry({ id: 'no-slash' }),
        entry({ id: 'ok/one' }),
        null,
        'text',
        { name: 'no id' },
      ],
    });
    assert.deepEqual(parsed.entries.map((e) => e.id), ['ok/one', 'ok/two']);
    assert.equal(deriveModel(parsed.entries[1]).name, 'ok/two', 'a broken name falls back to the id');
    assert.deepEqual(parsed.skipped.map((s) => s.index), [2, 3, 4, 5, 6, 7, 8]);
    assert.equal(parsed.skipped[3].reason, 'duplicate id');
    assert.match(parsed.skipped[0].reason, /^pricing\.prompt:/);
  });

  it('rejects an answer that is not a model list at all', () => {
    for (const bad of [null, [], { models: [] }, { data: {} }, 'x']) {
      assert.throws(() => parseModelsPayload(bad), MalformedModelsPayloadError);
    }
  });
});

describe('catalog merge', () => {
  const model = (id: string, over: Partial<CatalogModel> = {}): CatalogModel => ({
    id,
    name: id,
    provider: id.split('/')[0],
    contextLength: 8192,
    capabilities: { reasoning: false, vision: false, toolCalling: false },
    useCases: ['general'],
    description: '',
    free: true,
    isRouter: false,
    source: 'live',
    ...over,
  });

  it('marks missing live models gone once, keeps the first goneSince, forgets them after the retention', () => {
    const first = mergeLiveList([model('a/1'), model('a/2')], [model('a/1')], 100, 1000);
    assert.deepEqual(first.gone, ['a/2']);
    assert.equal(first.models.find((m) => m.id === 'a/2')?.goneSince, 100);
    const second = mergeLiveList(first.models, [model('a/1')], 500, 1000);
    assert.deepEqual(second.gone, []);
    assert.equal(second.models.find((m) => m.id === 'a/2')?.goneSince, 100);
    const third = mergeLiveList(second.models, [model('a/1')], 1101, 1000);
    assert.equal(third.models.find((m) => m.id === 'a/2'), undefined);
  });

  it('never marks built-in entries gone: they were never in a live list', () => {
    const r = mergeLiveList([model('seed/x', { source: 'builtin' })], [model('a/1')], 5);
    assert.deepEqual(r.gone, []);
    assert.deepEqual(r.models.map((m) => m.id), ['a/1']);
    assert.deepEqual(r.added, ['a/1']);
  });
});
