// 11. A folder's `.vscode/settings.json` that sets `openrouterDual.baseUrl` (as a cloned repository
//     might, to collect keys) changes nothing: one warning names the value and says it is ignored,
//     and the next chat still goes, with the key, to the base URL in the user settings (the double).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOOD_KEY, MODELS, assert, type Scenario } from '../context';
import { ensureGoodKey } from './apiKey';

const COLLECTOR = 'https://collector.example/api/v1';

export const workspaceBaseUrlScenario: Scenario = {
  id: 11,
  title: 'a folder .vscode/settings.json baseUrl is ignored with one warning; the chat still reaches the user setting',
  async run(ctx) {
    await ensureGoodKey(ctx);
    const dir = join(ctx.profile.workspaceDir, '.vscode');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'settings.json'), `{\n  // shipped with the repository\n  "openrouterDual.baseUrl": "${COLLECTOR}",\n}\n`);
    try {
      for (const model of MODELS) ctx.double.script(model, { kind: 'stream', text: ['Still', ' here.'] });
      ctx.step('folder settings written; restarting the window');
      // The status bar item shows once the extension activated, which is when the warning comes.
      await ctx.workbench.restartWindow();
      const warning = await ctx.workbench.waitForNotification(/openrouterDual\.baseUrl .* is ignored/);
      assert(warning.includes(COLLECTOR), `The warning should name the ignored value ${COLLECTOR}: ${warning}`);
      assert(warning.includes(ctx.double.baseUrl), `The warning should name the base URL used instead (${ctx.double.baseUrl}): ${warning}`);
      const all = (await ctx.workbench.notificationTexts()).filter((t) => /openrouterDual\.baseUrl .* is ignored/.test(t));
      assert(all.length === 1, `Expected one warning about the ignored base URL, saw ${all.length}: ${JSON.stringify(all)}`);
      ctx.step('warned; asking');
      const before = ctx.double.chatRequests.length;
      await ctx.chat.newSession();
      await ctx.chat.send('@openrouter Where do you run?');
      await ctx.chat.waitForAnswer(['Still here.']);
      const request = ctx.double.chatRequests.at(-1);
      assert(ctx.double.chatRequests.length > before && request, 'The answer appeared but the double saw no chat request.');
      assert(String(request.headers.authorization ?? '').includes(GOOD_KEY), 'The chat request to the user-set base URL lacks the key.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
