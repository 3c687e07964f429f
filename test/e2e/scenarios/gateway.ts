// 16. The local gateway: started from the palette, shown in the status bar; "Copy Gateway URL and
//     Token" gives the two variables an OpenAI client reads, and a Node script using the `openai`
//     SDK gets a streamed answer through it, answered by an enabled model with the user's key.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { GOOD_KEY, MODELS, assert, type Scenario } from '../context';
import { ensureGoodKey } from './apiKey';

function runClient(env: Record<string, string>, prompt: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [join(__dirname, '..', 'gatewayClient.mjs'), prompt], { env: { ...process.env, ...env }, timeout: 30_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`the openai client failed: ${err.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

export const gatewayScenario: Scenario = {
  id: 16,
  title: 'local gateway from the palette; an openai SDK script streams an answer through it',
  async run(ctx) {
    const { workbench, page, double } = ctx;
    await ensureGoodKey(ctx);
    for (const model of MODELS) double.script(model, { kind: 'stream', text: ['Routed', ' through', ' the gateway.'], usage: { prompt: 7, completion: 4 } });
    await workbench.clearNotifications();
    await workbench.runCommand('OpenRouter: Start Local Gateway');
    const started = await workbench.waitForNotification(/local gateway is running/i);
    assert(started.includes(`127.0.0.1:${ctx.gatewayPort}`), `The start message should give the URL with port ${ctx.gatewayPort}: "${started}"`);
    await page.locator('.statusbar-item', { hasText: `Gateway :${ctx.gatewayPort}` }).first().waitFor({ state: 'visible', timeout: 10_000 });
    ctx.step('gateway started');

    await workbench.clearNotifications();
    await workbench.runCommand('OpenRouter: Copy Gateway URL and Token');
    const copied = await workbench.waitForNotification(/Copied OPENAI_BASE_URL/i);
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    const env = Object.fromEntries(clipboard.trim().split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]));
    assert(env.OPENAI_BASE_URL === `http://127.0.0.1:${ctx.gatewayPort}/v1`, `The clipboard should hold OPENAI_BASE_URL; it holds: ${clipboard.replace(/OPENAI_API_KEY=\S+/, 'OPENAI_API_KEY=…')}`);
    assert(env.OPENAI_API_KEY?.startsWith('ordg-'), 'The clipboard should hold OPENAI_API_KEY, the gateway token.');
    assert(!copied.includes(env.OPENAI_API_KEY), `The notification shows the token itself: "${copied}"`);

    const before = double.chatRequests.length;
    const out = JSON.parse(await runClient({ OPENAI_BASE_URL: env.OPENAI_BASE_URL, OPENAI_API_KEY: env.OPENAI_API_KEY }, 'Hello through the gateway')) as {
      text: string;
      models: string[];
      usage?: { completion_tokens: number };
    };
    ctx.step('openai client answered');
    assert(out.text === 'Routed through the gateway.', `The client got: ${JSON.stringify(out)}`);
    assert(out.models.length === 1 && (MODELS as readonly string[]).includes(out.models[0] ?? ''), `The chunks should name the enabled model that answered: ${JSON.stringify(out.models)}`);
    assert(out.usage?.completion_tokens === 4, `The last chunk should carry the usage: ${JSON.stringify(out.usage)}`);
    const upstream = double.chatRequests.slice(before);
    assert(upstream.length === 1, `The double should see one request; it saw ${upstream.length}.`);
    assert(upstream[0]?.headers.authorization === `Bearer ${GOOD_KEY}`, 'The upstream request should carry the OpenRouter key, not the gateway token.');
    assert(JSON.stringify(upstream[0]?.body.messages).includes('Hello through the gateway'), 'The prompt did not reach the double.');

    // A wrong token never gets through.
    await runClient({ OPENAI_BASE_URL: env.OPENAI_BASE_URL, OPENAI_API_KEY: 'ordg-wrong' }, 'refused').then(
      () => assert(false, 'A wrong gateway token was accepted.'),
      (e: Error) => assert(/401/.test(e.message), `A wrong token should get 401: ${e.message}`),
    );
    assert(double.chatRequests.length === before + 1, 'A refused request reached the double.');

    await workbench.clearNotifications();
    await workbench.runCommand('OpenRouter: Stop Local Gateway');
    await workbench.waitForNotification(/local gateway stopped/i);
  },
};
