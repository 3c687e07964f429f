// 13. One free-tier budget and one set of statistics for every window: two browser tabs on the same
//     code-server are two workbench windows with their own extension hosts and one profile. A
//     request in the second shows in the first window's `/stats`: its budget line at once, its
//     request count once the second window saved it (within a second) and the first reread it (two).
// A bare "/stats" leaves the slash-command completion open and Enter does not send; text after it does.
import { Chat } from '../chat';
import { MODELS, assert, type Scenario } from '../context';
import { Workbench } from '../workbench';
import { ensureGoodKey } from './apiKey';

/** "3/1000 today" in the `/stats` budget line. */
function todayCount(text: string): number {
  const m = /Free-tier budget:?\**\s*\d+\/\d+ this minute, (\d+)\/\d+ today/.exec(text);
  assert(m, `/stats shows no free-tier budget line: ${text.slice(0, 600)}`);
  return Number(m[1]);
}

/** "Requests: 3 (3 succeeded, 0 failed)" in `/stats`. */
function requestCount(text: string): number {
  const m = /Requests:?\**\s*(\d+) \(/.exec(text);
  assert(m, `/stats shows no request count: ${text.slice(0, 600)}`);
  return Number(m[1]);
}

export const twoWindowsScenario: Scenario = {
  id: 13,
  title: "Two windows, one budget and one set of statistics: a request in the second shows in the first's /stats",
  async run(ctx) {
    await ensureGoodKey(ctx);
    for (const model of MODELS) ctx.double.script(model, { kind: 'stream', text: ['Counted', ' once.'] });

    await ctx.chat.newSession();
    await ctx.chat.send('@openrouter /stats now');
    const first = await ctx.chat.waitForAnswer([/Free-tier budget/]);
    const before = todayCount(first);
    const requestsBefore = requestCount(first);
    ctx.step(`first window counts ${before} today, ${requestsBefore} requests`);

    const second = await ctx.page.context().newPage();
    try {
      await second.goto(ctx.page.url());
      const workbench = new Workbench(second);
      await workbench.waitReady();
      await workbench.waitForContributions();
      await workbench.waitForStatusItem();
      const chat = new Chat(second, workbench);
      await chat.newSession();
      await chat.send('@openrouter Count me once');
      await chat.waitForAnswer(['Counted once.']);
      ctx.step('the second window got its answer');
    } finally {
      await second.close();
    }
    assert(ctx.double.chatRequests.length === 1, `Expected one chat request, the double saw ${ctx.double.chatRequests.length}.`);

    await ctx.page.bringToFront();
    let requestsAfter = requestsBefore;
    for (let round = 0; round < 4 && requestsAfter !== requestsBefore + 1; round++) {
      if (round > 0) await ctx.page.waitForTimeout(2_000);
      await ctx.chat.newSession();
      await ctx.chat.send('@openrouter /stats now');
      const text = await ctx.chat.waitForAnswer([/Free-tier budget/]);
      const after = todayCount(text);
      assert(after === before + 1, `The first window's /stats should count the second window's request: ${before} before, ${after} after.`);
      requestsAfter = requestCount(text);
      ctx.step(`round ${round}: ${requestsAfter} requests`);
    }
    assert(requestsAfter === requestsBefore + 1, `The first window's statistics should add the second window's request: ${requestsBefore} before, ${requestsAfter} after.`);
  },
};
