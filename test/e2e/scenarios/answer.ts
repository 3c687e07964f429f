// 2. `@openrouter` answers a prompt: the double's text is shown, the footer names the model, and
//    the request carried OpenRouter's attribution (X-Title, a User-Agent naming the extension). The window is restarted first (every
//    page load of code-server is a fresh workbench with a new extension host), so this is also the
//    first request after a restart, with a key stored from before.
import { MODELS, MODEL_NAMES, assert, modelPattern, type Scenario } from '../context';
import { ensureGoodKey } from './apiKey';

export const answerScenario: Scenario = {
  id: 2,
  title: '@openrouter answers after a restart, footer names the model; attribution headers sent',
  async run(ctx) {
    await ensureGoodKey(ctx);
    // Whichever model is selected in the picker answers; each gives the same text.
    for (const model of MODELS) {
      ctx.double.script(model, { kind: 'stream', text: ['Two', ' plus two', ' is four.'], usage: { prompt: 9, completion: 5 } });
    }
    await ctx.workbench.restartWindow();
    await ctx.chat.newSession();
    await ctx.chat.send('@openrouter What is two plus two?');
    const text = await ctx.chat.waitForAnswer(['Two plus two is four.']);
    assert(!/Language model unavailable/i.test(text), `The first request after the restart failed: ${text}`);
    const request = ctx.double.chatRequests.at(-1);
    assert(request?.model, 'The answer appeared but the double saw no chat request.');
    const answeredBy = request.model as (typeof MODELS)[number];
    assert(
      modelPattern(answeredBy, MODEL_NAMES[answeredBy]).test(text),
      `The footer should name ${answeredBy}, which the double answered as; the answer shows: ${text}`,
    );
    const title = request.headers['x-openrouter-title'] ?? request.headers['x-title'];
    const agent = String(request.headers['user-agent']);
    // The project has no public home yet, so no HTTP-Referer (a made-up URL would be a false identity).
    assert(request.headers['http-referer'] === undefined, `The request sends an HTTP-Referer: ${String(request.headers['http-referer'])}`);
    assert(/^OpenRouterDual\/\d+\.\d+\.\d+/.test(agent), `The User-Agent does not name the extension and its version: "${agent}"`);
    assert(typeof title === 'string' && title.length > 0, `The request lacks X-OpenRouter-Title; headers: ${JSON.stringify(request.headers)}`);
    const messages: unknown = request.body?.messages;
    assert(JSON.stringify(messages).includes('What is two plus two?'), `The prompt did not reach the double: ${JSON.stringify(messages)}`);
  },
};
