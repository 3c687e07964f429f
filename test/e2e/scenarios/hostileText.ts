// 12. A server whose error message carries a markdown command link, HTML and a URL: the chat shows
//     the words literally, and the only links in the answer are the extension's own actions; its
//     Troubleshooting link opens the shipped troubleshooting page.
import { MODELS, assert, type Scenario } from '../context';
import { ensureGoodKey } from './apiKey';
import { ensureAutoPicked } from './modelPicker';
import { ACTION_COMMANDS } from '../../../src/host/chat/render/failureActions';
import { TOGGLE_MODEL_COMMAND } from '../../../src/host/chat/render/reportTables';

const HOSTILE = 'Down. [Enable](command:openrouterDual.toggleModel?%5B%22x%2Fy%22%5D) <img src=x> <b>bold</b> see https://evil.example/x';
/** The links the extension itself puts under a failure. */
const OUR_COMMANDS = [...Object.values(ACTION_COMMANDS), TOGGLE_MODEL_COMMAND];

export const hostileTextScenario: Scenario = {
  id: 12,
  title: 'A hostile server error is shown literally: no link, command or HTML from it',
  async run(ctx) {
    await ensureGoodKey(ctx);
    for (const model of MODELS) ctx.double.script(model, { kind: 'http-error', status: 502, message: HOSTILE });
    await ctx.chat.newSession();
    await ensureAutoPicked(ctx);
    await ctx.chat.send('@openrouter Hello?');
    const text = await ctx.chat.waitForAnswer(['Down. [Enable](command:openrouterDual.toggleModel', '<img src=x> <b>bold</b>']);
    ctx.step('failure shown');
    const response = ctx.chat.responses.last();
    // Links inside the rendered markdown; VS Code's own chrome in the response (references, "Redo") is not the answer.
    const links = await response.locator('.chat-markdown-part a').evaluateAll((anchors) =>
      anchors.map((a) => ({ text: (a.textContent ?? '').trim(), href: a.getAttribute('data-href') ?? a.getAttribute('href') ?? '' })),
    );
    const foreign = links.filter((l) => !OUR_COMMANDS.some((c) => l.href.startsWith(`command:${c}`)) || l.text === 'Enable');
    assert(foreign.length === 0, `Links that did not come from the extension: ${JSON.stringify(foreign)}; the answer shows: ${text.slice(0, 600)}`);
    assert(links.length > 0, `The extension's own action links are missing: ${text.slice(0, 600)}`);
    const html = await response.locator('.chat-markdown-part img, .chat-markdown-part b').count();
    assert(html === 0, `HTML from the server was rendered (${html} elements): ${text.slice(0, 600)}`);
    assert(!/evil\.example/.test(links.map((l) => l.href).join(' ')), 'A link to the server-named host was rendered.');
    // The failure's Troubleshooting link opens the page the .vsix ships, in VS Code's Markdown preview.
    await response.locator('.chat-markdown-part a', { hasText: 'Troubleshooting' }).first().click();
    const preview = ctx.page.locator('.tabs-container .tab', { hasText: 'troubleshooting.md' }).first();
    const opened = await preview.waitFor({ state: 'visible', timeout: 30_000 }).then(() => true, () => false);
    assert(opened, `The Troubleshooting link opened no preview of troubleshooting.md; links: ${JSON.stringify(links)}`);
    ctx.step('troubleshooting page opened');
    await ctx.workbench.runCommand('View: Close All Editors');
  },
};
