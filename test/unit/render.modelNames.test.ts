// Where users read a model's name, an endpoint's model is "llama3.2:3b (Ollama)", not the qualified
// id `@ollama/llama3.2:3b` that settings, exports and the API keep; OpenRouter's ids stay as they are.
import assert from 'node:assert/strict';
import { renderFooter } from '../../src/host/chat/render/footer';
import { endpointModelNamer } from '../../src/host/chat/render/modelNames';
import { formatPlain } from '../../src/host/shared/translate';
import type { RouteSummary } from '../../src/core/router/types';

describe('model names in the chat', () => {
  const name = endpointModelNamer([{ id: 'ollama', label: 'Ollama' }, { id: 'odd', label: 'Evil `label` | x' }]);

  it("names an endpoint's model after the endpoint's label, and OpenRouter's by its id", () => {
    assert.equal(name('@ollama/llama3.2:3b'), 'llama3.2:3b (Ollama)');
    assert.equal(name('qwen/qwen3-8b:free'), 'qwen/qwen3-8b:free');
    // An endpoint no longer configured still reads as a model of that endpoint.
    assert.equal(name('@gone/m'), 'm (gone)');
  });

  it('the footer and its "Tried first" line use those names', () => {
    const summary: RouteSummary = {
      model: '@ollama/llama3.2:3b',
      ttftMs: 100,
      totalMs: 200,
      attempts: [
        { model: 'qwen/qwen3-8b:free', outcome: 'failed', kind: 'rate_limited', reason: 'rate limited (429)', durationMs: 50 },
        { model: '@ollama/llama3.2:3b', outcome: 'answered', durationMs: 150 },
      ],
    };
    const footer = renderFooter(summary, formatPlain, name);
    assert.ok(footer.includes('Answered by `llama3.2:3b (Ollama)`'), footer);
    assert.ok(footer.includes('Tried first: `qwen/qwen3-8b:free`: failed'), footer);
    assert.ok(!footer.includes('@ollama'), footer);
  });

  it('a label with markdown in it stays inside its code span', () => {
    const footer = renderFooter({ model: '@odd/m', ttftMs: 1, totalMs: 2, attempts: [] }, formatPlain, name);
    assert.ok(footer.includes("Answered by `m (Evil 'label' | x)`"), footer);
  });
});
