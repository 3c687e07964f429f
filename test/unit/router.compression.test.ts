// OpenRouter's context-compression plugin (issue 22 §4), a setting off by default: a request no
// enabled window holds goes to OpenRouter's models with `plugins: [{ id: "context-compression" }]`
// instead of being refused, largest window first; never to another endpoint. Real HTTP to the
// OpenRouter double (which answers its context-length 400 unless the body asks for the plugin) and
// to the local-server double, through both providers.
import assert from 'node:assert/strict';
import { createProvider } from '../../src/core/providers';
import { PROVIDER_MODES, type ChatMessage, type ChatProvider, type ProviderMode } from '../../src/core/providers/types';
import { ModelRouter } from '../../src/core/router';
import type { RouterEvent, RouterSettings } from '../../src/core/router/types';
import { isFreeModelId } from '../../src/core/shared/modelIds';
import { DispatchingProvider, EndpointAvailability, EndpointBudgets, endpointRouting, type EndpointConfig } from '../../src/core/endpoints';
import { OpenRouterDouble } from '../fixtures/double';
import { LocalServerDouble } from '../fixtures/localServerDouble';
import { collect, lastEvent, settings, textOf } from './router.fakes';

const SMALL = 'google/gemma-3n-e4b-it:free';
const BIG = 'qwen/qwen3-235b-a22b:free';
const LOCAL = '@local/llama3.2:3b';
/** Windows the router is told and the doubles enforce: small, so the texts stay short. */
const WINDOWS: Record<string, number> = { [SMALL]: 8192, [BIG]: 16384, [LOCAL]: 4096 };

/** About `tokens` tokens of English prose. */
function prose(tokens: number): string {
  return 'The router places every request on a model whose window holds it, and says plainly when none does. '.repeat(Math.ceil(tokens / 20));
}
/** ~30K tokens: more than every window above. */
const TOO_LONG: ChatMessage[] = [{ role: 'user', content: `Summarize this log:\n${prose(30_000)}` }];

interface SentBody {
  plugins?: unknown;
  max_tokens?: number;
  max_completion_tokens?: number;
}

for (const mode of PROVIDER_MODES) {
  describe(`router: OpenRouter's context-compression plugin for requests no window holds (${mode})`, () => {
    let double: OpenRouterDouble;
    let local: LocalServerDouble;
    let openRouter: ChatProvider;
    let endpoints: EndpointConfig[];
    let current: RouterSettings;
    let models: string[];
    let router: ModelRouter;

    before(async () => {
      double = await OpenRouterDouble.start();
      local = await LocalServerDouble.start();
      openRouter = createProvider(mode as ProviderMode, { apiKey: 'sk-or-v1-router-compression', baseUrl: double.baseUrl, appTitle: 'OpenRouter Dual Test' });
      for await (const part of openRouter.stream({ model: 'warm/up:free', messages: [{ role: 'user', content: 'hi' }] })) void part;
    });
    beforeEach(async () => {
      double.reset();
      local.reset();
      await local.switchOn();
      for (const [model, window] of Object.entries(WINDOWS)) if (!model.startsWith('@')) double.setContextWindow(model, window);
      local.setContextWindow('llama3.2:3b', WINDOWS[LOCAL], 'vllm');
      endpoints = [{ id: 'local', label: 'Local vLLM', baseUrl: local.baseUrl }];
      current = settings({ timeoutPerModelMs: 10_000, contextCompression: true });
      models = [SMALL, BIG];
      const availability = new EndpointAvailability(Date.now);
      const provider = new DispatchingProvider({ openRouter: () => openRouter, endpoints: () => endpoints, keyOf: () => undefined, appTitle: 'OpenRouter Dual Test', availability });
      const routing = endpointRouting({ endpoints: () => endpoints, availability, budgets: new EndpointBudgets(() => endpoints, Date.now), isOpenRouterFree: isFreeModelId });
      router = new ModelRouter({ provider: () => provider, models: () => models, settings: () => current, contextWindow: (id) => WINDOWS[id], retryBackoffMs: 1, ...routing });
    });
    after(async () => {
      await double.close();
      await local.close();
    });

    const sentBodies = () => double.chatRequests.map((r) => r.body as SentBody);

    it('the double answers the context-length 400 to a request over the window, and takes it with the plugin (the provider sends it on the wire)', async () => {
      const errorOf = async (options?: { contextCompression: boolean }) => {
        for await (const part of openRouter.stream({ model: BIG, messages: TOO_LONG, options })) if (part.type === 'error') return part.error;
        return undefined;
      };
      assert.equal((await errorOf())?.kind, 'context_length');
      assert.equal(await errorOf({ contextCompression: true }), undefined);
      assert.deepEqual(sentBodies().map((b) => b.plugins), [undefined, [{ id: 'context-compression' }]]);
    });

    it('off (the default): nothing is sent, the request is refused as too long', async () => {
      current = settings({ timeoutPerModelMs: 10_000 });
      const end = lastEvent(await collect(router.route({ messages: TOO_LONG })));
      assert.ok(end.type === 'failed' && end.failure.kind === 'context_length', JSON.stringify(end));
      assert.equal(double.chatRequests.length, 0);
    });

    it('on: the largest window gets the request with the plugin and an output cap it leaves room for; the answer says it was compressed', async () => {
      const events = await collect(router.route({ messages: TOO_LONG }));
      const end = lastEvent(events);
      assert.ok(end.type === 'done' && end.summary.model === BIG, JSON.stringify(end));
      assert.equal(textOf(events), `Hello from ${BIG}.`);
      assert.deepEqual(double.chatRequests.map((r) => r.model), [BIG]);
      const [body] = sentBodies();
      assert.deepEqual(body.plugins, [{ id: 'context-compression' }]);
      assert.equal(body.max_tokens ?? body.max_completion_tokens, 4096, 'a quarter of the 16K window at most');
      assert.ok(end.summary.compressedFrom !== undefined && end.summary.compressedFrom > 16384, `compressedFrom ${end.summary.compressedFrom}`);
      assert.ok(!events.some((e) => e.type === 'skip'), 'no model is passed over: each may take it compressed');
    });

    it('on: a failure there fails over to the next OpenRouter model, also compressed', async () => {
      double.script(BIG, { kind: 'http-error', status: 429, retryAfter: '30' });
      const end = lastEvent(await collect(router.route({ messages: TOO_LONG })));
      assert.ok(end.type === 'done' && end.summary.model === SMALL, JSON.stringify(end));
      assert.deepEqual(double.chatRequests.map((r) => r.model), [BIG, SMALL]);
      assert.deepEqual(sentBodies().map((b) => b.plugins), [[{ id: 'context-compression' }], [{ id: 'context-compression' }]]);
      assert.equal(sentBodies()[1].max_tokens ?? sentBodies()[1].max_completion_tokens, 2048, 'a quarter of the 8K window');
    });

    it('on: a request that fits is sent as it is, without the plugin', async () => {
      await collect(router.route({ messages: [{ role: 'user', content: 'hi' }] }));
      assert.deepEqual(double.chatRequests.map((r) => r.model), [SMALL]);
      assert.equal(sentBodies()[0].plugins, undefined);
    });

    it("on: never for another endpoint: the local model is passed over as too long and its server sees nothing; OpenRouter's model takes it compressed", async () => {
      models = [LOCAL, SMALL];
      const events = await collect(router.route({ messages: TOO_LONG }));
      const end = lastEvent(events);
      assert.ok(end.type === 'done' && end.summary.model === SMALL, JSON.stringify(end));
      const skip = events.find((e): e is Extract<RouterEvent, { type: 'skip' }> => e.type === 'skip');
      assert.ok(skip?.model === LOCAL && skip.kind === 'context_length', JSON.stringify(skip));
      assert.equal(local.chatRequests().length, 0);
      assert.deepEqual(sentBodies()[0].plugins, [{ id: 'context-compression' }]);
    });

    it('on, with only an endpoint enabled: refused as too long, nothing sent anywhere', async () => {
      models = [LOCAL];
      const end = lastEvent(await collect(router.route({ messages: TOO_LONG })));
      assert.ok(end.type === 'failed' && end.failure.kind === 'context_length', JSON.stringify(end));
      assert.equal(local.chatRequests().length, 0);
      assert.equal(double.chatRequests.length, 0);
    });

    it('on: a pinned model is compressed only when no other enabled window holds the request', async () => {
      const end = lastEvent(await collect(router.route({ messages: TOO_LONG, preferredModel: SMALL, pinned: true })));
      assert.ok(end.type === 'done' && end.summary.model === SMALL, JSON.stringify(end));
      assert.deepEqual(sentBodies()[0].plugins, [{ id: 'context-compression' }]);
      const medium: ChatMessage[] = [{ role: 'user', content: prose(9_000) }];
      const refused = lastEvent(await collect(router.route({ messages: medium, preferredModel: SMALL, pinned: true })));
      assert.ok(refused.type === 'failed' && /qwen3-235b-a22b/.test(refused.failure.message), JSON.stringify(refused));
      assert.equal(double.chatRequests.length, 1, 'the pinned model is not sent a request another window holds');
    });
  });
}
