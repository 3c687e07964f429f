// docs/troubleshooting.md quotes the extension word for word: each quote here is rendered by the
// code that shows it (the providers' and the router's messages, the host's l10n strings), with the
// page's example values, and must appear on the page. A changed message fails this test until the
// page says what users now read.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProviderError, type ProviderErrorInit } from '../../src/core/providers/errors';
import { describeProviderError } from '../../src/core/providers/errorMessages';
import { routerText } from '../../src/core/router/routerText';
import type { MessageLocale } from '../../src/core/shared/errorKinds';
import { TROUBLESHOOTING_PAGE_FILES } from '../../src/host/chat/render/troubleshooting';

const ROOT = join(__dirname, '..', '..');
const M = 'qwen/qwen3-8b:free';
const ZH_BUNDLE = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;

/** The page for each language (the Troubleshooting command opens the one of VS Code's display language). */
for (const [locale, file] of Object.entries(TROUBLESHOOTING_PAGE_FILES) as [MessageLocale, string][]) {
const page = readFileSync(join(ROOT, 'docs', file), 'utf8');
const quotes = new Set(page.split('\n').filter((l) => l.startsWith('> ')).map((l) => l.slice(2)));
const en = routerText(locale);

function provider(init: Partial<ProviderErrorInit> & Pick<ProviderErrorInit, 'kind'>): string {
  const message = init.status ? `OpenRouter returned ${init.status}: …` : 'Connection failed: …';
  return describeProviderError(new ProviderError({ model: M, message, ...init }), locale);
}

/** A host message as VS Code's l10n formats it in this language, checked to be one the extension has. */
function hostText(template: string, ...args: string[]): string {
  assert.ok(template in ZH_BUNDLE, `the extension has no message "${template}"`);
  const text = locale === 'zh-cn' ? ZH_BUNDLE[template] : template;
  return text.replace(/\{(\d+)\}/g, (_, i: string) => args[Number(i)]);
}

/** Each message is on the page; a Chinese one also reads as Chinese (no doubled or spaced full stop). */
function expectQuoted(messages: string[]): void {
  assert.deepEqual(messages.filter((m) => !quotes.has(m)), []);
  if (locale === 'zh-cn') assert.deepEqual(messages.filter((m) => /。[。 ]|[.。] 。/.test(m)), []);
}

describe(`docs: ${file} quotes the extension${locale === 'en' ? '' : ` in ${locale}`}`, () => {
  let tz: string | undefined;
  before(() => {
    tz = process.env.TZ;
    process.env.TZ = 'UTC';
  });
  after(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  it('quotes every kind of provider failure as describeProviderError words it', () => {
    const messages = [
      provider({ kind: 'auth', detail: 'missing_key' }),
      provider({ kind: 'auth', status: 401, message: 'OpenRouter returned 401: ' }),
      provider({ kind: 'payment', status: 402 }),
      provider({ kind: 'forbidden', status: 403 }),
      provider({ kind: 'not_found', status: 404 }),
      provider({ kind: 'bad_request', status: 400 }),
      provider({ kind: 'rate_limited', status: 429, retryAfterMs: 20_000 }),
      provider({ kind: 'timeout', message: en.timeout(M, 30_000, false) }),
      provider({ kind: 'upstream', status: 502 }),
      provider({ kind: 'network' }),
      provider({ kind: 'empty_answer' }),
      provider({ kind: 'stream_error' }),
      provider({ kind: 'unsupported', status: 404, unsupported: 'tools', message: 'OpenRouter returned 404: ' }),
      provider({ kind: 'unsupported', status: 404, unsupported: 'image', message: 'OpenRouter returned 404: ' }),
      provider({ kind: 'unsupported', status: 404, unsupported: 'data_policy' }),
      provider({ kind: 'unsupported', status: 404, unsupported: 'data_policy', privacy: { by: 'setting', setting: 'openrouterDual.provider.dataCollection' } }),
      provider({ kind: 'unsupported', status: 404, unsupported: 'data_policy', privacy: { by: 'setting', setting: 'openrouterDual.provider.zdr' } }),
      provider({ kind: 'unsupported', status: 404, unsupported: 'data_policy', privacy: { by: 'account', what: 'training' } }),
      provider({ kind: 'unsupported', status: 404, unsupported: 'data_policy', privacy: { by: 'account', what: 'zdr' } }),
      provider({ kind: 'bad_request', detail: 'image_too_large' }),
      provider({ kind: 'bad_request', detail: 'image_type' }),
      provider({ kind: 'bad_request', detail: 'images_too_large' }),
    ];
    expectQuoted(messages);
  });

  it("quotes the router's refusals: budget, cooldowns, free-only, capabilities, endpoints, ended models, cut-short answers", () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const messages = [
      en.budget({ window: 'minute', limit: 20, retryAt: now + 40_000 }, now),
      en.budget({ window: 'minute', limit: 20, retryAt: now + 40_000, server: true }, now),
      en.budget({ window: 'day', limit: 50, retryAt: now + 5 * 3_600_000 }, now),
      en.cooling(M, now + 65_000, now, 3),
      en.noModels,
      en.notFree(['openai/gpt-4o']),
      en.noCapableModel(['tools'], ['qwen/qwen3-coder:free']),
      en.offline(['llama3.2:3b (Ollama)']),
      en.endpointBudget(['llama3.2:3b (Ollama)'], 30_000),
      en.cutShort(en.timeout(M, 30_000, true)),
      en.ended([M], ['z-ai/glm-4.5-air:free']),
      en.exhausted('…', [
        { model: M, reason: en.shortReason('rate_limited', 429, 20_000) },
        { model: 'z-ai/glm-4.5-air:free', reason: en.shortReason('timeout') },
      ]),
    ];
    expectQuoted(messages);
  });

  it('quotes the refusal of a request too long for every window, and the note under an answer OpenRouter compressed', () => {
    const messages = [
      en.noFittingModel(52_000, { model: M, window: 40_960 }, [{ model: 'qwen/qwen3-235b-a22b:free', window: 131_072 }]),
      hostText("The request (~{0} tokens) is larger than every enabled model's context window: OpenRouter's context-compression plugin left out or cut messages from its middle.", '52K'),
    ];
    expectQuoted(messages);
  });

  it("quotes the host's messages about where the key goes, models that ended and the gateway's port", () => {
    const proxy = 'https://proxy.example.com/api/v1';
    const home = 'https://openrouter.ai/api/v1';
    const messages = [
      hostText('Your OpenRouter key was not sent to {0}: that host was not confirmed. To use it, try again and choose "Send Key"; otherwise set openrouterDual.baseUrl back to {1}.', proxy, home),
      hostText(
        'Your OpenRouter key was not sent to {0}: plain http:// is allowed only for this machine (localhost, 127.0.0.1, ::1), because anyone on the way could read the key. Use https://, or set openrouterDual.baseUrl back to {1}.',
        'http://proxy.example.com/api/v1',
        home,
      ),
      hostText('{0} = {1} in the workspace folder settings (.vscode/settings.json) is ignored: it decides where your API key goes, so only your user settings can set it. Using {2}.', 'openrouterDual.baseUrl', proxy, home),
      hostText('{0} = {1} in the workspace folder settings (.vscode/settings.json) is ignored: it decides whether chats may cost money, so only your user settings can set it. Using {2}.', 'openrouterDual.freeModelsOnly', 'false', 'true'),
      hostText(
        'OpenRouter Dual: the free variant {0} has ended on OpenRouter, so no request goes to it any more. Free replacements OpenRouter suggests: {1}.',
        M,
        'z-ai/glm-4.5-air:free, qwen/qwen3-coder:free',
      ),
      hostText('OpenRouter Dual: {0} is deprecated on OpenRouter, so no request goes to it any more. OpenRouter suggested no free replacement: choose other models.', M),
      hostText('OpenRouter Dual: {0}, which you have enabled, ends on OpenRouter after {1} (its expiration date). Free replacements: {2}.', M, '2026-12-07', 'z-ai/glm-4.5-air:free'),
      hostText('OpenRouter Dual: {0}, which you have enabled, ends on OpenRouter after {1} (its expiration date). Choose other free models before then.', M, '2026-12-07'),
      hostText(
        'The local gateway could not start: port {0} on 127.0.0.1 is already in use (another program, or the gateway of another VS Code window). Change openrouterDual.gateway.port or stop the other program.',
        '4319',
      ),
      hostText(
        'OpenRouter Dual: {0} is listed as free, but OpenRouter reported a cost of {1} for its answer. It counts as a paid model from now on, so "free models only" skips it. Check the charges at https://openrouter.ai/activity.',
        M,
        '$0.000420',
      ),
      hostText("A program on this machine stored an OpenRouter API key through the local gateway; chats now use that key's account. If you did not do this, remove it and set your own."),
    ];
    expectQuoted(messages);
  });
});
}
