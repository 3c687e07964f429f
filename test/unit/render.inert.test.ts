// Text from the network (server error messages, model ids, attempt reasons) stays inert in the
// chat: no link, command or HTML of its own, and never inside a part that may run commands.
import assert from 'node:assert/strict';
import type { RouteFailure, RouteSummary, RouterEvent, StatsSnapshot } from '../../src/core/router/types';
import type { ChatOutput } from '../../src/host/chat/render/output';
import { renderFooter } from '../../src/host/chat/render/footer';
import { codeSpan, escapeMarkdown } from '../../src/host/chat/render/format';
import { renderGroup } from '../../src/host/chat/render/group';
import { renderReasoningBlock } from '../../src/host/chat/render/reasoning';
import { renderModelsTable, renderStatsTable, TOGGLE_MODEL_COMMAND } from '../../src/host/chat/render/reportTables';
import { renderFailure, renderRoute } from '../../src/host/chat/render/route';
import { ACTION_COMMANDS } from '../../src/host/chat/render/failureActions';
import { formatPlain } from '../../src/host/shared/translate';
import { activeMarkdown, HOSTILE_MESSAGE, HOSTILE_MODEL } from './markdownProbe';

const t = formatPlain;
const OURS = new Set(Object.values(ACTION_COMMANDS));

type Part = { kind: 'markdown' | 'progress'; text: string; commands?: readonly string[] };
class Recording implements ChatOutput {
  readonly parts: Part[] = [];
  markdown(text: string, commands?: readonly string[]): void {
    this.parts.push({ kind: 'markdown', text, commands });
  }
  progress(text: string): void {
    this.parts.push({ kind: 'progress', text });
  }
}

function assertInert(markdown: string, what: string): void {
  const live = activeMarkdown(markdown);
  assert.deepEqual(live, { links: [], html: [] }, `${what} has live markdown:\n${markdown}`);
}

/** A part that may run commands holds only our text: its links run our commands, nothing from the server. */
function assertTrustedPartIsOurs(part: Part, hostile: readonly string[]): void {
  for (const target of activeMarkdown(part.text).links) {
    const command = /^command:([\w.]+)/.exec(target)?.[1];
    assert.ok(command && part.commands?.includes(command), `foreign link ${target} in a trusted part`);
  }
  for (const h of hostile) assert.ok(!part.text.includes(h), `network text "${h}" in a trusted part:\n${part.text}`);
}

const summary = (model?: string): RouteSummary => ({
  model,
  totalMs: 1200,
  ttftMs: 300,
  attempts: [
    { model: HOSTILE_MODEL, outcome: 'failed', kind: 'upstream', reason: HOSTILE_MESSAGE, durationMs: 50 },
    ...(model ? [{ model, outcome: 'answered' as const, durationMs: 1000 }] : []),
  ],
});

describe('chat markdown: network text stays inert', () => {
  it('escapeMarkdown leaves nothing live and keeps the words readable', () => {
    const out = escapeMarkdown(HOSTILE_MESSAGE);
    assertInert(out, 'escaped message');
    assert.ok(!out.includes('\n'), 'one line: a newline could start a block (definition, heading, quote end)');
    // Unescaped, the words are the server's own.
    assert.equal(out.replace(/\\(.)/g, '$1'), HOSTILE_MESSAGE.replace(/\r?\n/g, ' '));
  });

  it('codeSpan keeps a model id in one span, also in a table cell', () => {
    assertInert(`| ${codeSpan(HOSTILE_MODEL, { table: true })} | x |`, 'table cell');
    assertInert(codeSpan('a/b\n[x](https://evil.example)\n`y`'), 'code span with newlines');
  });

  it('a megabyte-long name is cut short and stays inert', () => {
    const huge = 'evil/' + '[a](command:x) '.repeat(70_000) + ':free';
    const escaped = escapeMarkdown(huge);
    const span = codeSpan(huge);
    assert.ok(escaped.length < 4_000 && span.length < 4_000, `${escaped.length} / ${span.length} characters`);
    assertInert(escaped, 'huge escaped');
    assertInert(span, 'huge span');
  });

  it('a failure with a hostile server message: links only in a part of our own text', () => {
    const failure: RouteFailure = { kind: 'upstream', message: HOSTILE_MESSAGE, afterOutput: false };
    const out = new Recording();
    renderFailure(failure, summary(), out, t);
    const trusted = out.parts.filter((p) => p.commands?.length);
    assert.ok(trusted.length > 0, 'the actions are still offered as command links');
    for (const p of trusted) {
      assert.ok(p.commands!.every((c) => OURS.has(c)));
      assertTrustedPartIsOurs(p, ['Down', 'evil', 'img', HOSTILE_MODEL]);
    }
    for (const p of out.parts.filter((x) => !x.commands?.length)) assertInert(p.text, 'untrusted failure part');
    const shown = out.parts.map((p) => p.text).join('').replace(/\\(.)/g, '$1');
    assert.ok(shown.includes('Down. [Enable](command:openrouterDual.toggleModel'), 'the server words are shown literally');
  });

  it('a failure offering models to enable links plain ids only, each to enable that model', () => {
    const failure: RouteFailure = {
      kind: 'unsupported',
      message: `No enabled model supports tool calls. Free models that do: qwen/qwen3-8b:free, ${HOSTILE_MODEL}.`,
      afterOutput: false,
      suggestedModels: ['qwen/qwen3-8b:free', HOSTILE_MODEL],
    };
    const out = new Recording();
    renderFailure(failure, { totalMs: 0, attempts: [] }, out, t);
    const trusted = out.parts.filter((p) => p.commands?.length);
    assert.equal(trusted.length, 1);
    assertTrustedPartIsOurs(trusted[0], [HOSTILE_MODEL]);
    const enableLink = `command:${TOGGLE_MODEL_COMMAND}?${encodeURIComponent(JSON.stringify(['qwen/qwen3-8b:free', true]))}`;
    assert.ok(activeMarkdown(trusted[0].text).links.includes(enableLink), trusted[0].text);
    assert.ok(trusted[0].text.includes('Enable qwen/qwen3-8b:free'));
    for (const p of out.parts.filter((x) => !x.commands?.length)) assertInert(p.text, 'untrusted failure part');
  });

  it('the footer escapes model ids and attempt reasons', () => {
    assertInert(renderFooter(summary(HOSTILE_MODEL), t), 'footer');
  });

  it('the reasoning header escapes the model id', () => {
    assertInert(renderReasoningBlock(HOSTILE_MODEL, 'thinking', t), 'reasoning header');
  });

  it('route progress and the footer after an answer are inert', async () => {
    const events: RouterEvent[] = [
      { type: 'attempt', model: HOSTILE_MODEL, attempt: 1 },
      { type: 'skip', model: HOSTILE_MODEL, kind: 'all_cooling_down', reason: HOSTILE_MESSAGE },
      { type: 'text', model: HOSTILE_MODEL, text: 'ok' },
      { type: 'done', summary: summary(HOSTILE_MODEL) },
    ] as RouterEvent[];
    const out = new Recording();
    await renderRoute((async function* () { yield* events; })(), out, { showReasoning: true, t });
    for (const p of out.parts) if (p.text !== 'ok') assertInert(p.text, p.kind);
    assert.ok(out.parts.every((p) => !p.commands?.length));
  });

  it('/group section titles, failure notes, progress and footers are inert', async () => {
    const failed: RouterEvent = { type: 'failed', failure: { kind: 'upstream', message: HOSTILE_MESSAGE, afterOutput: false }, summary: summary() } as RouterEvent;
    const out = new Recording();
    await renderGroup([{ model: HOSTILE_MODEL, events: (async function* () { yield failed; })() }], out, { showReasoning: true, t });
    for (const p of out.parts) assertInert(p.text, p.kind);
    assert.ok(out.parts.every((p) => !p.commands?.length));
  });

  it('/models: toggle links sit only next to plain ids; an odd id gets no link and stays inert', () => {
    const model = (id: string) => ({
      id,
      name: id,
      provider: 'evil',
      contextLength: 1000,
      capabilities: { reasoning: false, vision: false, toolCalling: false },
      useCases: [],
      description: HOSTILE_MESSAGE,
      free: true,
      isRouter: false,
      source: 'live' as const,
    });
    const parts = renderModelsTable([{ model: model('qwen/qwen3-8b:free'), enabled: true }, { model: model(HOSTILE_MODEL), enabled: false }], t);
    const trusted = parts.filter((p) => p.commands?.length);
    assert.equal(trusted.length, 1);
    assert.deepEqual(trusted[0].commands, [TOGGLE_MODEL_COMMAND]);
    assertTrustedPartIsOurs({ kind: 'markdown', ...trusted[0] }, ['evil', HOSTILE_MODEL]);
    assert.match(trusted[0].text, /\[Disable\]\(command:openrouterDual\.toggleModel\?/);
    const rest = parts.filter((p) => !p.commands?.length);
    assert.ok(rest.some((p) => p.text.replace(/\\(.)/g, '$1').includes('evil/x')), 'the odd model is still listed');
    for (const p of rest) assertInert(p.text, 'untrusted models part');
  });

  it('/stats escapes model ids in its table', () => {
    const snapshot: StatsSnapshot = {
      version: 1,
      at: 0,
      totals: { requests: 1, successes: 0, failures: 1 },
      models: [
        { model: HOSTILE_MODEL, requests: 1, successes: 0, failures: { upstream: 1 }, inFlight: 0, ttftMs: {}, totalMs: {}, loadShare: 1, recentLatencyMs: [] },
      ],
      budget: { minuteUsed: 1, minuteLimit: 20, dayUsed: 1, dayLimit: 50, dayResetAt: 0 },
    } as StatsSnapshot;
    assertInert(renderStatsTable(snapshot, t, 0), '/stats');
  });
});
