// 5. The very first chat request after VS Code starts reaches the extension: its language model must
//    be resolvable at once, or VS Code fails the request with "Language model unavailable" before
//    our participant runs. This runs first in the suite, in the first window, before any command
//    has activated the extension; no key is set yet, so the participant's own answer is the
//    guidance to set one. (Scenario 2 covers the first request after a restart, with a key.)
import { assert, type Scenario } from '../context';

export const firstRequestScenario: Scenario = {
  id: 5,
  title: 'The first chat request after start reaches @openrouter',
  async run(ctx) {
    assert(!ctx.state.goodKeySet, 'Scenario 5 must run before a key is set and before any other chat request.');
    await ctx.workbench.waitForContributions();
    const activated = await ctx.workbench.waitForStatusItem();
    await ctx.chat.newSession();
    await ctx.chat.send('@openrouter Hello, are you there?');
    const text = await ctx.chat.waitForAnswer([/Set API Key|API key/i]).catch((err: unknown) => {
      const hint = activated ? '' : ' (the extension had not activated 30 s after the window loaded: no OpenRouter status bar item)';
      throw new Error(`${err instanceof Error ? err.message : String(err)}${hint}`);
    });
    assert(!/Language model unavailable/i.test(text), `The first request failed before reaching the extension: ${text}`);
  },
};
