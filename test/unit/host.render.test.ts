// The chat renderers over the real router, the real provider and the local double (real HTTP):
// what a user sees for an answer with reasoning, a failover, a failure, and a `/group`.
import assert from 'node:assert/strict';
import { createProvider } from '../../src/core/providers';
import { ModelRouter } from '../../src/core/router';
import type { RouterSettings } from '../../src/core/router/types';
import type { ChatOutput } from '../../src/host/chat/render/output';
import { groupAnswerText, renderGroup } from '../../src/host/chat/render/group';
import { renderRoute } from '../../src/host/chat/render/route';
import { formatPlain } from '../../src/host/shared/translate';
import { OpenRouterDouble } from '../fixtures/double';

const A = 'a/model-a:free';
const B = 'b/model-b:free';
const C = 'c/model-c:free';

type Call = { kind: 'markdown' | 'progress'; text: string; commands?: readonly string[] };

class RecordingOutput implements ChatOutput {
  readonly calls: Call[] = [];
  markdown(text: string, commands?: readonly string[]): void {
    this.calls.push({ kind: 'markdown', text, commands });
  }
  progress(text: string): void {
    this.calls.push({ kind: 'progress', text });
  }
  /** What the transcript shows, in order (progress is transient, so left out). */
  get transcript(): string {
    return this.calls.map((c) => (c.kind === 'markdown' ? c.text : '')).join('');
  }
  /** Commands the transcript's links may run. */
  get commands(): string[] {
    return this.calls.flatMap((c) => [...(c.commands ?? [])]);
  }
}

const settings: RouterSettings = {
  strategy: 'failover',
  maxRetries: 2,
  // Generous: the machine may be busy, and this test is about rendering, not timing.
  timeoutPerModelMs: 15_000,
  dailyLimit: 1000,
  requestsPerMinute: 1000,
  serverSideFallback: false,
  freeModelsOnly: true,
};

describe('host chat rendering (router + provider + double)', () => {
  let double: OpenRouterDouble;
  let router: ModelRouter;
  let key: string;

  before(async () => {
    double = await OpenRouterDouble.start();
  });
  beforeEach(() => {
    double.reset();
    key = 'sk-or-v1-host-render';
    router = new ModelRouter({
      provider: () => createProvider('openai_compatible', { apiKey: key, baseUrl: double.baseUrl, appUrl: 'https://example.test', appTitle: 'Test' }),
      models: () => [A, B, C],
      settings: () => settings,
      retryBackoffMs: 1,
    });
  });
  after(() => double.close());

  const ask = (text: string) => ({ messages: [{ role: 'user' as const, content: text }] });

  it('shows reasoning quoted before the answer, never inside it, and a footer naming the model', async () => {
    double.script(A, { kind: 'stream', reasoning: ['Think', 'ing <b>hard</b>'], text: ['The ', 'answer.'], usage: { prompt: 10, completion: 4, cost: 0 } });
    const out = new RecordingOutput();
    const result = await renderRoute(router.route(ask('q')), out, { showReasoning: true, t: formatPlain });
    assert.equal(result.answer, 'The answer.');
    const transcript = out.transcript;
    const at = transcript.indexOf('The answer.');
    const reasoning = transcript.slice(0, at);
    const answer = transcript.slice(at);
    assert.match(reasoning, /^> \*Reasoning \(`a\/model-a:free`\)\*\n>\n> Thinking <b>hard<\/b>\n\n$/);
    assert.ok(!answer.includes('Thinking'), 'no reasoning in the answer');
    assert.ok(answer.split('\n').every((line) => !line.startsWith('>')), 'the answer is not quoted');
    assert.match(transcript, /Answered by `a\/model-a:free` · first token [\d.]+ m?s · total [\d.]+ m?s · 10 in \/ 4 out tokens · cost \$0/);
  });

  it('leaves reasoning out entirely when showReasoning is off', async () => {
    double.script(A, { kind: 'stream', reasoning: ['secret thoughts'], text: ['Answer.'] });
    const out = new RecordingOutput();
    await renderRoute(router.route(ask('q')), out, { showReasoning: false, t: formatPlain });
    assert.ok(!out.transcript.includes('secret thoughts'));
    assert.ok(out.transcript.startsWith('Answer.'));
  });

  it('names the models tried first and why, after a failover', async () => {
    double.script(A, { kind: 'http-error', status: 429, retryAfter: '30' });
    double.script(B, { kind: 'stream', text: ['From B.'] });
    const out = new RecordingOutput();
    const result = await renderRoute(router.route(ask('q')), out, { showReasoning: true, t: formatPlain });
    assert.equal(result.summary?.model, B);
    assert.match(out.transcript, /^From B\./);
    assert.match(out.transcript, /Tried first: `a\/model-a:free`: failed after \d+ ms \(.*429.*\)/);
    assert.ok(out.calls.some((c) => c.kind === 'progress' && c.text.includes(A)));
  });

  it('ends a rejected key with what to do and a Set API Key link, after the progress, the link in a part of its own', async () => {
    key = 'sk-or-v1-bad-key';
    const out = new RecordingOutput();
    const result = await renderRoute(router.route(ask('q')), out, { showReasoning: true, t: formatPlain });
    assert.equal(result.failure?.kind, 'auth');
    assert.match(out.transcript, /\[Set API Key\]\(command:openrouterDual\.setApiKey\?/);
    assert.ok(!out.transcript.includes(key), 'the key is never shown');
    assert.deepEqual(out.commands, ['openrouterDual.setApiKey', 'openrouterDual.openTroubleshooting']);
    // The error, its actions and the footer come after every progress message, in that order; only
    // the part with the actions (our own text) may run a command, the message quoting the server not.
    const lastProgress = out.calls.map((c) => c.kind).lastIndexOf('progress');
    const tail = out.calls.slice(lastProgress + 1);
    assert.ok(tail.every((c) => c.kind === 'markdown'));
    assert.match(tail.map((c) => c.text).join(''), /⚠️[\s\S]*Set API Key[\s\S]*Tried first/);
    const trusted = tail.filter((c) => c.commands?.length);
    assert.equal(trusted.length, 1);
    assert.ok(!trusted[0].text.includes('⚠️') && !trusted[0].text.includes('Tried first'), JSON.stringify(trusted[0]));
  });

  it('writes /group sections whole and in order, never interleaved', async () => {
    double.script(A, { kind: 'stream', text: ['A1 ', 'A2 ', 'A3'], chunkDelayMs: 30 });
    double.script(B, { kind: 'stream', text: ['B1 ', 'B2 ', 'B3'], chunkDelayMs: 5 });
    double.script(C, { kind: 'http-error', status: 400, message: 'bad' });
    const out = new RecordingOutput();
    const handle = router.group(ask('q'), { models: [A, B, C] });
    const results = await renderGroup(handle.members, out, { showReasoning: true, t: formatPlain });
    const transcript = out.transcript;
    const sections = transcript.split(/\n### /).slice(1);
    assert.equal(sections.length, 3, transcript);
    for (const section of sections) {
      const model = section.slice(1, section.indexOf('`', 1));
      const own = model === A ? /A\d/g : model === B ? /B\d/g : /[AB]\d/g;
      const foreign = section.replace(own, '').match(/\b[AB]\d\b/g);
      assert.equal(foreign, null, `section ${model} contains another member's text: ${section}`);
    }
    assert.match(transcript, /A1 A2 A3/);
    assert.match(transcript, /B1 B2 B3/);
    assert.match(sections.find((s) => s.startsWith('`' + C))!, /⚠️/);
    assert.deepEqual(results.map((r) => r.failed), [false, false, true]);
    assert.equal(groupAnswerText(results), `### ${A}\n\nA1 A2 A3\n\n### ${B}\n\nB1 B2 B3`);
  });
});
