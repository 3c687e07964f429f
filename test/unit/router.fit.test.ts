// Routing by fit (issue 22): a request goes only to models whose context window holds its input
// plus the output it reserves, over the real providers and the OpenRouter double, which counts with
// a real tokenizer and answers its real context-length 400 when a request is longer than a window.
import assert from 'node:assert/strict';
import { createProvider } from '../../src/core/providers';
import { PROVIDER_MODES, type ChatMessage, type ChatProvider, type ProviderMode } from '../../src/core/providers/types';
import { ModelRouter } from '../../src/core/router';
import { LearnedWindows } from '../../src/core/router/fit';
import type { MessageLocale } from '../../src/core/shared/errorKinds';
import type { RouteFailure, RouterEvent, RouterSettings } from '../../src/core/router/types';
import { OpenRouterDouble } from '../fixtures/double';
import { collect, lastEvent, settings, setup, textOf } from './router.fakes';

const SMALL = 'google/gemma-3n-e4b-it:free';
const BIG = 'qwen/qwen3-235b-a22b:free';
const BIG2 = 'deepseek/deepseek-r1:free';
const HUGE = 'google/gemini-2.0-flash-exp:free';
const WINDOWS: Record<string, number> = { [SMALL]: 8192, [BIG]: 131072, [BIG2]: 163840, [HUGE]: 1048576 };

/** About `tokens` tokens of English prose. */
function prose(tokens: number): string {
  const sentence = 'The router places every request on a model whose window holds it, and says plainly when none does. ';
  return sentence.repeat(Math.ceil(tokens / 20));
}
const LONG: ChatMessage[] = [{ role: 'user', content: `Summarize this log:\n${prose(20_000)}` }];
const SHORT: ChatMessage[] = [{ role: 'user', content: 'hi' }];

function failureOf(events: RouterEvent[]): RouteFailure {
  const end = lastEvent(events);
  assert.equal(end.type, 'failed', `expected a failure, got ${JSON.stringify(end)}`);
  return end.type === 'failed' ? end.failure : assert.fail();
}
const skips = (events: RouterEvent[]) => events.filter((e): e is Extract<RouterEvent, { type: 'skip' }> => e.type === 'skip');

for (const mode of PROVIDER_MODES) {
  describe(`router: requests that fit (${mode})`, () => {
    let double: OpenRouterDouble;
    let provider: ChatProvider;
    let current: RouterSettings;
    let models: string[];
    let listed: Record<string, number>;
    let locale: MessageLocale;
    let router: ModelRouter;

    before(async () => {
      double = await OpenRouterDouble.start();
      provider = createProvider(mode as ProviderMode, { apiKey: 'sk-or-v1-router-fit', baseUrl: double.baseUrl, appTitle: 'OpenRouter Dual Test' });
      for await (const part of provider.stream({ model: 'warm/up:free', messages: SHORT })) void part;
    });
    beforeEach(() => {
      double.reset();
      current = settings({ timeoutPerModelMs: 10_000 });
      models = [SMALL, BIG];
      listed = { ...WINDOWS };
      locale = 'en';
      router = new ModelRouter({
        provider: () => provider,
        models: () => models,
        settings: () => current,
        contextWindow: (id) => listed[id],
        suggestModels: (_features, minContext = 0) => [SMALL, BIG, BIG2, HUGE].filter((m) => (WINDOWS[m] ?? 0) >= minContext),
        locale: () => locale,
      });
    });
    after(() => double.close());

    it('passes over a model whose window cannot hold the request, saying so; the larger one answers; a short one still goes to the small one first', async () => {
      const events = await collect(router.route({ messages: LONG }));
      const end = lastEvent(events);
      assert.ok(end.type === 'done' && end.summary.model === BIG, JSON.stringify(end));
      const skip = skips(events).find((e) => e.model === SMALL);
      assert.ok(skip, 'a skip line for the small model');
      assert.equal(skip.kind, 'context_length');
      assert.match(skip.reason, /^8K window, request ~2\dK$/);
      await collect(router.route({ messages: SHORT }));
      assert.deepEqual(double.chatRequests.map((r) => r.model), [BIG, SMALL], 'the long request never reached the small model');
    });

    for (const older of [false, true]) {
      it(`the server's word wins (${older ? 'older "middle-out"' : 'current "context-compression"'} wording): fails over at once, no cooldown, no failure counted, and the stated window is remembered`, async () => {
        double.setOlderContextWording(older);
        // The list says 128K; the endpoint serving it holds 8K.
        listed[SMALL] = 131072;
        double.setContextWindow(SMALL, 8192);
        const events = await collect(router.route({ messages: LONG }));
        const end = lastEvent(events);
        assert.ok(end.type === 'done' && end.summary.model === BIG, JSON.stringify(end));
        assert.deepEqual(double.chatRequests.map((r) => r.model), [SMALL, BIG]);
        assert.equal(end.summary.attempts[0].kind, 'context_length');
        assert.equal(router.windowOf(SMALL), 8192);
        const small = router.stats.snapshot().models.find((m) => m.model === SMALL);
        assert.equal(small?.cooldownUntil, undefined, 'no cooldown');
        assert.equal(router.healthOf(SMALL).successRate, undefined, 'not counted against its success rate');
        // Passed over without spending a retry: with none left, the larger model still answers.
        current = settings({ timeoutPerModelMs: 10_000, maxRetries: 0 });
        router.windows.reset();
        const again = lastEvent(await collect(router.route({ messages: LONG })));
        assert.ok(again.type === 'done' && again.summary.model === BIG, JSON.stringify(again));
        // The next long request is not sent there at all; a short one is.
        await collect(router.route({ messages: LONG }));
        await collect(router.route({ messages: SHORT }));
        assert.deepEqual(double.chatRequests.map((r) => r.model), [SMALL, BIG, SMALL, BIG, BIG, SMALL]);
      });
    }

    for (const lang of ['en', 'zh-cn'] as const) {
      it(`sends nothing when no enabled model fits, says how large the request is and names free models that fit (${lang})`, async () => {
        locale = lang;
        const failure = failureOf(await collect(router.route({ messages: [{ role: 'user', content: prose(200_000) }] })));
        assert.equal(failure.kind, 'context_length');
        assert.deepEqual(failure.suggestedModels, [HUGE]);
        assert.match(failure.message, lang === 'en' ? /about 2\d\dK tokens.*largest, qwen\/qwen3-235b-a22b:free, holds 131K.*google\/gemini-2\.0-flash-exp:free \(1\.0M\)|about 2\d\dK tokens.*holds 131K.*gemini-2\.0-flash-exp:free \(1M\)/ : /约 2\d\dK 个 token.*gemini-2\.0-flash-exp:free/);
        assert.equal(double.chatRequests.length, 0);
      });
    }

    it('never asks for more output than the chosen window leaves', async () => {
      models = [BIG];
      const events = await collect(router.route({ messages: LONG, options: { maxTokens: 131072 } }));
      assert.equal(lastEvent(events).type, 'done', JSON.stringify(lastEvent(events)));
      const sent = double.chatRequests[0].body as { max_tokens?: number; max_completion_tokens?: number };
      const asked = sent.max_tokens ?? sent.max_completion_tokens ?? 0;
      assert.ok(asked > 0 && asked < 131072 - 20_000, `max_tokens ${asked}`);
    });

    it('a pinned model too small for the request is not sent to; the message names models that fit', async () => {
      const failure = failureOf(await collect(router.route({ messages: LONG, preferredModel: SMALL, pinned: true })));
      assert.equal(failure.kind, 'context_length');
      assert.match(failure.message, /google\/gemma-3n-e4b-it:free \(8K\) cannot hold this request.*qwen\/qwen3-235b-a22b:free/);
      assert.equal(double.chatRequests.length, 0);
    });

    if (mode === 'openrouter_sdk') {
      it("leaves models too small for the request out of OpenRouter's server-side models list", async () => {
        current = settings({ timeoutPerModelMs: 10_000, serverSideFallback: true });
        models = [BIG, SMALL, BIG2];
        await collect(router.route({ messages: LONG }));
        const body = double.chatRequests[0].body as { model: string; models?: string[] };
        assert.equal(body.model, BIG);
        assert.deepEqual(body.models, [BIG2]);
      });
    }
  });
}

describe('router: fit in /group and memory', () => {
  it('/group picks only models whose window holds the request', async () => {
    const s = setup([SMALL, BIG, BIG2], {}, { contextWindow: (id) => WINDOWS[id] });
    const handle = s.router.group({ messages: LONG }, { size: 3 });
    assert.deepEqual(handle.members.map((m) => m.model), [BIG, BIG2]);
    for (const member of handle.members) textOf(await s.time.run(collect(member.events)));
    assert.equal(s.provider.countFor(SMALL), 0);
    assert.deepEqual(s.router.pickGroup(3), [SMALL, BIG, BIG2], 'without a request, every enabled model');
  });

  it('remembers stated windows for a bounded number of models, never more than the refused size', () => {
    const windows = new LearnedWindows();
    for (let i = 0; i < 400; i++) windows.learn(`m/${i}:free`, 32768, 50_000);
    assert.ok(windows.size <= 256, `${windows.size} windows`);
    assert.equal(windows.get('m/399:free'), 32768);
    windows.learn('x/y:free', undefined, 30_000);
    assert.equal(windows.get('x/y:free'), 29_999);
  });
});
