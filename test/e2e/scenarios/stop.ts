// 8. The stop button cancels a slow answer, and the double sees the client close the connection.
import { MODELS, assert, type Scenario } from '../context';
import { ensureGoodKey } from './apiKey';
import { ensureAutoPicked } from './modelPicker';

export const stopScenario: Scenario = {
  id: 8,
  title: 'The stop button cancels a slow answer; the connection is closed',
  async run(ctx) {
    await ensureGoodKey(ctx);
    for (const model of MODELS) ctx.double.script(model, { kind: 'hang', text: ['Thinking', ' very slowly'] });
    await ctx.chat.newSession();
    await ensureAutoPicked(ctx);
    await ctx.chat.send('@openrouter Take your time.');
    await ctx.chat.waitForText('Thinking very slowly');
    try {
      await ctx.chat.stopButton.waitFor({ state: 'visible', timeout: 10_000 });
    } catch {
      throw new Error('While the answer was still streaming, no stop button was shown in the chat input.');
    }
    await ctx.chat.stopButton.click();
    const closed = await ctx.double
      .waitForClientClose((r) => r.path.endsWith('/chat/completions'), 10_000)
      .catch(() => undefined);
    assert(closed, 'After the stop button was clicked, the extension kept the connection to OpenRouter open for 10 s.');
    await ctx.chat.stopButton.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {
      throw new Error('The stop button is still shown 10 s after the answer was cancelled.');
    });
  },
};
