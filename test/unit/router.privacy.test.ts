// `privacy_restricted` (issue 23 §1): the model is failed over and skipped while the data policy
// stands; when the user changes what excludes it (the data-policy and provider settings), the router
// forgets the refusal and asks it again; and the failover and the message say which setting excludes
// it: one of the extension's own or the account's at https://openrouter.ai/settings/privacy.
// Over real HTTP to the double, with OpenRouter's availability bodies, in both modes.
import assert from 'node:assert/strict';
import { createProvider } from '../../src/core/providers';
import { PROVIDER_MODES, type ChatProvider } from '../../src/core/providers/types';
import type { ProviderPreferences } from '../../src/core/providers/providerPreferences';
import { ModelRouter } from '../../src/core/router';
import type { RouterEvent, RouterSettings } from '../../src/core/router/types';
import { availabilityError, NO_ENDPOINTS, noEndpoints, OpenRouterDouble } from '../fixtures/double';
import { collect, lastEvent, settings } from './router.fakes';

const A = 'a/model-a:free';
const B = 'b/model-b:free';
// What the double's privacy_restricted body says, as the message quotes it.
const SERVER = `"${NO_ENDPOINTS.dataPolicy.replace(/[.\s]+$/, '')}"`;
const ASK = { messages: [{ role: 'user' as const, content: 'hi' }] };
const attempts = (events: RouterEvent[]) => events.filter((e) => e.type === 'attempt').map((e) => (e as { model: string }).model);

for (const mode of PROVIDER_MODES) {
  describe(`router: privacy refusals and the data policy (${mode})`, () => {
    let double: OpenRouterDouble;
    let provider: ChatProvider;
    let current: RouterSettings;
    let router: ModelRouter;

    before(async () => {
      double = await OpenRouterDouble.start();
      provider = createProvider(mode, { apiKey: 'sk-or-v1-router-privacy', baseUrl: double.baseUrl, appTitle: 'T' });
    });
    beforeEach(() => {
      double.reset();
      current = settings({ timeoutPerModelMs: 10_000, providerPreferences: { dataCollection: 'deny' } });
      router = new ModelRouter({ provider: () => provider, models: () => [A, B], settings: () => current });
    });
    after(() => double.close());

    const changes: [string, ProviderPreferences][] = [
      ['provider.dataCollection', { dataCollection: 'allow' }],
      ['provider.zdr', { dataCollection: 'deny', zdr: true }],
      ['provider.ignore', { dataCollection: 'deny', ignore: ['SomeHost'] }],
    ];
    for (const [what, change] of changes) {
      it(`skipped while the policy stands, asked again once ${what} changes`, async () => {
        double.script(A, availabilityError('privacy_restricted', A, { excluded_by: ['data_policy:training'] }), { kind: 'stream', text: ['A answers'] });
        assert.deepEqual(attempts(await collect(router.route(ASK))), [A, B]);
        assert.deepEqual(attempts(await collect(router.route(ASK))), [B], 'not asked again while the policy stands');
        current = { ...current, providerPreferences: { ...change } };
        assert.deepEqual(attempts(await collect(router.route(ASK))), [A], 'the changed policy is worth asking it again');
        assert.deepEqual(
          double.chatRequests.map((r) => r.model),
          [A, B, B, A],
        );
      });
    }

    const cases: { name: string; prefs?: ProviderPreferences; excludedBy?: string[]; message: string; hint: string }[] = [
      {
        name: "the extension's data collection preference",
        prefs: { dataCollection: 'deny' },
        excludedBy: ['data_policy:training'],
        message: `OpenRouter has no endpoint of ${A} that the extension's data policy allows (404): ${SERVER}: 'openrouterDual.provider.dataCollection' is "deny", which leaves out endpoints that store or train on prompts (many free ones do). Set it to "allow" to use this model, or use another model.`,
        hint: 'left out by openrouterDual.provider.dataCollection = "deny"',
      },
      {
        name: "the extension's ZDR preference",
        prefs: { zdr: true },
        excludedBy: ['zdr'],
        message: `OpenRouter has no endpoint of ${A} that the extension's data policy allows (404): ${SERVER}: 'openrouterDual.provider.zdr' is on, which leaves only Zero Data Retention endpoints. Turn it off to use this model, or use another model.`,
        hint: 'left out by openrouterDual.provider.zdr = true',
      },
      {
        name: "the account's training switch",
        excludedBy: ['data_policy:training'],
        message: `OpenRouter has no endpoint of ${A} that your account's privacy settings allow (404): ${SERVER}: its endpoints may train on prompts, which your settings at https://openrouter.ai/settings/privacy exclude (free models have a switch of their own there). Allow it there, or use another model.`,
        hint: 'left out by your OpenRouter privacy settings (endpoints that may train on prompts), https://openrouter.ai/settings/privacy',
      },
      {
        name: "the account's ZDR-only setting",
        excludedBy: ['zdr'],
        message: `OpenRouter has no endpoint of ${A} that your account's privacy settings allow (404): ${SERVER}: they allow Zero Data Retention endpoints only (https://openrouter.ai/settings/privacy). Change that there, or use another model.`,
        hint: 'left out by your OpenRouter privacy settings (ZDR endpoints only), https://openrouter.ai/settings/privacy',
      },
    ];
    for (const c of cases) {
      it(`privacy_restricted by ${c.name}: the failover and the message say which setting to change`, async () => {
        current = settings({ timeoutPerModelMs: 10_000, providerPreferences: c.prefs });
        double.script(A, availabilityError('privacy_restricted', A, { excluded_by: c.excludedBy }));
        const answered = lastEvent(await collect(router.route(ASK)));
        assert.equal(answered.type, 'done');
        const tried = answered.summary.attempts.find((a) => a.model === A);
        assert.equal(tried?.reason, `cannot take this request (404); ${c.hint}`);
        const pinned = lastEvent(await collect(router.route({ ...ASK, preferredModel: A, pinned: true })));
        assert.equal(pinned.type === 'failed' && pinned.failure.message, c.message);
      });
    }

    it('a data-policy 404 without excluded_by (older bodies): what the request sent is named', async () => {
      current = settings({ timeoutPerModelMs: 10_000, providerPreferences: { dataCollection: 'deny' } });
      double.script(A, noEndpoints('dataPolicy'));
      const failed = lastEvent(await collect(router.route({ ...ASK, preferredModel: A, pinned: true })));
      assert.match(failed.type === 'failed' ? failed.failure.message : '', /'openrouterDual\.provider\.dataCollection' is "deny"/);
    });

    it('a change of the sort alone is no reason to ask again; a tools refusal is kept whatever the policy', async () => {
      double.script(A, availabilityError('privacy_restricted', A, { excluded_by: ['zdr'] }));
      await collect(router.route(ASK));
      current = { ...current, providerPreferences: { dataCollection: 'deny', sort: 'price' } };
      assert.deepEqual(attempts(await collect(router.route(ASK))), [B]);
      router.mismatches.record(B, 'tools', ['tools'], Date.now());
      current = { ...current, providerPreferences: { dataCollection: 'allow' } };
      assert.equal(router.mismatches.refuses(B, ['tools'], Date.now()), true);
      await collect(router.route(ASK));
      assert.equal(router.mismatches.refuses(B, ['tools'], Date.now()), true, 'what a model can do does not depend on the policy');
    });
  });
}
