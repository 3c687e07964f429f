// 5. The very first chat request after the workbench started is answered: the extension's language
//    model is resolvable at once, so VS Code does not fail it with "Language model unavailable".
//    Runs before any other chat scenario, right after the key is set.
import { MODELS, assert, type Scenario } from '../context';
import { ensureGoodKey } from './apiKey';

export const firstRequestScenario: Scenario = {
  id: 5,
  title: 'The first chat request after start is answered',
  async run(ctx) {
    await ensureGoodKey(ctx);
    for (const model of MODELS) ctx.double.script(model, { kind: 'stream', text: ['First', ' answer', ' after start.'] });
    await ctx.chat.newSession();
    await ctx.chat.send('@openrouter Hello, are you there?');
    const text = await ctx.chat.waitForAnswer(['First answer after start.']);
    assert(!/Language model unavailable/i.test(text), `The first request failed: ${text}`);
    assert(ctx.double.chatRequests.length >= 1, 'The answer appeared but the double saw no chat request.');
  },
};
