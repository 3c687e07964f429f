// 5. The very first chat request after VS Code starts is answered: the extension's language model
//    must be resolvable at once, or VS Code fails the request with "Language model unavailable"
//    before our participant runs. Every browser window of code-server is a fresh start of the
//    workbench with a new extension host, so reloading the page is a restart as the user meets it
//    (a profile that has been used before, the key already stored). Nothing touches the extension
//    between the reload and the request.
import { MODELS, assert, type Scenario } from '../context';
import { ensureGoodKey } from './apiKey';

export const firstRequestScenario: Scenario = {
  id: 5,
  title: 'The first chat request after a restart is answered',
  async run(ctx) {
    await ensureGoodKey(ctx);
    for (const model of MODELS) ctx.double.script(model, { kind: 'stream', text: ['First', ' answer', ' after start.'] });
    await ctx.page.reload();
    await ctx.workbench.waitReady();
    await ctx.chat.newSession();
    await ctx.chat.send('@openrouter Hello, are you there?');
    const text = await ctx.chat.waitForAnswer(['First answer after start.']);
    assert(!/Language model unavailable/i.test(text), `The first request failed: ${text}`);
    assert(ctx.double.chatRequests.length >= 1, 'The answer appeared but the double saw no chat request.');
  },
};
