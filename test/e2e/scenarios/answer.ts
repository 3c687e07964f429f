// 2. `@openrouter` answers a prompt: the double's text is shown, the footer names the model, and
//    the request carried OpenRouter's attribution headers.
import { MODELS, MODEL_NAMES, assert, modelPattern, type Scenario } from '../context';
import { ensureGoodKey } from './apiKey';
import { ensureAutoPicked } from './modelPicker';

export const answerScenario: Scenario = {
  id: 2,
  title: '@openrouter answers with a footer naming the model; attribution headers sent',
  async run(ctx) {
    await ensureGoodKey(ctx);
    const [first] = MODELS;
    ctx.double.script(first, { kind: 'stream', text: ['Two', ' plus two', ' is four.'], usage: { prompt: 9, completion: 5 } });
    await ctx.chat.newSession();
    await ensureAutoPicked(ctx);
    await ctx.chat.send('@openrouter What is two plus two?');
    const text = await ctx.chat.waitForAnswer(['Two plus two is four.']);
    assert(modelPattern(first, MODEL_NAMES[first]).test(text), `The footer should name ${first}; the answer shows: ${text}`);

    const request = ctx.double.chatRequests.find((r) => r.model === first);
    assert(request, `The double saw no request for ${first}; it saw ${JSON.stringify(ctx.double.chatRequests.map((r) => r.model))}`);
    const referer = request.headers['http-referer'];
    const title = request.headers['x-openrouter-title'] ?? request.headers['x-title'];
    assert(typeof referer === 'string' && referer.length > 0, `The request lacks HTTP-Referer; headers: ${JSON.stringify(request.headers)}`);
    assert(typeof title === 'string' && title.length > 0, `The request lacks X-OpenRouter-Title; headers: ${JSON.stringify(request.headers)}`);
    const messages: unknown = request.body?.messages;
    assert(JSON.stringify(messages).includes('What is two plus two?'), `The prompt did not reach the double: ${JSON.stringify(messages)}`);
  },
};
