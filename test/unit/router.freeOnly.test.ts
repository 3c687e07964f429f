// "Free models only" is the router's gate, whoever asks: a paid model is never attempted, never
// failed over to and never put in OpenRouter's server-side `models` list.
import assert from 'node:assert/strict';
import { routerText } from '../../src/core/router/routerText';
import { collect, lastEvent, setup, textOf } from './router.fakes';

const A = 'a/model-a:free';
const B = 'b/model-b:free';
const PAID = 'openai/gpt-paid';
const ZERO = 'z/zero-priced';
const SETTING = 'openrouterDual.freeModelsOnly';

describe('router: free models only', () => {
  it('refuses a paid model asked for, pinned or not, naming it and the setting, and sends nothing', async () => {
    const s = setup([A, B]);
    for (const pinned of [false, true]) {
      const events = await s.time.run(collect(s.router.route({ messages: [], preferredModel: PAID, pinned })));
      const end = lastEvent(events);
      assert.ok(end.type === 'failed' && end.failure.kind === 'not_free', JSON.stringify(end));
      assert.equal(end.failure.message, routerText('en').notFree([PAID]));
      assert.ok(end.failure.message.includes(PAID) && end.failure.message.includes(SETTING));
    }
    assert.equal(s.provider.requests.length, 0);
    assert.deepEqual(s.router.stats.snapshot().routes, { answered: 0, failed: 2, cancelled: 0 });
  });

  it('says so in Chinese too', async () => {
    const s = setup([A], {}, { locale: () => 'zh-cn' });
    const end = lastEvent(await s.time.run(collect(s.router.route({ messages: [], preferredModel: PAID }))));
    assert.ok(end.type === 'failed' && /不是免费模型/.test(end.failure.message) && end.failure.message.includes(SETTING), JSON.stringify(end));
  });

  it('never fails over to an enabled paid model; with only paid ones enabled, refuses naming them', async () => {
    const s = setup([A, PAID, B], { maxRetries: 4 });
    for (const m of [A, B]) s.provider.script(m, { kind: 'error', error: { kind: 'upstream', status: 503 } });
    const end0 = lastEvent(await s.time.run(collect(s.router.route({ messages: [] }))));
    assert.equal(end0.type, 'failed');
    assert.equal(s.provider.countFor(PAID), 0);
    assert.deepEqual([...new Set(s.provider.requests.map((r) => r.model))], [A, B]);
    assert.deepEqual(s.router.pickGroup(3), [A, B], 'a group is picked from free models only');

    const onlyPaid = setup([PAID]);
    const end = lastEvent(await onlyPaid.time.run(collect(onlyPaid.router.route({ messages: [] }))));
    assert.ok(end.type === 'failed' && end.failure.kind === 'not_free' && end.failure.message.includes(PAID), JSON.stringify(end));
    assert.equal(onlyPaid.provider.requests.length, 0);
  });

  it('a group naming a paid model refuses that member only', async () => {
    const s = setup([A, B]);
    const group = s.router.group({ messages: [] }, { models: [A, PAID] });
    const [a, paid] = await s.time.run(Promise.all(group.members.map((m) => collect(m.events))));
    assert.equal(lastEvent(a).type, 'done');
    const end = lastEvent(paid);
    assert.ok(end.type === 'failed' && end.failure.kind === 'not_free');
    assert.deepEqual(s.provider.requests.map((r) => r.model), [A]);
  });

  it("filters a caller's own server-side `models` list, in both modes, also when pinned", async () => {
    for (const mode of ['openrouter_sdk', 'openai_compatible'] as const) {
      const s = setup([A, B], { serverSideFallback: true }, { mode });
      await s.time.run(collect(s.router.route({ messages: [], preferredModel: A, pinned: true, options: { fallbackModels: [PAID, B] } })));
      assert.deepEqual(s.provider.requests[0].request.options?.fallbackModels, [B], mode);
    }
  });

  it('lets through what `isFree` calls free (a zero-priced model of the live list), and everything once the setting is off', async () => {
    const s = setup([A], {}, { isFree: (id) => id === ZERO || id.endsWith(':free') });
    assert.equal(textOf(await s.time.run(collect(s.router.route({ messages: [], preferredModel: ZERO })))).length > 0, true);
    assert.deepEqual(s.provider.requests.map((r) => r.model), [ZERO]);
    s.current = { ...s.current, freeModelsOnly: false };
    await s.time.run(collect(s.router.route({ messages: [], preferredModel: PAID, pinned: true })));
    assert.deepEqual(s.provider.requests.map((r) => r.model), [ZERO, PAID]);
  });
});
