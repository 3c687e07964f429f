// 7. The settings page opens; choosing a strategy there writes settings.json; switching the
//    provider mode there takes effect on the next chat (the double sees the other SDK's request).
import type { RecordedRequest } from '../../fixtures/double';
import { MODELS, assert, type E2EContext, type Scenario } from '../context';
import { chooseCard, findSettingsFrame, waitForSettingOnDisk } from '../settingsPage';
import { ensureGoodKey } from './apiKey';
import { ensureAutoPicked } from './modelPicker';

/** The openai SDK stamps every request with its x-stainless-* headers; the AI SDK does not. */
function isOpenAiSdkRequest(r: RecordedRequest): boolean {
  return Object.keys(r.headers).some((h) => h.startsWith('x-stainless-')) || /OpenAI\//i.test(String(r.headers['user-agent']));
}

async function chatOnce(ctx: E2EContext, text: string): Promise<RecordedRequest> {
  const before = ctx.double.chatRequests.length;
  for (const model of MODELS) ctx.double.script(model, { kind: 'stream', text: [text] });
  await ctx.chat.newSession();
  await ensureAutoPicked(ctx);
  await ctx.chat.send('@openrouter Answer in this mode, please.');
  await ctx.chat.waitForAnswer([text]);
  const request = ctx.double.chatRequests[before];
  assert(request, 'The answer appeared but the double saw no new chat request.');
  return request;
}

export const settingsPageScenario: Scenario = {
  id: 7,
  title: 'Settings page: strategy written to settings.json; provider mode switch takes effect',
  async run(ctx) {
    await ensureGoodKey(ctx);
    const settingsPath = ctx.profile.settingsPath;

    await ctx.workbench.runCommand('OpenRouter: Open Settings');
    let frame = await findSettingsFrame(ctx.page);
    await chooseCard(frame, 'routingStrategy', 'round_robin');
    await waitForSettingOnDisk(ctx.page, settingsPath, 'openrouterDual.routingStrategy', 'round_robin');

    if (ctx.startMode !== 'openai_compatible') {
      // A run started in the Official mode (`--mode openrouter_sdk`) switches both ways.
      await chooseCard(frame, 'providerMode', 'openai_compatible');
      // The default may be written as itself or by removing the key.
      await waitForSettingOnDisk(ctx.page, settingsPath, 'openrouterDual.providerMode', (v: unknown) => v === undefined || v === 'openai_compatible');
    }
    const compatible = await chatOnce(ctx, 'Answered in OpenAI-compatible mode.');
    assert(isOpenAiSdkRequest(compatible), `In OpenAI-compatible mode the request should come from the openai SDK; headers: ${JSON.stringify(compatible.headers)}`);

    await ctx.workbench.runCommand('OpenRouter: Open Settings');
    frame = await findSettingsFrame(ctx.page);
    await chooseCard(frame, 'providerMode', 'openrouter_sdk');
    await waitForSettingOnDisk(ctx.page, settingsPath, 'openrouterDual.providerMode', 'openrouter_sdk');

    const official = await chatOnce(ctx, 'Answered in official SDK mode.');
    assert(!isOpenAiSdkRequest(official), `After switching to the official mode the request still comes from the openai SDK; headers: ${JSON.stringify(official.headers)}`);
    assert(
      /ai-sdk/i.test(String(official.headers['user-agent'])) || official.body?.usage !== undefined,
      `The official-mode request shows no sign of the AI SDK (user-agent "${String(official.headers['user-agent'])}", body keys ${JSON.stringify(Object.keys(official.body ?? {}))}).`,
    );
  },
};
