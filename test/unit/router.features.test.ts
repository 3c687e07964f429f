// Tool- and image-aware routing: a request that carries tools (or requires a tool call) goes only to
// models that support tools, one with an image only to models that take images, and OpenRouter's
// capability 404s fail over at once and are remembered per model and feature.
import assert from 'node:assert/strict';
import type { RequestFeature } from '../../src/core/catalog/types';
import { CapabilityMismatches } from '../../src/core/router/mismatches';
import { routerText } from '../../src/core/router/routerText';
import type { ChatMessage, ChatOptions } from '../../src/core/providers/types';
import type { RouterEvent } from '../../src/core/router/types';
import { collect, lastEvent, setup, type RouterSetup } from './router.fakes';

const TOOLS_A = 'qwen/qwen3-8b:free';
const TOOLS_B = 'mistralai/devstral-small-2505:free';
const PLAIN = 'deepseek/deepseek-r1:free';
const VISION = 'google/gemma-3n-e4b-it:free';
const UNKNOWN = 'someone/new-model:free';
const SUGGESTED = 'qwen/qwen3-235b-a22b:free';

const CAPS: Record<string, Partial<Record<RequestFeature, boolean>>> = {
  [TOOLS_A]: { tools: true, image: false },
  [TOOLS_B]: { tools: true, image: false },
  [PLAIN]: { tools: false, image: false },
  [VISION]: { tools: false, image: true },
  [SUGGESTED]: { tools: true, image: false },
};
const supports = (id: string, f: RequestFeature): boolean | undefined => CAPS[id]?.[f];
const suggestModels = (features: readonly RequestFeature[]) => [TOOLS_A, SUGGESTED, TOOLS_B].filter((m) => features.every((f) => supports(m, f)));

const TOOLS: ChatOptions = { tools: [{ name: 'read_file', parameters: { type: 'object', properties: {} } }] };
const ASK: ChatMessage[] = [{ role: 'user', content: 'Read the file.' }];
const WITH_IMAGE: ChatMessage[] = [{ role: 'user', content: 'What is this?', images: [{ mimeType: 'image/png', base64: 'iVBORw0KGgo=' }] }];

function make(models: string[], extra: Parameters<typeof setup>[2] = {}, overrides: Parameters<typeof setup>[1] = {}): RouterSetup {
  return setup(models, overrides, { supports, suggestModels, ...extra });
}

const toolCapability404 = { kind: 'error', error: { kind: 'unsupported', status: 404, unsupported: 'tools' } } as const;

function failure(events: RouterEvent[]) {
  const end = lastEvent(events);
  assert.equal(end.type, 'failed', JSON.stringify(end));
  return (end as Extract<RouterEvent, { type: 'failed' }>).failure;
}

describe('router: tool- and image-aware routing', () => {
  it('Auto sends a tool request only to models with tools, and a plain one to the first model', async () => {
    const s = make([PLAIN, TOOLS_A, TOOLS_B]);
    const end = lastEvent(await s.time.run(collect(s.router.route({ messages: ASK, options: TOOLS }))));
    assert.ok(end.type === 'done' && end.summary.model === TOOLS_A, JSON.stringify(end));
    await s.time.run(collect(s.router.route({ messages: ASK })));
    assert.deepEqual(s.provider.requests.map((r) => r.model), [TOOLS_A, PLAIN]);
  });

  it("toolChoice 'required' needs tools too; an image needs image input", async () => {
    const s = make([PLAIN, VISION, TOOLS_A]);
    await s.time.run(collect(s.router.route({ messages: ASK, options: { toolChoice: 'required' } })));
    await s.time.run(collect(s.router.route({ messages: WITH_IMAGE })));
    assert.deepEqual(s.provider.requests.map((r) => r.model), [TOOLS_A, VISION]);
  });

  it('fails over among capable models only, never to one without tools', async () => {
    const s = make([TOOLS_A, PLAIN, TOOLS_B], {}, { maxRetries: 4 });
    s.provider.script(TOOLS_A, { kind: 'error', error: { kind: 'upstream', status: 503 } });
    s.provider.script(TOOLS_B, { kind: 'error', error: { kind: 'upstream', status: 503 } });
    await s.time.run(collect(s.router.route({ messages: ASK, options: TOOLS })));
    assert.equal(s.provider.countFor(PLAIN), 0);
  });

  it('does not gamble tools on a model of unknown capabilities while a known one can answer, but tries it when none is known', async () => {
    const s = make([UNKNOWN, TOOLS_A]);
    await s.time.run(collect(s.router.route({ messages: ASK, options: TOOLS })));
    assert.deepEqual(s.provider.requests.map((r) => r.model), [TOOLS_A]);
    const alone = make([UNKNOWN, PLAIN]);
    const end = lastEvent(await alone.time.run(collect(alone.router.route({ messages: ASK, options: TOOLS }))));
    assert.equal(end.type, 'done');
    assert.deepEqual(alone.provider.requests.map((r) => r.model), [UNKNOWN]);
  });

  it('a picked model without tools is passed over, saying why, and a capable one answers', async () => {
    const s = make([TOOLS_A, PLAIN]);
    const events = await s.time.run(collect(s.router.route({ messages: ASK, options: TOOLS, preferredModel: PLAIN })));
    const skip = events.find((e) => e.type === 'skip');
    assert.ok(skip?.type === 'skip' && skip.model === PLAIN && skip.kind === 'unsupported' && skip.reason === 'does not support tool calls', JSON.stringify(skip));
    const end = lastEvent(events);
    assert.ok(end.type === 'done' && end.summary.model === TOOLS_A);
    assert.deepEqual(s.provider.requests.map((r) => r.model), [TOOLS_A]);
  });

  it('a pinned model without tools is refused without a request, naming the models that can', async () => {
    const s = make([TOOLS_A, PLAIN]);
    const f = failure(await s.time.run(collect(s.router.route({ messages: ASK, options: TOOLS, preferredModel: PLAIN, pinned: true }))));
    assert.equal(f.kind, 'unsupported');
    assert.equal(f.message, routerText('en').modelLacks(PLAIN, ['tools'], [TOOLS_A]));
    assert.match(f.message, /deepseek-r1:free does not support tool calls, so the request was not sent\. Models that do: qwen\/qwen3-8b:free/);
    assert.equal(s.provider.requests.length, 0);
  });

  it('with no enabled model that supports tools: says so, names free models that do, and sends nothing', async () => {
    const s = make([PLAIN, VISION]);
    const f = failure(await s.time.run(collect(s.router.route({ messages: ASK, options: TOOLS }))));
    assert.equal(f.kind, 'unsupported');
    assert.deepEqual(f.suggestedModels, [TOOLS_A, SUGGESTED, TOOLS_B]);
    assert.equal(
      f.message,
      'No enabled model supports tool calls, so the request was not sent. Free models that do: qwen/qwen3-8b:free, qwen/qwen3-235b-a22b:free, mistralai/devstral-small-2505:free. Enable one to use them.',
    );
    assert.equal(s.provider.requests.length, 0);
    const zh = make([PLAIN], { locale: () => 'zh-cn' });
    const fz = failure(await zh.time.run(collect(zh.router.route({ messages: WITH_IMAGE }))));
    assert.match(fz.message, /没有已启用的模型支持图片输入/);
  });

  it('a capability 404 fails over at once, is remembered for that feature, and leaves the model for plain chat', async () => {
    const s = make([TOOLS_A, TOOLS_B]);
    s.provider.script(TOOLS_A, toolCapability404, { kind: 'stream', text: ['plain answer'] });
    const start = s.time.now;
    const end = lastEvent(await s.time.run(collect(s.router.route({ messages: ASK, options: TOOLS }))));
    assert.ok(end.type === 'done' && end.summary.model === TOOLS_B);
    assert.equal(s.time.now, start, 'no back-off or wait before the next model');
    assert.ok(!s.router.healthOf(TOOLS_A).coolingDown, 'not cooled down like a gone model');

    await s.time.run(collect(s.router.route({ messages: ASK, options: TOOLS })));
    await s.time.run(collect(s.router.route({ messages: ASK })));
    assert.deepEqual(s.provider.requests.map((r) => [r.model, r.request.options?.tools ? 'tools' : 'plain']), [
      [TOOLS_A, 'tools'],
      [TOOLS_B, 'tools'],
      [TOOLS_B, 'tools'],
      [TOOLS_A, 'plain'],
    ]);
  });

  it('when every tool model answers the capability 404, the failure names free models that can', async () => {
    const s = make([TOOLS_A], {}, { maxRetries: 3 });
    s.provider.script(TOOLS_A, toolCapability404);
    const f = failure(await s.time.run(collect(s.router.route({ messages: ASK, options: TOOLS }))));
    assert.equal(f.kind, 'unsupported');
    assert.deepEqual(f.suggestedModels, [SUGGESTED, TOOLS_B]);
    assert.equal(s.provider.countFor(TOOLS_A), 1, 'not asked again within the request');
  });

  it('a plain "model not found" 404 still cools the model down', async () => {
    const s = make([TOOLS_A, TOOLS_B]);
    s.provider.script(TOOLS_A, { kind: 'error', error: { kind: 'not_found', status: 404 } });
    await s.time.run(collect(s.router.route({ messages: ASK })));
    assert.equal(s.router.healthOf(TOOLS_A).coolingDown, true);
  });

  it('a data-policy 404 on a tool request skips the model for tool requests only', async () => {
    const s = make([TOOLS_A, TOOLS_B]);
    s.provider.script(TOOLS_A, { kind: 'error', error: { kind: 'unsupported', status: 404, unsupported: 'data_policy' } }, { kind: 'stream', text: ['ok'] });
    await s.time.run(collect(s.router.route({ messages: ASK, options: TOOLS })));
    await s.time.run(collect(s.router.route({ messages: ASK, options: TOOLS })));
    await s.time.run(collect(s.router.route({ messages: ASK })));
    assert.deepEqual(s.provider.requests.map((r) => r.model), [TOOLS_A, TOOLS_B, TOOLS_B, TOOLS_A]);
  });

  it('a data-policy 404 on a plain request: other models first, and with none left it is asked once more, not again and again', async () => {
    const policy = { kind: 'error', error: { kind: 'unsupported', status: 404, unsupported: 'data_policy' } } as const;
    const s = make([TOOLS_A, TOOLS_B], {}, { maxRetries: 4 });
    s.provider.script(TOOLS_A, policy);
    await s.time.run(collect(s.router.route({ messages: ASK })));
    await s.time.run(collect(s.router.route({ messages: ASK })));
    assert.deepEqual(s.provider.requests.map((r) => r.model), [TOOLS_A, TOOLS_B, TOOLS_B]);
    const alone = make([TOOLS_A], {}, { maxRetries: 4 });
    alone.provider.script(TOOLS_A, policy);
    await alone.time.run(collect(alone.router.route({ messages: ASK })));
    const f = failure(await alone.time.run(collect(alone.router.route({ messages: ASK }))));
    assert.equal(f.kind, 'unsupported');
    assert.equal(alone.provider.countFor(TOOLS_A), 2, 'once per request');
  });

  it('a group with tools picks capable models; a named member without tools is refused alone', async () => {
    const s = make([PLAIN, TOOLS_A, VISION, TOOLS_B]);
    assert.deepEqual(s.router.pickGroup(3, ['tools']), [TOOLS_A, TOOLS_B]);
    const group = s.router.group({ messages: ASK, options: TOOLS }, { size: 3 });
    assert.deepEqual(group.members.map((m) => m.model), [TOOLS_A, TOOLS_B]);
    await s.time.run(Promise.all(group.members.map((m) => collect(m.events))));
    const named = s.router.group({ messages: ASK, options: TOOLS }, { models: [TOOLS_A, PLAIN] });
    const [, plain] = await s.time.run(Promise.all(named.members.map((m) => collect(m.events))));
    assert.equal(failure(plain).kind, 'unsupported');
    assert.equal(s.provider.countFor(PLAIN), 0);
  });

  it("OpenRouter's server-side `models` list names only capable models, also a caller's own list", async () => {
    const s = make([TOOLS_A, PLAIN, TOOLS_B, VISION], { mode: 'openrouter_sdk' }, { serverSideFallback: true });
    await s.time.run(collect(s.router.route({ messages: ASK, options: TOOLS })));
    assert.deepEqual(s.provider.requests[0].request.options?.fallbackModels, [TOOLS_B]);
    await s.time.run(collect(s.router.route({ messages: ASK, options: { ...TOOLS, fallbackModels: [PLAIN, TOOLS_B] }, preferredModel: TOOLS_A, pinned: true })));
    assert.deepEqual(s.provider.requests[1].request.options?.fallbackModels, [TOOLS_B]);
    await s.time.run(collect(s.router.route({ messages: ASK })));
    assert.deepEqual(s.provider.requests[2].request.options?.fallbackModels, [PLAIN, TOOLS_B, VISION], 'plain requests keep every model');
  });
});

describe('capability mismatch memory', () => {
  it('is bounded in size, oldest first, and forgets after its time', () => {
    const m = new CapabilityMismatches(1000, 3);
    for (let i = 0; i < 5; i++) m.record(`m/${i}`, 'tools', ['tools'], 0);
    assert.equal(m.size, 3);
    assert.equal(m.refuses('m/0', ['tools'], 1), false);
    assert.equal(m.refuses('m/4', ['tools'], 1), true);
    assert.equal(m.refuses('m/4', [], 1), false, 'plain requests are not refused');
    assert.equal(m.refuses('m/4', ['image', 'tools'], 1), true, 'a request needing more is refused');
    assert.equal(m.refuses('m/4', ['tools'], 1000), false);
    assert.equal(m.size, 0);
  });
});
