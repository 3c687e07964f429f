// The pure pieces of error normalization and wire parsing, with inputs the double cannot easily
// produce (odd header formats, dates in the past, secrets in odd places).
import assert from 'node:assert/strict';
import { kindForStatus, parseRateLimitReset, parseRetryAfter } from '../../src/core/providers/errorMapping';
import { ProviderError } from '../../src/core/providers/errors';
import { describeProviderError } from '../../src/core/providers/errorMessages';
import { redactSecrets } from '../../src/core/providers/redact';
import { loadOnce } from '../../src/core/providers/sdkStream';
import { ToolCallAssembler, toolCallPart } from '../../src/core/providers/toolCalls';
import { reasoningFromDelta, wireReasoning } from '../../src/core/providers/wire';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('Retry-After parsing', () => {
  it('reads delta-seconds, including fractions', () => {
    assert.equal(parseRetryAfter('30', NOW), 30_000);
    assert.equal(parseRetryAfter(' 0 ', NOW), 0);
    assert.equal(parseRetryAfter('1.5', NOW), 1500);
  });
  it('reads an HTTP date as the time left until it, never negative', () => {
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:01:30 GMT', NOW), 90_000);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', NOW), 0);
  });
  it('ignores what it cannot read', () => {
    for (const v of [undefined, null, '', 'soon', '-5', '1 2', '2026-01-01', '120, 60']) assert.equal(parseRetryAfter(v, NOW), undefined, String(v));
  });
});

describe('X-RateLimit-Reset parsing', () => {
  it('accepts epoch milliseconds, epoch seconds and relative seconds', () => {
    assert.equal(parseRateLimitReset('1767225600000', NOW), 1767225600000);
    assert.equal(parseRateLimitReset('1767225600', NOW), 1767225600000);
    assert.equal(parseRateLimitReset('60', NOW), NOW + 60_000);
    assert.equal(parseRateLimitReset('x', NOW), undefined);
  });
});

describe('status → kind', () => {
  it('maps every status OpenRouter documents', () => {
    const table: [number, string][] = [
      [400, 'bad_request'], [401, 'auth'], [402, 'payment'], [403, 'forbidden'], [404, 'not_found'],
      [408, 'timeout'], [429, 'rate_limited'], [500, 'upstream'], [502, 'upstream'], [503, 'upstream'],
      [504, 'timeout'], [418, 'bad_request'],
    ];
    for (const [status, kind] of table) assert.equal(kindForStatus(status), kind, String(status));
  });
  it('marks only the kinds another attempt can fix as retryable', () => {
    const retryable = (kind: ProviderError['kind']) => new ProviderError({ kind, message: '' }).retryable;
    assert.equal(retryable('auth'), false);
    assert.equal(retryable('bad_request'), false);
    assert.equal(retryable('payment'), false);
    assert.equal(retryable('cancelled'), false);
    assert.equal(retryable('rate_limited'), true);
    assert.equal(retryable('network'), true);
  });
});

describe('secret redaction', () => {
  it('removes OpenRouter keys and bearer tokens wherever they appear', () => {
    const text = redactSecrets('key=sk-or-v1-abcDEF_123-xyz; header "Authorization: Bearer tok3n.value" and sk-proj1234567890abcdefgh');
    assert.doesNotMatch(text, /abcDEF|tok3n|proj1234567890/);
    assert.match(text, /sk-or-\[redacted\]/);
    assert.match(text, /Bearer \[redacted\]/);
  });
  it('also redacts known secrets of any shape, but not short strings that would hit ordinary words', () => {
    assert.equal(redactSecrets('proxy said: bad key corp-proxy-token-9f8e', ['corp-proxy-token-9f8e', 'key']), 'proxy said: bad key [redacted]');
  });
});

describe('describeProviderError', () => {
  it('blames the extension, not the request, when an SDK fails to load', () => {
    const e = new ProviderError({ kind: 'bad_request', message: 'Could not load the official SDK: n.createOpenRouter is not a function', detail: 'sdk_load_failed' });
    const text = describeProviderError(e);
    assert.match(text, /could not load this mode's SDK \(n\.createOpenRouter is not a function\)/);
    assert.match(text, /Switch Provider Mode/);
    assert.doesNotMatch(text, /rejected the request/);
  });
  it('says what happened and what to do, in English and Chinese', () => {
    const e = new ProviderError({ kind: 'payment', status: 402, message: 'OpenRouter returned 402: Insufficient credits', model: 'm/a' });
    assert.match(describeProviderError(e), /credits \(402\): "Insufficient credits".*add credits/);
    assert.match(describeProviderError(e, 'zh-cn'), /余额不足.*充值/);
  });
  it('uses the retry hint when there is one', () => {
    const e = new ProviderError({ kind: 'upstream', status: 503, message: 'OpenRouter returned 503: busy', model: 'm/a', retryAfterMs: 2500 });
    assert.match(describeProviderError(e), /Retry in 3 s/);
  });
  it('states a long wait in minutes or hours', () => {
    const wait = (retryAfterMs: number, locale?: 'zh-cn') =>
      describeProviderError(new ProviderError({ kind: 'rate_limited', status: 429, message: 'OpenRouter returned 429: limit', model: 'm/a', retryAfterMs }), locale);
    assert.match(wait(119_000), /Retry in 119 s/);
    assert.match(wait(10 * 60_000), /Retry in 10 min/);
    assert.match(wait(13.5 * 3_600_000), /Retry in 14 h/);
    assert.match(wait(13.5 * 3_600_000, 'zh-cn'), /请在 14 小时后重试/);
  });
  it('redacts a key that slipped into the message', () => {
    const e = new ProviderError({ kind: 'bad_request', status: 400, message: 'OpenRouter returned 400: bad key sk-or-v1-leaked999' });
    assert.doesNotMatch(describeProviderError(e), /leaked999/);
  });
});

describe('tool call assembly', () => {
  it('hands out each call once, when its arguments parse, the next call starts, or the stream ends', () => {
    const a = new ToolCallAssembler();
    assert.deepEqual(a.add([{ index: 0, id: 'c1', function: { name: 'a', arguments: '{"x"' } }]), []);
    assert.deepEqual(a.add([{ index: 0, function: { arguments: ':1}' } }]), [{ id: 'c1', name: 'a', arguments: '{"x":1}' }]);
    assert.deepEqual(a.add([{ index: 1, id: 'c2', function: { name: 'b', arguments: '' } }]), []);
    assert.deepEqual(a.add([{ index: 2, id: 'c3', function: { name: 'c', arguments: '{"y"' } }]), [{ id: 'c2', name: 'b', arguments: '' }]);
    assert.deepEqual(a.finish(), [{ id: 'c3', name: 'c', arguments: '{"y"' }]);
    assert.deepEqual(a.finish(), []);
  });
  it('gives a call without an id, or with an id already used, an id of its own', () => {
    const a = new ToolCallAssembler();
    const b = new ToolCallAssembler();
    const calls = [
      ...a.add([{ index: 0, id: '', function: { name: 'a', arguments: '' } }]),
      ...a.add([{ index: 1, id: 'same', function: { name: 'b', arguments: '' } }]),
      ...a.add([{ index: 2, id: 'same', function: { name: 'c', arguments: '' } }]),
      ...a.finish(),
      ...b.add([{ index: 0, function: { name: 'a', arguments: '' } }]),
      ...b.finish(),
    ];
    const ids = calls.map((c) => c.id);
    assert.equal(ids.length, 4);
    assert.equal(new Set(ids).size, 4, ids.join());
    assert.equal(ids[1], 'same');
  });

  it('gives a call without arguments {} and keeps malformed arguments with an error', () => {
    assert.deepEqual(toolCallPart({ id: 'c', name: 'n', arguments: '' }), { type: 'tool-call', call: { id: 'c', name: 'n', arguments: '{}' } });
    const bad = toolCallPart({ id: 'c', name: 'n', arguments: '{"x":' });
    assert.equal(bad.call.arguments, '{"x":');
    assert.match(bad.error ?? '', /^The arguments of the call to n are not valid JSON/);
  });
});

describe('wire helpers', () => {
  it('prefers reasoning_details over the plain reasoning field and skips encrypted entries', () => {
    assert.equal(
      reasoningFromDelta({
        reasoning: 'dup',
        reasoning_details: [
          { type: 'reasoning.text', text: 'a' },
          { type: 'reasoning.encrypted', data: 'xx' },
          { type: 'reasoning.summary', summary: 'b' },
        ],
      }),
      'ab',
    );
    assert.equal(reasoningFromDelta({ reasoning: 'plain' }), 'plain');
    assert.equal(reasoningFromDelta({}), '');
  });
  it('never sends effort and max_tokens together', () => {
    assert.deepEqual(wireReasoning({ reasoning: { effort: 'high', maxTokens: 10 } }), { max_tokens: 10 });
    assert.deepEqual(wireReasoning({ reasoning: { enabled: false } }), { enabled: false });
    assert.equal(wireReasoning({ reasoning: {} }), undefined);
  });
});

describe('loadOnce (lazy SDK loading)', () => {
  it('loads once on success, and tries again after a failure instead of remembering it', async () => {
    let calls = 0;
    const load = loadOnce(async () => {
      calls++;
      if (calls === 1) throw new Error('module not found');
      return { sdk: calls };
    });
    await assert.rejects(load(), /module not found/);
    const [a, b] = await Promise.all([load(), load()]);
    assert.equal(a, b);
    assert.deepEqual(await load(), { sdk: 2 });
    assert.equal(calls, 2);
  });
});
