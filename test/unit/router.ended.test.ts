// A model OpenRouter says ended for this user (`free_variant_ended`, `model_deprecated`, issue 23 §1):
// failed over at once, never sent a request again, and announced once with the free entries of
// `fallback_models` (never a paid one, never one already enabled). Over real HTTP to the double, with
// OpenRouter's availability bodies (plain 404 and streamed error event), in both modes.
import assert from 'node:assert/strict';
import { createProvider } from '../../src/core/providers';
import { PROVIDER_MODES, type ChatProvider } from '../../src/core/providers/types';
import { ModelRouter } from '../../src/core/router';
import type { EndedModel } from '../../src/core/router/endedModels';
import type { RouterEvent, RouterSettings } from '../../src/core/router/types';
import { availabilityError, OpenRouterDouble, streamedAvailabilityError } from '../fixtures/double';
import { collect, lastEvent, settings, textOf } from './router.fakes';

const ENDED = 'deepseek/deepseek-r1:free';
const B = 'qwen/qwen3-8b:free';
const C = 'qwen/qwen3-30b-a3b:free';
const FREE_1 = 'z-ai/glm-4.5-air:free';
const FREE_2 = 'google/gemma-3n-e4b-it:free';
const PAID = 'deepseek/deepseek-r1';
const ASK = { messages: [{ role: 'user' as const, content: 'hi' }] };
// OpenRouter names the paid variant first, then free ones, one of them already enabled.
const FALLBACKS = [PAID, FREE_1, B, FREE_2];

const attempts = (events: RouterEvent[]) => events.filter((e) => e.type === 'attempt').map((e) => (e as { model: string }).model);
const skips = (events: RouterEvent[]) => events.filter((e) => e.type === 'skip').map((e) => (e as { model: string; reason: string }).reason);

for (const mode of PROVIDER_MODES) {
  describe(`router: models that ended on OpenRouter (${mode})`, () => {
    let double: OpenRouterDouble;
    let provider: ChatProvider;
    let current: RouterSettings;
    let enabled: string[];
    let router: ModelRouter;
    let told: EndedModel[];

    before(async () => {
      double = await OpenRouterDouble.start();
      provider = createProvider(mode, { apiKey: 'sk-or-v1-router-ended', baseUrl: double.baseUrl, appTitle: 'T' });
    });
    beforeEach(() => {
      double.reset();
      current = settings({ timeoutPerModelMs: 10_000 });
      enabled = [ENDED, B, C];
      router = new ModelRouter({ provider: () => provider, models: () => enabled, settings: () => current });
      told = [];
      router.ended.onDidEnd((e) => told.push(e));
    });
    after(() => double.close());

    for (const [code, body] of [
      ['free_variant_ended', availabilityError('free_variant_ended', ENDED, { fallback_models: FALLBACKS })],
      ['model_deprecated', streamedAvailabilityError('model_deprecated', ENDED, { fallback_models: FALLBACKS })],
    ] as const) {
      it(`${code}: fails over at once, tells once with the free fallbacks not enabled, and never sends to it again`, async () => {
        double.script(ENDED, body);
        const first = await collect(router.route(ASK));
        assert.deepEqual(attempts(first), [ENDED, B]);
        assert.equal(lastEvent(first).type, 'done');
        assert.equal(textOf(first), `Hello from ${B}.`);
        const done = lastEvent(first);
        // The streamed error event comes after a 200: it has no status of its own.
        assert.match(String(done.type === 'done' && done.summary.attempts[0].reason), /^model not found( \(404\))?; ended on OpenRouter$/, 'the footer says why it was passed over');
        assert.deepEqual(
          told.map((e) => ({ model: e.model, code: e.code, replacements: e.replacements })),
          [{ model: ENDED, code, replacements: [FREE_1, FREE_2] }],
          'the paid variant and the enabled model are not offered',
        );
        for (let i = 0; i < 3; i++) {
          const next = await collect(router.route(ASK));
          assert.deepEqual(attempts(next), [B]);
          assert.deepEqual(skips(next), [], 'the user was told once: no line per request');
        }
        assert.equal(double.chatRequests.filter((r) => r.model === ENDED).length, 1, 'asked once, never again');
        assert.equal(told.length, 1, 'told once');
      });
    }

    it('concurrent requests meeting the end tell once', async () => {
      double.script(ENDED, availabilityError('free_variant_ended', ENDED, { fallback_models: [FREE_1] }));
      const routes = await Promise.all([1, 2, 3].map(() => collect(router.route(ASK))));
      for (const r of routes) assert.equal(textOf(r), `Hello from ${B}.`);
      assert.equal(told.length, 1);
    });

    it('a model picked that has ended: the answer comes from another, pinned: nothing is sent and the replacements are offered', async () => {
      double.script(ENDED, availabilityError('free_variant_ended', ENDED, { fallback_models: FALLBACKS }));
      await collect(router.route(ASK));
      const sent = double.chatRequests.length;
      const picked = await collect(router.route({ ...ASK, preferredModel: ENDED }));
      assert.deepEqual(attempts(picked), [B]);
      assert.deepEqual(skips(picked), ['ended on OpenRouter']);
      const pinned = lastEvent(await collect(router.route({ ...ASK, preferredModel: ENDED, pinned: true })));
      assert.equal(pinned.type, 'failed');
      if (pinned.type !== 'failed') return;
      assert.equal(
        pinned.failure.message,
        `${ENDED} has ended on OpenRouter (the free variant ended or the model is deprecated), so the request was not sent. Free replacements OpenRouter suggests: ${FREE_1}, ${FREE_2}. Enable one to use it.`,
      );
      assert.deepEqual(pinned.failure.suggestedModels, [FREE_1, FREE_2]);
      assert.equal(double.chatRequests.length, sent + 1, 'only the picked request went out, to B');
    });

    it('every enabled model ended: nothing is sent, and the message names the free replacements', async () => {
      enabled = [ENDED];
      double.script(ENDED, availabilityError('model_deprecated', ENDED, { fallback_models: [PAID, FREE_1] }));
      const first = lastEvent(await collect(router.route(ASK)));
      assert.equal(first.type, 'failed');
      const again = lastEvent(await collect(router.route(ASK)));
      assert.equal(again.type, 'failed');
      if (again.type !== 'failed') return;
      assert.equal(again.failure.kind, 'not_found');
      assert.deepEqual(again.failure.suggestedModels, [FREE_1]);
      assert.match(again.failure.message, /ended on OpenRouter .* Free replacements OpenRouter suggests: z-ai\/glm-4\.5-air:free\./);
      assert.equal(double.chatRequests.length, 1, 'the second request sent nothing');
    });

    it('with free-only off, a paid fallback is still never offered as a one-click replacement', async () => {
      current = settings({ timeoutPerModelMs: 10_000, freeModelsOnly: false });
      double.script(ENDED, availabilityError('free_variant_ended', ENDED, { fallback_models: [PAID] }));
      await collect(router.route(ASK));
      assert.deepEqual(told.map((e) => e.replacements), [[]]);
    });
  });
}

describe('router: an ended model leaves the server-side models list (openrouter_sdk)', () => {
  it('the requests after the end name only the models still served', async () => {
    const double = await OpenRouterDouble.start();
    try {
      const provider = createProvider('openrouter_sdk', { apiKey: 'sk-or-v1-router-ended', baseUrl: double.baseUrl, appTitle: 'T' });
      const router = new ModelRouter({ provider: () => provider, models: () => [B, ENDED, C], settings: () => settings({ serverSideFallback: true }) });
      double.script(ENDED, availabilityError('free_variant_ended', ENDED));
      // Pinned, so no models list: OpenRouter's own fallback would hide the end from the router.
      await collect(router.route({ ...ASK, preferredModel: ENDED, pinned: true }));
      await collect(router.route(ASK));
      assert.deepEqual(
        double.chatRequests.map((r) => [r.model, r.body.models]),
        [
          [ENDED, undefined],
          [B, [C]],
        ],
      );
    } finally {
      await double.close();
    }
  });
});
