// Reasoning the chat held back is not on screen: a model that stalls or fails while it is still
// reasoning is failed over, and the user sees only the reasoning and answer of the model that
// answered, once, with the footer saying what happened to the first. Fake time, scripted provider.
import assert from 'node:assert/strict';
import type { ChatOutput } from '../../src/host/chat/render/output';
import { renderGroup } from '../../src/host/chat/render/group';
import { renderRoute } from '../../src/host/chat/render/route';
import { formatPlain } from '../../src/host/shared/translate';
import { setup, type Behavior } from './router.fakes';

const A = 'a/model-a:free';
const B = 'b/model-b:free';

class RecordingOutput implements ChatOutput {
  readonly markdowns: string[] = [];
  readonly progress_: string[] = [];
  markdown(text: string): void {
    this.markdowns.push(text);
  }
  progress(text: string): void {
    this.progress_.push(text);
  }
  /** What the user reads: markdown's backslash escapes (network text is escaped) resolved. */
  get transcript(): string {
    return this.markdowns.join('').replace(/\\(.)/g, '$1');
  }
}

function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

const failuresMidReasoning: [string, Behavior, RegExp][] = [
  ['stalls (timeout)', { kind: 'hang', reasoning: ['A ponders', ' at length'] }, /timed out/],
  ['errors', { kind: 'error-after-text', text: ['A ponders', ' at length'], reasoningOnly: true, error: { kind: 'upstream', status: 502 } }, /provider unavailable \(502\)/],
];

describe('chat rendering: reasoning nobody has seen yet', () => {
  for (const [what, behavior, reason] of failuresMidReasoning) {
    it(`a model that ${what} mid-reasoning is failed over; only the answering model's reasoning and answer show, once`, async () => {
      const s = setup([A, B], { timeoutPerModelMs: 3_000 });
      s.provider.script(A, behavior);
      s.provider.script(B, { kind: 'stream', reasoning: ['B weighs', ' it'], text: ['B answers', '.'] });
      const out = new RecordingOutput();
      const rendered = await s.time.run(renderRoute(s.router.route({ messages: [{ role: 'user', content: 'q' }] }), out, { showReasoning: true, t: formatPlain }));
      const transcript = out.transcript;
      assert.equal(rendered.answer, 'B answers.');
      assert.equal(rendered.failure, undefined);
      assert.equal(rendered.summary?.model, B);
      assert.ok(!transcript.includes('A ponders'), `the failed model's reasoning is not shown:\n${transcript}`);
      assert.equal(occurrences(transcript, 'B weighs it'), 1, transcript);
      assert.equal(occurrences(transcript, 'B answers.'), 1, transcript);
      assert.ok(transcript.indexOf('B weighs it') < transcript.indexOf('B answers.'), 'reasoning above the answer');
      assert.ok(!transcript.includes('cut short'), transcript);
      // The footer says what happened to the first model.
      assert.match(transcript, new RegExp(`Tried first: \`${A}\`: failed after [^()]*\\(${reason.source}\\)`), transcript);
      assert.ok(out.progress_.some((p) => p.includes(A) && p.includes('is reasoning')), `the wait was announced: ${JSON.stringify(out.progress_)}`);
    });
  }

  it('when every model fails mid-reasoning, the failure shows without any of their reasoning', async () => {
    const s = setup([A, B], { maxRetries: 1 });
    for (const m of [A, B]) s.provider.script(m, { kind: 'error-after-text', text: [`${m} ponders`], reasoningOnly: true, error: { kind: 'upstream', status: 503 } });
    const out = new RecordingOutput();
    const rendered = await s.time.run(renderRoute(s.router.route({ messages: [{ role: 'user', content: 'q' }] }), out, { showReasoning: true, t: formatPlain }));
    assert.equal(rendered.failure?.kind, 'upstream');
    assert.equal(rendered.failure?.afterOutput, false);
    assert.ok(!out.transcript.includes('ponders'), out.transcript);
    assert.ok(!out.transcript.includes('cut short'), out.transcript);
    assert.match(out.transcript, /No model could answer/);
  });

  it('in /group (members are pinned, no failover), a member that stalls mid-reasoning shows its failure, not that reasoning', async () => {
    const s = setup([A, B], { timeoutPerModelMs: 3_000 });
    s.provider.script(A, { kind: 'hang', reasoning: ['A ponders'] });
    s.provider.script(B, { kind: 'stream', reasoning: ['B weighs'], text: ['B answers.'] });
    const out = new RecordingOutput();
    const group = s.router.group({ messages: [{ role: 'user', content: 'q' }] }, { models: [A, B] });
    const results = await s.time.run(renderGroup(group.members, out, { showReasoning: true, t: formatPlain }));
    assert.deepEqual(results.map((r) => [r.model, r.failed]), [[A, true], [B, false]]);
    assert.ok(!out.transcript.includes('A ponders'), out.transcript);
    assert.match(out.transcript, /a\/model-a:free stopped sending for 3 s/);
    assert.equal(occurrences(out.transcript, 'B weighs'), 1, out.transcript);
    assert.equal(occurrences(out.transcript, 'B answers.'), 1, out.transcript);
  });
});
