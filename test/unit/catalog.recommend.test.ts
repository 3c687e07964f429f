// The recommendation rule of recommend.ts, checked term by term on a small hand-made catalog.
import assert from 'node:assert/strict';
import { CatalogIndex } from '../../src/core/catalog/catalogIndex';
import { builtinModels } from '../../src/core/catalog/builtin';
import { contextPoints, recommendModels } from '../../src/core/catalog/recommend';
import type { CatalogModel, ModelCapabilities, ModelHealth } from '../../src/core/catalog/types';

const NO_CAPS: ModelCapabilities = { reasoning: false, vision: false, toolCalling: false };

function model(id: string, over: Partial<CatalogModel> = {}): CatalogModel {
  return {
    id,
    name: id,
    provider: id.split('/')[0],
    contextLength: 32768,
    capabilities: NO_CAPS,
    useCases: ['general', 'chat'],
    description: '',
    free: true,
    isRouter: false,
    source: 'live',
    ...over,
  };
}

describe('catalog recommendations', () => {
  it('scores context by doublings above 4K, capped at 128K', () => {
    assert.equal(contextPoints(4096), 0);
    assert.equal(contextPoints(8192), 4);
    assert.equal(contextPoints(32768), 12);
    assert.equal(contextPoints(131072), 20);
    assert.equal(contextPoints(1_048_576), 20);
  });

  it('ranks by capability weights and context, ties broken by id, with the terms in why', () => {
    const index = new CatalogIndex([
      model('b/same'),
      model('a/same'),
      model('c/tools', { capabilities: { ...NO_CAPS, toolCalling: true } }),
      model('d/long', { contextLength: 131072 }),
    ]);
    const recs = recommendModels(index, 'general', { limit: 10 });
    // tools: 10 + 12 = 22; long: 0 + 20 = 20; same: 12 each, a before b.
    assert.deepEqual(recs.map((r) => [r.model.id, r.score]), [
      ['c/tools', 22],
      ['d/long', 20],
      ['a/same', 12],
      ['b/same', 12],
    ]);
    assert.equal(recs[0].why, 'tool calling; 33K context');
    assert.equal(recs[1].why, '131K context');
  });

  it('only recommends usable free models made for the use case', () => {
    const index = new CatalogIndex([
      model('x/router', { isRouter: true, useCases: ['general'] }),
      model('x/gone', { goneSince: 1 }),
      model('x/paid', { free: false }),
      model('x/coder', { useCases: ['general', 'coding'] }),
      model('x/ok'),
    ]);
    assert.deepEqual(recommendModels(index, 'general').map((r) => r.model.id), ['x/coder', 'x/ok']);
    assert.deepEqual(recommendModels(index, 'coding').map((r) => r.model.id), ['x/coder']);
    assert.deepEqual(recommendModels(index, 'general', { freeOnly: false }).map((r) => r.model.id), ['x/coder', 'x/ok', 'x/paid']);
    assert.deepEqual(recommendModels(index, 'general', { limit: 1 }).map((r) => r.model.id), ['x/coder']);
  });

  it('gives specialists their bonus: a code model for coding, a dedicated reasoner for reasoning', () => {
    const index = new CatalogIndex([
      model('q/qwen3-coder', { useCases: ['general', 'coding'] }),
      model('q/generalist', { useCases: ['general', 'coding'], capabilities: { ...NO_CAPS, reasoning: true } }),
      model('q/qwq-32b', { useCases: ['general', 'reasoning'], capabilities: { ...NO_CAPS, reasoning: true } }),
      model('q/thinker', { useCases: ['general', 'reasoning'], capabilities: { ...NO_CAPS, reasoning: true } }),
    ]);
    const coding = recommendModels(index, 'coding');
    assert.deepEqual(coding.map((r) => r.model.id), ['q/qwen3-coder', 'q/generalist']);
    assert.match(coding[0].why, /^code model/);
    const reasoning = recommendModels(index, 'reasoning');
    assert.deepEqual(reasoning.map((r) => r.model.id), ['q/qwq-32b', 'q/thinker']);
    assert.match(reasoning[0].why, /^dedicated reasoner; reasons/);
  });

  it('lets measured health reorder models and says so; cooling-down models go last', () => {
    const index = new CatalogIndex([model('a/x'), model('b/x'), model('c/x')]);
    const health: Record<string, ModelHealth> = {
      'a/x': { coolingDown: true, successRate: 1 },
      'b/x': { successRate: 0.5, ttftMedianMs: 4000 },
      'c/x': { successRate: 1, ttftMedianMs: 500, tokensPerSecond: 250 },
    };
    const recs = recommendModels(index, 'chat', { health: (id) => health[id] });
    assert.deepEqual(recs.map((r) => r.model.id), ['c/x', 'b/x', 'a/x']);
    // c: 12 + 20 + 7.5 + 10 = 49.5; b: 12 + 0 - 10 = 2; a: 12 + 20 - 100 = -68.
    assert.deepEqual(recs.map((r) => r.score), [49.5, 2, -68]);
    assert.equal(recs[0].why, '33K context; 100% success; first token in 500 ms; 250 tok/s');
    assert.deepEqual(recs[0].reasons, [
      { kind: 'context', tokens: 32768 },
      { kind: 'successRate', rate: 1 },
      { kind: 'ttft', ms: 500 },
      { kind: 'speed', tokensPerSecond: 250 },
    ]);
    assert.match(recs[2].why, /cooling down/);
    // Without health the three tie and the order is by id.
    assert.deepEqual(recommendModels(index, 'chat').map((r) => r.model.id), ['a/x', 'b/x', 'c/x']);
  });

  it('recommends from the built-in list with reasons', () => {
    const index = new CatalogIndex(builtinModels());
    const reasoning = recommendModels(index, 'reasoning', { limit: 3 });
    // R1s: 10 + 20 + 20 = 50 (tie, by id); Qwen3 235B: 20 + 5 (tools) + 20 = 45.
    assert.deepEqual(reasoning.map((r) => [r.model.id, r.score]), [
      ['deepseek/deepseek-r1-0528:free', 50],
      ['deepseek/deepseek-r1:free', 50],
      ['qwen/qwen3-235b-a22b:free', 45],
    ]);
    assert.equal(reasoning[0].why, 'dedicated reasoner; reasons; 164K context');
    const coding = recommendModels(index, 'coding', { limit: 9 });
    assert.ok(coding.some((r) => r.model.id === 'mistralai/devstral-small-2505:free' && r.why.startsWith('code model')));
  });
});
