// One router over two servers: the OpenRouter double and a local OpenAI-compatible server double,
// both real HTTP on loopback, through the real SDKs. What a user would notice: which server
// answered, that no text is shown twice, that a server that is off costs no retry, and that each
// server's budget counts only its own requests.
import assert from 'node:assert/strict';
import { createProvider } from '../../src/core/providers';
import { PROVIDER_MODES, type ChatProvider, type ProviderMode } from '../../src/core/providers/types';
import { ModelRouter } from '../../src/core/router';
import type { RouterSettings, RouterEvent } from '../../src/core/router/types';
import { isFreeModelId } from '../../src/core/shared/modelIds';
import { DispatchingProvider, EndpointAvailability, EndpointBudgets, endpointRouting, type EndpointConfig } from '../../src/core/endpoints';
import { freeTierLimit, OpenRouterDouble } from '../fixtures/double';
import { LocalServerDouble } from '../fixtures/localServerDouble';
import { collect, lastEvent, settings, textOf } from './router.fakes';

const A = 'a/model-a:free';
const B = 'b/model-b:free';
const LOCAL = '@local/llama3.2:3b';
const LOCAL2 = '@local/qwen2.5-coder:7b';
const OPENROUTER_KEY = 'sk-or-v1-endpoints-test';
const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

function answeredBy(events: RouterEvent[]): string | undefined {
  const end = lastEvent(events);
  return end.type === 'done' ? end.summary.model : undefined;
}

function attempts(events: RouterEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'attempt' ? [e.model] : []));
}

for (const mode of PROVIDER_MODES) {
  describe(`one router over OpenRouter and a local endpoint (${mode})`, () => {
    let openRouter: OpenRouterDouble;
    let local: LocalServerDouble;
    let openRouterProvider: ChatProvider;
    let endpoints: EndpointConfig[];
    let now: number;
    let availability: EndpointAvailability;
    let current: RouterSettings;
    let models: string[];
    let router: ModelRouter;

    before(async () => {
      openRouter = await OpenRouterDouble.start();
      local = await LocalServerDouble.start();
      openRouterProvider = createProvider(mode as ProviderMode, { apiKey: OPENROUTER_KEY, baseUrl: openRouter.baseUrl, appTitle: 'OpenRouter Dual Test' });
      // Load both SDKs before anything is measured.
      for await (const part of openRouterProvider.stream({ model: 'warm/up:free', ...ask })) void part;
    });
    beforeEach(async () => {
      openRouter.reset();
      local.reset();
      await local.switchOn();
      endpoints = [{ id: 'local', label: 'Local Ollama', baseUrl: local.baseUrl }];
      now = Date.UTC(2026, 0, 1, 12);
      availability = new EndpointAvailability(() => now);
      current = settings({ timeoutPerModelMs: 5_000, maxRetries: 2 });
      models = [A, LOCAL];
      router = newRouter();
    });
    after(async () => {
      await openRouter.close();
      await local.close();
    });

    function newRouter(): ModelRouter {
      const budgets = new EndpointBudgets(() => endpoints, () => now);
      const provider = new DispatchingProvider({ openRouter: () => openRouterProvider, endpoints: () => endpoints, keyOf: () => undefined, appTitle: 'OpenRouter Dual Test', availability });
      const routing = endpointRouting({ endpoints: () => endpoints, availability, budgets, isOpenRouterFree: isFreeModelId });
      return new ModelRouter({ provider: () => provider, models: () => models, settings: () => current, clock: () => now, retryBackoffMs: 1, ...routing });
    }

    it('a 429 at OpenRouter is answered by the local endpoint, the text shown once', async () => {
      openRouter.script(A, { kind: 'http-error', status: 429, retryAfter: '30' });
      const events = await collect(router.route(ask));
      assert.equal(textOf(events), `Hello from llama3.2:3b`);
      assert.equal(answeredBy(events), LOCAL);
      assert.deepEqual(attempts(events), [A, LOCAL]);
      const sent = local.chatRequests();
      assert.equal(sent.length, 1);
      // The wire id is the server's own, and OpenRouter's key never goes to the local server.
      assert.equal(sent[0].model, 'llama3.2:3b');
      assert.equal(sent[0].authorization, 'Bearer no-key');
      assert.ok(!JSON.stringify(local.requests).includes(OPENROUTER_KEY));
    });

    it("OpenRouter's free-tier 429 closes its free models at once: the local endpoint answers on the next attempt", async () => {
      models = [A, B, 'c/model-c:free', LOCAL];
      current = { ...current, maxRetries: 1 };
      openRouter.script(A, freeTierLimit('free-models-per-min', { reset: now + 40_000 }));
      const events = await collect(router.route(ask));
      assert.equal(answeredBy(events), LOCAL, JSON.stringify(lastEvent(events)));
      assert.deepEqual(attempts(events), [A, LOCAL]);
      assert.equal(textOf(events), 'Hello from llama3.2:3b');
    });

    it('a local server that is off costs no retry: OpenRouter answers even with no retries left', async () => {
      models = [LOCAL, A];
      current = { ...current, maxRetries: 0 };
      await local.switchOff();
      const events = await collect(router.route(ask));
      assert.equal(answeredBy(events), A, JSON.stringify(events));
      assert.equal(textOf(events).length > 0, true);
      const end = lastEvent(events);
      assert.ok(end.type === 'done');
      assert.deepEqual(
        end.summary.attempts.map((a) => [a.model, a.outcome]),
        [
          [LOCAL, 'skipped'],
          [A, 'answered'],
        ],
      );
      // The next request does not even try the dead endpoint.
      const again = await collect(router.route(ask));
      assert.deepEqual(attempts(again), [A]);
      assert.ok(again.some((e) => e.type === 'skip' && e.model === LOCAL && e.kind === 'network'));
      // Its model is not cooling down: it comes back as soon as the server does.
      assert.equal(router.healthOf(LOCAL).coolingDown ?? false, false);
    });

    it('uses the local endpoint again once it answers', async () => {
      models = [LOCAL, A];
      await local.switchOff();
      await collect(router.route(ask));
      await local.switchOn();
      availability.markUp('local'); // what a model-list refresh that got an answer does
      const events = await collect(router.route(ask));
      assert.equal(answeredBy(events), LOCAL);
    });

    it('tries a server that was off again after the pause, without waiting for a refresh', async () => {
      models = [LOCAL, A];
      await local.switchOff();
      await collect(router.route(ask));
      await local.switchOn();
      now += 16_000;
      assert.equal(answeredBy(await collect(router.route(ask))), LOCAL);
    });

    it('says the server is not answering when it was the only model', async () => {
      models = [LOCAL];
      await local.switchOff();
      const end = lastEvent(await collect(router.route(ask)));
      assert.ok(end.type === 'failed');
      assert.equal(end.failure.kind, 'network');
      assert.match(end.failure.message, /Local Ollama|not answering|connection/i);
      assert.equal(openRouter.requests.filter((r) => r.path.endsWith('/chat/completions')).length, 0);
    });

    it('/group sends one prompt to a model of each server', async () => {
      const handle = router.group(ask, { models: [A, LOCAL] });
      const byModel = new Map<string, string>();
      for (const member of handle.members) byModel.set(member.model, textOf(await collect(member.events)));
      assert.equal(byModel.get(LOCAL), 'Hello from llama3.2:3b');
      assert.ok((byModel.get(A) ?? '').length > 0);
      assert.equal(local.chatRequests().length, 1);
    });

    for (const strategy of ['round_robin', 'least_used'] as const) {
      it(`${strategy} spreads requests over both servers`, async () => {
        current = { ...current, strategy };
        models = [A, LOCAL, B, LOCAL2];
        const answered: string[] = [];
        for (let i = 0; i < 8; i++) answered.push(answeredBy(await collect(router.route(ask))) ?? 'none');
        const localCount = answered.filter((m) => m.startsWith('@local/')).length;
        assert.equal(localCount, 4, answered.join(', '));
        assert.equal(local.chatRequests().length, 4);
      });
    }

    it('keeps budgets apart: the local limit refuses locally, OpenRouter free tier counts only OpenRouter', async () => {
      endpoints = [{ ...endpoints[0], requestsPerMinute: 1 }];
      models = [LOCAL, A];
      router = newRouter();
      const first = await collect(router.route(ask));
      assert.equal(answeredBy(first), LOCAL);
      assert.equal(router.budget.snapshot().minuteUsed, 0, 'a local request spends no OpenRouter free-tier request');
      const second = await collect(router.route(ask));
      assert.equal(answeredBy(second), A);
      assert.ok(second.some((e) => e.type === 'skip' && e.model === LOCAL && e.kind === 'budget_exhausted'));
      assert.equal(local.chatRequests().length, 1, 'the over-budget local model was not sent to');
      assert.equal(router.budget.snapshot().minuteUsed, 1);
      const skip = second.find((e) => e.type === 'skip' && e.model === LOCAL);
      assert.ok(skip?.type === 'skip' && /endpoint's request limit/.test(skip.reason) && !/free-tier/.test(skip.reason), JSON.stringify(skip));
      // Only the local model enabled: the failure names its endpoint's limit, not OpenRouter's free tier.
      models = [LOCAL];
      const end = lastEvent(await collect(router.route(ask)));
      assert.ok(end.type === 'failed' && end.failure.kind === 'budget_exhausted');
      assert.match(end.failure.message, /request limit of the endpoint of @local\/llama3\.2:3b/);
    });

    it("never sends to a paid endpoint's models while free models only is on", async () => {
      endpoints = [{ ...endpoints[0], baseUrl: local.baseUrl.replace('127.0.0.1', 'localhost'), free: false }];
      models = [LOCAL, A];
      const events = await collect(router.route(ask));
      assert.equal(answeredBy(events), A);
      assert.equal(local.chatRequests().length, 0);
      current = { ...current, freeModelsOnly: false };
      assert.equal(answeredBy(await collect(router.route(ask))), LOCAL);
    });

    it("OpenRouter's free router is a last-resort member; the answer names the model that really answered", async () => {
      models = [LOCAL, 'openrouter/free'];
      await local.switchOff();
      openRouter.script('openrouter/free', { kind: 'stream', text: ['picked for you'], answeredModel: 'z/random-pick:free' });
      const events = await collect(router.route(ask));
      assert.equal(textOf(events), 'picked for you');
      assert.equal(answeredBy(events), 'z/random-pick:free');
      assert.equal(router.budget.snapshot().minuteUsed, 1, 'the free router spends the OpenRouter free tier');
    });

    it("keeps endpoint models out of OpenRouter's server-side fallback list", async () => {
      current = { ...current, serverSideFallback: true };
      models = [A, LOCAL, B];
      await collect(router.route(ask));
      const body = openRouter.requests.find((r) => r.path.endsWith('/chat/completions'))?.body;
      if (mode === 'openrouter_sdk') assert.deepEqual(body.models, [B]);
      else assert.equal(body.models, undefined);
    });
  });
}
