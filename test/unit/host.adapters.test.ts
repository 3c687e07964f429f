// The host's plain adapters: chat history, language-model message conversion, model information,
// configuration export/import, the key's shape, and the group transcript's ordering.
import { reservedOutput } from '../../src/core/router/fit';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../src/core/config';
import type { CatalogModel } from '../../src/core/catalog/types';
import { buildMessages } from '../../src/host/chat/render/history';
import { exportConfiguration, parseConfigurationImport } from '../../src/host/settings/mapping/configTransfer';
import { GroupTranscript } from '../../src/host/chat/render/groupTranscript';
import { estimateTokens, parseToolArguments, ROLE_ASSISTANT, ROLE_USER, toCoreMessages, toToolChoice, toToolDefinitions } from '../../src/host/models/mapping/lmMessages';
import { MAX_REMEMBERED_TOOL_CALLS, ToolCallReasoning } from '../../src/host/models/toolCallReasoning';
import { describeModels } from '../../src/host/models/mapping/modelInformation';
import { renderModelsTable } from '../../src/host/chat/render/reportTables';
import { formatPlain } from '../../src/host/shared/translate';
import { buildModelsPayload, type OpenRouterModelJson } from '../fixtures/modelsPayload';
import { deriveModel } from '../../src/core/catalog/derive';
import { parseModelsPayload } from '../../src/core/catalog/liveSchema';
import { checkKeyShape } from '../../src/host/key/checks/keyShape';

describe('host: chat history', () => {
  it('pairs earlier prompts with their answers and ends with the new prompt', () => {
    const messages = buildMessages(
      [
        { kind: 'request', prompt: 'first?' },
        { kind: 'response', answer: 'first answer', markdown: ['first answer\n\n---\n*Answered by x*'] },
        { kind: 'request', prompt: '/stats' },
        { kind: 'response', markdown: ['| table |'], report: true },
        { kind: 'request', prompt: 'unanswered' },
        { kind: 'response', answer: '', markdown: [] },
        { kind: 'request', prompt: 'old turn without metadata' },
        { kind: 'response', markdown: ['plain ', 'markdown'] },
      ],
      'now?',
    );
    assert.deepEqual(messages, [
      { role: 'user', content: 'first?' },
      { role: 'assistant', content: 'first answer' },
      { role: 'user', content: 'old turn without metadata' },
      { role: 'assistant', content: 'plain markdown' },
      { role: 'user', content: 'now?' },
    ]);
  });
});

describe('host: language-model messages', () => {
  const text = (value: string) => ({ value });
  it('converts text, tool calls and tool results, results before new text', () => {
    const messages = toCoreMessages([
      { role: ROLE_USER, content: [text('What is the weather?')] },
      { role: ROLE_ASSISTANT, content: [text('Checking.'), { callId: 'c1', name: 'weather', input: { city: 'Paris' } }] },
      {
        role: ROLE_USER,
        content: [{ callId: 'c1', content: [text('18 °C'), { mimeType: 'application/json', data: new TextEncoder().encode('{"wind":3}') }] }, text('And tomorrow?')],
      },
      { role: 3, content: [text('Be brief.')] },
    ]);
    assert.deepEqual(messages, [
      { role: 'user', content: 'What is the weather?' },
      { role: 'assistant', content: 'Checking.', toolCalls: [{ id: 'c1', name: 'weather', arguments: '{"city":"Paris"}' }] },
      { role: 'tool', toolCallId: 'c1', content: '18 °C{"wind":3}' },
      { role: 'user', content: 'And tomorrow?' },
      { role: 'system', content: 'Be brief.' },
    ]);
  });

  it('passes tools with their schema and parses tool-call arguments', () => {
    assert.equal(toToolDefinitions([]), undefined);
    assert.deepEqual(toToolDefinitions([{ name: 'f', description: 'd', inputSchema: { type: 'object', properties: { a: { type: 'string' } } } }]), [
      { name: 'f', description: 'd', parameters: { type: 'object', properties: { a: { type: 'string' } } } },
    ]);
    assert.deepEqual(toToolDefinitions([{ name: 'g', description: '' }])?.[0].parameters, { type: 'object', properties: {} });
    assert.deepEqual(parseToolArguments('{"a":1}'), { a: 1 });
    assert.deepEqual(parseToolArguments(''), {});
    assert.deepEqual(parseToolArguments('[1]'), { value: [1] });
    assert.deepEqual(parseToolArguments('{broken'), { _raw: '{broken' });
    assert.deepEqual(parseToolArguments('{broken', 'not valid JSON'), { _raw: '{broken', _error: 'not valid JSON' });
  });

  it('turns image data parts into images, leaves other data parts out, and maps the tool mode', () => {
    const png = Uint8Array.from([1, 2, 3]);
    const messages = toCoreMessages([
      { role: ROLE_USER, content: [text('Look:'), { mimeType: 'image/png', data: png }, { mimeType: 'cache_control', data: new TextEncoder().encode('ephemeral') }] },
      { role: ROLE_USER, content: [{ mimeType: 'image/jpeg', data: png }] },
    ]);
    assert.deepEqual(messages, [
      { role: 'user', content: 'Look:', images: [{ mimeType: 'image/png', base64: 'AQID' }] },
      { role: 'user', content: '', images: [{ mimeType: 'image/jpeg', base64: 'AQID' }] },
    ]);
    assert.equal(toToolChoice(2), 'required');
    assert.equal(toToolChoice(1), undefined);
    assert.equal(toToolChoice(undefined), undefined);
  });

  it('attaches the reasoning kept for a call to the assistant turn that made it', () => {
    const details = [{ type: 'reasoning.encrypted', data: 'x' }];
    const kept = new ToolCallReasoning();
    kept.remember(['c2'], { details, model: 'm/a' });
    const messages = toCoreMessages(
      [
        { role: ROLE_ASSISTANT, content: [{ callId: 'c1', name: 'f', input: {} }, { callId: 'c2', name: 'f', input: {} }] },
        { role: ROLE_ASSISTANT, content: [{ callId: 'c3', name: 'f', input: {} }] },
      ],
      (id) => kept.recall(id),
    );
    assert.deepEqual(messages[0], {
      role: 'assistant',
      content: '',
      toolCalls: [
        { id: 'c1', name: 'f', arguments: '{}' },
        { id: 'c2', name: 'f', arguments: '{}' },
      ],
      reasoningDetails: details,
      reasoningModel: 'm/a',
    });
    assert.equal('reasoningDetails' in messages[1], false);
  });

  it('keeps the reasoning of the last 200 tool calls, the least recently used leaving first', () => {
    const kept = new ToolCallReasoning();
    for (let i = 0; i < MAX_REMEMBERED_TOOL_CALLS; i++) kept.remember([`c${i}`], { details: [{ i }], model: 'm' });
    assert.deepEqual(kept.recall('c0')?.details, [{ i: 0 }]);
    kept.remember(['new'], { details: [{ i: 'new' }], model: 'm' });
    assert.equal(kept.size, MAX_REMEMBERED_TOOL_CALLS);
    assert.equal(kept.recall('c1'), undefined);
    assert.deepEqual(kept.recall('c0')?.details, [{ i: 0 }]);
    kept.remember(['empty'], { details: [], model: 'm' });
    assert.equal(kept.recall('empty'), undefined);
  });

  it('counts tokens with the core counter, Chinese at a tokenizer\'s rate rather than characters / 4 (see tokens.test.ts)', () => {
    const chinese = '请把这个函数改成异步的，并且处理超时的情况。';
    assert.ok(estimateTokens(chinese) >= 14, `${estimateTokens(chinese)} tokens`);
    assert.ok(estimateTokens({ role: ROLE_USER, content: [text(chinese.repeat(20))] }) >= 14 * 20);
    // An image costs the model about a thousand tokens, however few bytes it has.
    assert.ok(estimateTokens({ role: ROLE_USER, content: [{ mimeType: 'image/png', data: new Uint8Array(10) }] }) >= 1000);
  });
});

describe('host: model information for the picker', () => {
  const model = (id: string, contextLength: number, toolCalling: boolean, maxCompletionTokens?: number): CatalogModel => ({
    id,
    name: id.toUpperCase(),
    provider: id.split('/')[0],
    contextLength,
    maxCompletionTokens,
    capabilities: { reasoning: false, vision: true, toolCalling },
    useCases: ['general'],
    description: `about ${id}`,
    free: true,
    isRouter: false,
    source: 'live',
  });
  it('offers OpenRouter Auto with the largest enabled window (the router sends only what fits), then each model with its window minus the reserved output', () => {
    const info = describeModels([model('a/x:free', 131_072, true, 8_192), model('b/y:free', 32_768, false)], { auto: 'OpenRouter Auto', autoDetail: 'router', free: 'free' });
    assert.deepEqual(info.map((i) => i.id), ['auto', 'a/x:free', 'b/y:free']);
    const [auto, a, b] = info;
    assert.equal(auto.name, 'OpenRouter Auto');
    assert.equal(auto.capabilities.toolCalling, true);
    assert.equal(a.maxOutputTokens, 8_192);
    assert.equal(a.maxInputTokens, 131_072 - 4_096);
    assert.equal(b.maxOutputTokens, 8_192);
    assert.equal(b.maxInputTokens, 32_768 - 4_096);
    assert.equal(auto.maxInputTokens, 131_072 - 4_096, 'one small model enabled does not shrink Auto');
    assert.equal(a.family, 'a/x:free');
    assert.deepEqual([a.capabilities.toolCalling, b.capabilities.toolCalling], [true, false]);
  });

  it('claims tools and images only for models that have them; Auto when at least one enabled model does', () => {
    const labels = { auto: 'Auto', autoDetail: 'router', free: 'free' };
    const textOnly = (id: string, tools: boolean): CatalogModel => ({ ...model(id, 32_768, tools), capabilities: { reasoning: false, vision: false, toolCalling: tools } });
    const [auto, plain] = describeModels([textOnly('d/r1:free', false)], labels);
    assert.deepEqual(auto.capabilities, { toolCalling: false, imageInput: false }, 'no enabled model has tools: Auto does not claim them');
    assert.deepEqual(plain.capabilities, { toolCalling: false, imageInput: false });
    const mixed = describeModels([textOnly('d/r1:free', false), textOnly('q/q3:free', true), model('g/gemma:free', 8_192, false)], labels);
    assert.deepEqual(mixed[0].capabilities, { toolCalling: true, imageInput: true });
    assert.deepEqual(mixed.slice(1).map((i) => [i.id, i.capabilities.toolCalling, i.capabilities.imageInput]), [
      ['d/r1:free', false, false],
      ['q/q3:free', true, false],
      ['g/gemma:free', false, true],
    ]);
  });

  it("takes the limits and capabilities from the live list's entries", () => {
    const payload = buildModelsPayload().data as OpenRouterModelJson[];
    const entry = (id: string) => deriveModel(parseModelsPayload({ data: payload.filter((m) => m.id === id) }).entries[0]);
    const gemma = entry('google/gemma-3n-e4b-it:free');
    const qwen = entry('qwen/qwen3-8b:free');
    const [, g, q] = describeModels([gemma, qwen], { auto: 'Auto', autoDetail: 'router', free: 'free' });
    const raw = payload.find((m) => m.id === 'qwen/qwen3-8b:free')!;
    assert.deepEqual(g.capabilities, { toolCalling: false, imageInput: true });
    assert.deepEqual(q.capabilities, { toolCalling: true, imageInput: false });
    const maxOut = raw.top_provider.max_completion_tokens;
    assert.equal(q.maxOutputTokens, maxOut ?? Math.floor(raw.context_length / 4));
    assert.equal(q.maxInputTokens, raw.context_length - reservedOutput(raw.context_length));
  });
});

describe('host: /models shows which models take tools and images', () => {
  it('has a column for each, ticked from the live list', () => {
    const payload = buildModelsPayload().data as OpenRouterModelJson[];
    const rows = ['google/gemma-3n-e4b-it:free', 'qwen/qwen3-8b:free', 'deepseek/deepseek-r1:free'].map((id) => ({
      model: deriveModel(parseModelsPayload({ data: payload.filter((m) => m.id === id) }).entries[0]),
      enabled: true,
    }));
    const table = renderModelsTable(rows, formatPlain)[0].text.split('\n');
    const header = table[0].split('|').map((c) => c.trim());
    const cell = (id: string, column: string) => table.find((l) => l.includes(id))!.split('|').map((c) => c.trim())[header.indexOf(column)];
    assert.deepEqual(['Images', 'Tools'].map((c) => header.includes(c)), [true, true]);
    assert.deepEqual(
      ['google/gemma-3n-e4b-it:free', 'qwen/qwen3-8b:free', 'deepseek/deepseek-r1:free'].map((id) => [cell(id, 'Images'), cell(id, 'Tools')]),
      [['✓', ''], ['', '✓'], ['', '']],
    );
  });
});

describe('host: configuration export and import', () => {
  it('round-trips every setting and never includes a key', () => {
    const config = { ...defaultConfig(), routingStrategy: 'round_robin' as const, enabledModels: ['qwen/qwen3-8b:free'] };
    const text = exportConfiguration(config, new Date('2026-01-01T00:00:00Z'));
    assert.ok(!/sk-or-|apiKey/i.test(text));
    const parsed = parseConfigurationImport(text);
    assert.ok(parsed.ok);
    assert.equal(parsed.values.routingStrategy, 'round_robin');
    assert.deepEqual(parsed.values.enabledModels, ['qwen/qwen3-8b:free']);
    assert.equal(Object.keys(parsed.values).length, Object.keys(config).length);
  });

  it('refuses a file with any bad entry, naming each problem', () => {
    const bad = parseConfigurationImport(JSON.stringify({ 'openrouterDual.maxRetries': 99, 'openrouterDual.routingStrategy': 'failover', 'openrouterDual.apiKey': 'sk-or-v1-x', nonsense: 1 }));
    assert.equal(bad.ok, false);
    assert.ok(!bad.ok && bad.errors.some((e) => e.startsWith('openrouterDual.maxRetries:')));
    assert.ok(!bad.ok && bad.errors.some((e) => /secrets are not imported/.test(e)));
    assert.ok(!bad.ok && bad.errors.some((e) => /nonsense: not a setting/.test(e)));
    assert.deepEqual(parseConfigurationImport('{not json').ok, false);
    assert.deepEqual(parseConfigurationImport('[]').ok, false);
    assert.deepEqual(parseConfigurationImport('{}').ok, false);
    assert.deepEqual(parseConfigurationImport('{"format":"other","settings":{}}').ok, false);
  });
});

describe('host: key shape', () => {
  it('checks the key shape', () => {
    assert.deepEqual(checkKeyShape('sk-or-v1-abc'), { ok: true });
    assert.deepEqual(checkKeyShape(''), { ok: false, reason: 'empty' });
    assert.deepEqual(checkKeyShape('sk-or- abc'), { ok: false, reason: 'spaces' });
    assert.deepEqual(checkKeyShape('sk-proj-abc'), { ok: false, reason: 'prefix' });
  });
});

describe('host: group transcript', () => {
  it('streams the first member live, buffers the others, and writes each section whole', () => {
    const written: string[] = [];
    const g = new GroupTranscript(3, (c) => written.push(c.markdown));
    for (let i = 0; i < 3; i++) g.append(i, { markdown: `[H${i}]` }, false);
    g.append(1, { markdown: 'b1' });
    g.append(0, { markdown: 'a1' });
    g.append(1, { markdown: 'b2' });
    g.finish(2, { markdown: '[F2]' });
    g.append(0, { markdown: 'a2' });
    g.finish(1, { markdown: '[F1]' });
    g.append(0, { markdown: 'a3' });
    g.finish(0, { markdown: '[F0]' });
    g.close();
    assert.equal(written.join(''), '[H1]b1b2[F1][H0]a1a2a3[F0][H2][F2]');
    assert.ok(g.allFinished);
  });
  it('writes what has arrived when closed early (cancellation)', () => {
    const written: string[] = [];
    const g = new GroupTranscript(2, (c) => written.push(c.markdown));
    g.append(0, { markdown: '[H0]' }, false);
    g.append(1, { markdown: '[H1]' }, false);
    g.append(1, { markdown: 'b' });
    g.append(0, { markdown: 'a' });
    g.close();
    assert.equal(written.join(''), '[H1]b[H0]a');
  });
});
