// 4. Failover: the first model answers 429, the next one answers, and the footer says why the first
//    was skipped.
import { MODELS, MODEL_NAMES, assert, modelPattern, type Scenario } from '../context';
import { ensureGoodKey } from './apiKey';
import { ensureAutoPicked } from './modelPicker';

export const failoverScenario: Scenario = {
  id: 4,
  title: 'Failover: a 429 from the first model, the answer from the next',
  async run(ctx) {
    await ensureGoodKey(ctx);
    const [first, second] = MODELS;
    ctx.double.script(first, { kind: 'http-error', status: 429, retryAfter: '30' });
    ctx.double.script(second, { kind: 'stream', text: ['The second', ' model answered.'] });
    await ctx.chat.newSession();
    await ensureAutoPicked(ctx);
    await ctx.chat.send('@openrouter Tell me something.');
    const text = await ctx.chat.waitForAnswer(['The second model answered.']);
    assert(modelPattern(second, MODEL_NAMES[second]).test(text), `The footer should name ${second}, which answered: ${text}`);
    assert(modelPattern(first, MODEL_NAMES[first]).test(text), `The footer should name ${first}, which was skipped: ${text}`);
    assert(/429|rate[- ]?limit/i.test(text), `The footer should say why ${first} was skipped (rate limited): ${text}`);
    const order = ctx.double.chatRequests.map((r) => r.model);
    assert(order[0] === first && order.includes(second), `Expected ${first} then ${second}; the double saw ${JSON.stringify(order)}`);
  },
};
