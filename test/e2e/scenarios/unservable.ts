// 17. OpenRouter's availability answers, end to end (issue 23): models that answer
//     free_variant_ended, capacity_exhausted (with retry_after), privacy_restricted, an empty
//     stream and a billed "free" answer are enabled ahead of a good model. The first @openrouter
//     question is answered with (the billed) text; the answer says why each was passed over, and
//     for the private one what to change; the ended one is announced once with its free
//     replacement, the billed one as paid from now on. The second question of the conversation
//     sends nothing to the ended, busy, private or billing models; the good one answers. The
//     folder's provider preferences reach the double as the `provider` object on every request of
//     the conversation, all with one session id.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availabilityError, billedFreeAnswer } from '../../fixtures/double';
import { buildModelsPayload } from '../../fixtures/modelsPayload';
import { assert, modelPattern, type Scenario } from '../context';
import { ensureGoodKey } from './apiKey';

// Free models of the double's list that no other scenario enables: what this one leaves behind
// (an ended model, cooldowns, a privacy refusal) concerns none of the others.
const ENDED = 'qwen/qwen3-235b-a22b:free';
const BUSY = 'qwen/qwq-32b:free';
const PRIVATE = 'cognitivecomputations/dolphin3.0-mistral-24b:free';
const EMPTY = 'deepseek/deepseek-r1-0528:free';
/** A `:free` model of the double's generated list whose answer reports a cost (billed although "free"). */
const BILLED = billedCandidate();
const GOOD = 'agentica-org/deepcoder-14b-preview';
const ENABLED = [ENDED, BUSY, PRIVATE, EMPTY, BILLED, GOOD];
/** Asked (and answering or not) in the first question: all but the good model, which the billed one answers before. */
const AHEAD = ENABLED.filter((m) => m !== GOOD);
/** OpenRouter's fallback_models for the ended one: its paid variant and a free model. */
const ENDED_PAID_FALLBACK = 'qwen/qwen3-235b-a22b';
const ENDED_FREE_FALLBACK = 'qwen/qwen3-8b:free';
/** Long enough to outlast the scenario: the second question must find the busy model still cooling. */
const BUSY_RETRY_AFTER_S = 600;

/** The first generated `:free` model with a roomy window: the double serves the same list (seed 1). */
function billedCandidate(): string {
  const entry = (buildModelsPayload().data as { id?: string; context_length?: number }[]).find(
    (m) => typeof m.id === 'string' && m.id.endsWith(':free') && (m.context_length ?? 0) >= 65_536 && !m.id.startsWith('qwen/') && !m.id.startsWith('deepseek/'),
  );
  if (!entry?.id) throw new Error('The double\'s model list has no generated free model to bill.');
  return entry.id;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const unservableScenario: Scenario = {
  id: 17,
  title: 'ended, busy, private, empty and billed models ahead of a good one: answered, each reason told, the second question skips them; provider object and one session id',
  async run(ctx) {
    await ensureGoodKey(ctx);
    const { double } = ctx;
    double.script(ENDED, availabilityError('free_variant_ended', ENDED, { fallback_models: [ENDED_PAID_FALLBACK, ENDED_FREE_FALLBACK] }));
    double.script(BUSY, availabilityError('capacity_exhausted', BUSY, { retry_after: BUSY_RETRY_AFTER_S }));
    double.script(PRIVATE, availabilityError('privacy_restricted', PRIVATE, { excluded_by: ['data_policy:training'] }));
    double.script(EMPTY, { kind: 'stream', text: [] });
    double.script(BILLED, billedFreeAnswer(BILLED));
    double.script(GOOD, { kind: 'stream', text: ['Asked again,', ' the good model answered.'] });

    const dir = join(ctx.profile.workspaceDir, '.vscode');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify(
        {
          'openrouterDual.enabledModels': ENABLED,
          'openrouterDual.routingStrategy': 'failover',
          'openrouterDual.provider.dataCollection': 'deny',
          'openrouterDual.provider.sort': 'price',
          // Room for the passes that cost a retry (busy, empty) before the billed answer.
          'openrouterDual.maxRetries': 3,
        },
        null,
        2,
      ) + '\n',
    );
    try {
      ctx.step('unservable models enabled ahead of a good one; restarting the window');
      await ctx.workbench.restartWindow();
      await ctx.chat.newSession();
      await ctx.chat.send('@openrouter Which model answers?');
      const first = await ctx.chat.waitForAnswer([`Billed answer from ${BILLED}.`, /billed .* although listed as free/i]);
      ctx.step('first question answered (billed)');
      const firstRequests = double.chatRequests.map((r) => r.model);
      assert(!firstRequests.includes(GOOD), `The billed answer came first; the double saw ${JSON.stringify(firstRequests)}`);
      for (const model of AHEAD) {
        assert(firstRequests.includes(model), `The first question should reach ${model} in turn; the double saw ${JSON.stringify(firstRequests)}`);
        assert(modelPattern(model).test(first), `The answer should name ${model} (answered or passed over): ${first}`);
      }
      const says: [string, RegExp][] = [
        [ENDED, /not found|no longer available|ended/i],
        [BUSY, /rate[- ]limited|capacity|429/i],
        [PRIVATE, /data policy|privacy|left out by/i],
        [EMPTY, /empty/i],
      ];
      for (const [model, why] of says) assert(why.test(first), `The answer should say why ${model} was passed over (${why}): ${first}`);
      assert(/openrouter\.ai\/settings\/privacy|openrouterDual\.provider\.dataCollection/.test(first), `The answer should say what to change for ${PRIVATE} (the privacy settings): ${first}`);
      // The ended model is announced once, offering only the free one of OpenRouter's fallback_models.
      const ended = await ctx.workbench.waitForNotification(new RegExp(`free variant ${escapeRegExp(ENDED)} has ended`));
      assert(ended.includes(ENDED_FREE_FALLBACK), `The notice should offer the free replacement ${ENDED_FREE_FALLBACK}: ${ended}`);
      assert(!new RegExp(`${escapeRegExp(ENDED_PAID_FALLBACK)}(?!:free)`).test(ended), `The notice should not offer the paid ${ENDED_PAID_FALLBACK} while free-only is on: ${ended}`);

      const billed = await ctx.workbench.waitForNotification(new RegExp(`${escapeRegExp(BILLED)} is listed as free, but OpenRouter reported a cost`));
      assert(/counts as a paid model from now on/.test(billed), `The billing notice should say the model now counts as paid: ${billed}`);

      // Toasts sit over the chat input and would swallow the click (newSession clears them; here the conversation goes on).
      await ctx.workbench.clearNotifications();
      const before = double.chatRequests.length;
      await ctx.chat.send('@openrouter And again?');
      await ctx.chat.waitForAnswer(['Asked again, the good model answered.']);
      ctx.step('second question answered');
      const second = double.chatRequests.slice(before).map((r) => r.model);
      for (const model of [ENDED, BUSY, PRIVATE, BILLED]) {
        assert(!second.includes(model), `The second question should send nothing to ${model}; the double saw ${JSON.stringify(second)}`);
      }
      assert(second.at(-1) === GOOD, `The good model should answer the second question; the double saw ${JSON.stringify(second)}`);

      const conversation = double.chatRequests;
      for (const r of conversation) {
        assert(
          r.provider?.data_collection === 'deny' && r.provider.sort === 'price',
          `Every request should carry the folder's provider preferences; ${r.model} got ${JSON.stringify(r.provider)}`,
        );
      }
      const ids = new Set(conversation.map((r) => r.sessionId));
      assert(ids.size === 1 && typeof [...ids][0] === 'string', `One session id on every request of the conversation, got ${JSON.stringify([...ids])}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      // The scenarios after this one expect the suite's enabled models again.
      await ctx.workbench.restartWindow().catch(() => undefined);
    }
  },
};
