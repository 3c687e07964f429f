// 3. `/group` asks three models at once and shows one section per model.
import { MODELS, MODEL_NAMES, assert, modelPattern, type Scenario } from '../context';
import { ensureGoodKey } from './apiKey';
import { ensureAutoPicked } from './modelPicker';

export const groupScenario: Scenario = {
  id: 3,
  title: '/group shows three sections from three models',
  async run(ctx) {
    await ensureGoodKey(ctx);
    const answers = MODELS.map((model, i) => `Group answer number ${i + 1}.`);
    MODELS.forEach((model, i) => ctx.double.script(model, { kind: 'stream', text: [`Group answer`, ` number ${i + 1}.`], chunkDelayMs: 50 }));
    await ctx.chat.newSession();
    await ensureAutoPicked(ctx);
    await ctx.chat.send('@openrouter /group Name a colour.');
    const text = await ctx.chat.waitForAnswer(answers);
    for (const model of MODELS) {
      assert(modelPattern(model, MODEL_NAMES[model]).test(text), `The group answer has no section naming ${model}: ${text}`);
    }
    const asked = new Set(ctx.double.chatRequests.map((r) => r.model));
    assert(MODELS.every((m) => asked.has(m)), `The double was not asked by all three models: ${JSON.stringify([...asked])}`);
  },
};
