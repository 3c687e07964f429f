// The router sends the user's provider preferences and one session id per conversation with every
// OpenRouter request (failovers included), over real HTTP to the double, in both modes.
import assert from 'node:assert/strict';
import { createProvider } from '../../src/core/providers';
import { PROVIDER_MODES, type ChatProvider, type ChatMessage } from '../../src/core/providers/types';
import { ModelRouter } from '../../src/core/router';
import type { RouterSettings } from '../../src/core/router/types';
import { OpenRouterDouble } from '../fixtures/double';
import { collect, settings, textOf } from './router.fakes';

const A = 'a/model-a:free';
const B = 'b/model-b:free';

for (const mode of PROVIDER_MODES) {
  describe(`router: provider preferences and session id (${mode})`, () => {
    let double: OpenRouterDouble;
    let provider: ChatProvider;
    let current: RouterSettings;
    let router: ModelRouter;

    before(async () => {
      double = await OpenRouterDouble.start();
      provider = createProvider(mode, { apiKey: 'sk-or-v1-router-prefs', baseUrl: double.baseUrl, appTitle: 'T' });
    });
    beforeEach(() => {
      double.reset();
      current = settings({ timeoutPerModelMs: 10_000, providerPreferences: { dataCollection: 'deny', sort: 'price' } });
      router = new ModelRouter({ provider: () => provider, models: () => [A, B], settings: () => current });
    });
    after(() => double.close());

    it('sends the preferences and one session id on every request of a conversation, the failover included', async () => {
      double.script(A, { kind: 'http-error', status: 429, retryAfter: '1' }, { kind: 'stream', text: ['second'] });
      double.script(B, { kind: 'stream', text: ['first'] });
      const turn1: ChatMessage[] = [{ role: 'user', content: 'Sort a list?' }];
      assert.equal(textOf(await collect(router.route({ messages: turn1 }))), 'first');
      const turn2: ChatMessage[] = [...turn1, { role: 'assistant', content: 'first' }, { role: 'user', content: 'Reverse it?' }];
      router.cooldowns.reset();
      assert.equal(textOf(await collect(router.route({ messages: turn2 }))), 'second');
      const sent = double.chatRequests;
      assert.deepEqual(sent.map((r) => r.model), [A, B, A]);
      for (const r of sent) assert.deepEqual(r.body.provider, { sort: 'price', data_collection: 'deny' });
      const ids = new Set(sent.map((r) => r.body.session_id));
      assert.equal(ids.size, 1, `one session id, got ${[...ids].join(', ')}`);
      assert.match(String([...ids][0]), /^ord-[0-9a-f]{32}$/);

      await collect(router.route({ messages: [{ role: 'user', content: 'A new chat' }] }));
      assert.notEqual(double.chatRequests.at(-1)?.body.session_id, [...ids][0]);
    });

    it("merges a gateway client's preferences under the user's: it may tighten, never loosen", async () => {
      double.script(A, { kind: 'stream', text: ['ok'] });
      await collect(
        router.route({
          messages: [{ role: 'user', content: 'hi' }],
          options: { provider: { dataCollection: 'allow', zdr: true, ignore: ['SomeHost'] }, sessionId: 'client-session-7' },
          origin: 'gateway',
        }),
      );
      const body = double.chatRequests.at(-1)?.body;
      assert.deepEqual(body.provider, { sort: 'price', data_collection: 'deny', zdr: true, ignore: ['SomeHost'] });
      assert.equal(body.session_id, 'client-session-7');
    });

    it('sends no provider object for a user without preferences and a request without tools', async () => {
      current = settings({ timeoutPerModelMs: 10_000 });
      double.script(A, { kind: 'stream', text: ['ok'] });
      await collect(router.route({ messages: [{ role: 'user', content: 'hi' }] }));
      assert.equal('provider' in (double.chatRequests.at(-1)?.body ?? {}), false);
    });
  });
}

describe('router: server-side models list with a sort (openrouter_sdk)', () => {
  it('sorts the endpoints of all listed models together', async () => {
    const double = await OpenRouterDouble.start();
    try {
      const provider = createProvider('openrouter_sdk', { apiKey: 'sk-or-v1-router-prefs', baseUrl: double.baseUrl, appTitle: 'T' });
      const router = new ModelRouter({
        provider: () => provider,
        models: () => [A, B],
        settings: () => settings({ serverSideFallback: true, timeoutPerModelMs: 10_000, providerPreferences: { sort: 'throughput' } }),
      });
      double.script(A, { kind: 'stream', text: ['ok'] });
      await collect(router.route({ messages: [{ role: 'user', content: 'hi' }] }));
      const body = double.chatRequests.at(-1)?.body;
      assert.deepEqual(body.models, [B]);
      assert.deepEqual(body.provider, { sort: { by: 'throughput', partition: 'none' } });
    } finally {
      await double.close();
    }
  });
});
