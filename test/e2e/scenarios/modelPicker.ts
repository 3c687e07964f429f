// 6. The extension's models appear in VS Code's own model picker; picking "OpenRouter Auto" and
//    chatting works. The window is restarted first and the picker is the first thing opened, as a
//    user who starts VS Code and chooses a model before chatting.
import { MODELS, MODEL_NAMES, assert, modelPattern, type E2EContext, type Scenario } from '../context';
import { ensureGoodKey } from './apiKey';

/**
 * The participant answers with the model picked in VS Code's picker; the router (failover, group)
 * works behind "OpenRouter Auto". Scenarios that need the router make sure it is picked.
 */
export async function ensureAutoPicked(ctx: E2EContext): Promise<void> {
  if (/OpenRouter Auto/.test(await ctx.chat.selectedModelLabel().catch(() => ''))) return;
  await ctx.chat.openModelPicker();
  await ctx.chat.pickModel('OpenRouter Auto');
}

export const modelPickerScenario: Scenario = {
  id: 6,
  title: 'Models in the model picker; "OpenRouter Auto" picked and answering',
  async run(ctx) {
    await ensureGoodKey(ctx);
    ctx.step('key set');
    await ctx.workbench.restartWindow();
    await ctx.chat.newSession();
    ctx.step('window restarted, new chat');
    const offersOurs = (labels: string[]): boolean => MODELS.some((m) => labels.some((label) => modelPattern(m, MODEL_NAMES[m]).test(label)));
    const offered = await ctx.chat.openModelPicker((labels) => labels.some((l) => /OpenRouter Auto/.test(l)) && offersOurs(labels));
    ctx.step('picker read');
    assert(offered.some((label) => /OpenRouter Auto/.test(label)), `The model picker does not offer "OpenRouter Auto"; it offers: ${JSON.stringify(offered)}`);
    const ours = MODELS.filter((m) => offered.some((label) => modelPattern(m, MODEL_NAMES[m]).test(label)));
    assert(ours.length > 0, `The model picker offers none of the enabled models ${JSON.stringify(MODELS)}; it offers: ${JSON.stringify(offered)}`);
    await ctx.chat.pickModel('OpenRouter Auto');
    const shown = await ctx.chat.selectedModelLabel();
    assert(/OpenRouter Auto/.test(shown), `After picking "OpenRouter Auto" the picker shows "${shown}".`);

    for (const model of MODELS) ctx.double.script(model, { kind: 'stream', text: ['Auto', ' routed', ' this answer.'] });
    ctx.step('Auto picked');
    await ctx.chat.send('@openrouter Which model are you?');
    await ctx.chat.waitForAnswer(['Auto routed this answer.']);
    ctx.step('answered');
    assert(ctx.double.chatRequests.length >= 1, 'The answer appeared but the double saw no chat request.');
  },
};
