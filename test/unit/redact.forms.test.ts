// The redactor catches the configured key in every form it may take on its way to a message or a
// log line: literal, URL-encoded, JSON-escaped, inside `Bearer`/`Basic` credentials, split
// across lines; and key-shaped strings in those forms when the key is not known.
import assert from 'node:assert/strict';
import { ProviderError } from '../../src/core/providers/errors';
import { redactError, redactSecrets } from '../../src/core/providers/redact';

// Shaped like a real key (60 hex digits after the prefix) but built here, so no key-like literal is committed.
const KEY = 'sk-or-v1-' + '0123456789abcdef'.repeat(3) + '0123456789ab';
/** A key of another shape, as a proxy might accept. */
const PROXY_KEY = 'corp/proxy+token=9f8e-7d6c';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const jsonEscapeAll = (s: string) => [...s].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)).join('');
/** Base64 as MIME and PEM write it: lines of 76 characters. */
const wrap76 = (s: string) => s.replace(/.{76}/g, '$&\r\n');
const percentAll = (s: string) => [...s].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** No recognisable piece of the key survives (the first 12 characters of its secret part). */
function assertGone(text: string, key: string, form: string): void {
  const out = redactSecrets(text, [key]);
  assert.ok(out.includes('[redacted]'), `${form}: nothing redacted in ${out}`);
  for (const piece of [key.slice(-16), key.slice(-24, -12), b64(key).slice(8, 24)]) assert.ok(!out.includes(piece), `${form}: "${piece}" left in ${out}`);
  assert.ok(!/[0-9a-f]{12}/.test(out.replace(/sk-or-\[redacted\]/g, '')) || key !== KEY, `${form}: key digits left in ${out}`);
}

describe('redaction: every form of the key', () => {
  for (const key of [KEY, PROXY_KEY]) {
    describe(key === KEY ? 'an OpenRouter key' : 'a key of another shape', () => {
      const forms: Record<string, string> = {
        literal: `got ${key} back`,
        'URL-encoded (encodeURIComponent)': `GET /x?key=${encodeURIComponent(key)}&a=1`,
        'URL-encoded (every character)': `url: https://h/?k=${percentAll(key)}`,
        'URL-encoded twice': `next=${encodeURIComponent(`https://h/?k=${percentAll(key)}`)}`,
        'JSON-escaped (\\u002d ...)': `{"apiKey":"${jsonEscapeAll(key)}"}`,
        'JSON string in a JSON string': JSON.stringify(JSON.stringify({ key })),
        'Bearer header': `Authorization: Bearer ${key}`,
        'Basic header, user:key': `Authorization: Basic ${b64(`user:${key}`)}`,
        'Basic header, :key': `authorization: basic ${b64(`:${key}`)}`,
        'base64 of user:key without the word Basic': `creds=${b64(`me:${key}`)}`,
        'split across lines': `key: ${key.slice(0, 20)}\n${key.slice(20, 45)}\r\n    ${key.slice(45)}`,
        'split with JSON newlines': `"${key.slice(0, 30)}\\n${key.slice(30)}"`,
        'HTML numeric entities (decimal)': `<p>${[...key].map((c) => `&#${c.charCodeAt(0)};`).join('')}</p>`,
        'HTML numeric entities (hex)': `<p>${[...key].map((c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`).join('')}</p>`,
        hex: `dump: ${Buffer.from(key, 'utf8').toString('hex')} end`,
        'hex of user:key, upper case': `creds=0x${Buffer.from(`me:${key}`, 'utf8').toString('hex').toUpperCase()}`,
        'a zero-width character inside the key': `got ${key.slice(0, 14)}\u200b${key.slice(14, 30)}\u2060${key.slice(30)} back`,
        'base64 wrapped at 76 characters (MIME), last line short': `Authorization: Basic\r\n${wrap76(b64(`a-rather-long-user-name-for-this-service@example.com:${key}`))}`,
      };
      for (const [form, text] of Object.entries(forms)) it(form, () => assertGone(text, key, form));
      it('base64 wrapped at 76 characters: no line of it survives, the short last one included', () => {
        const lines = wrap76(b64(`a-rather-long-user-name-for-this-service@example.com:${key}`)).split('\r\n');
        const out = redactSecrets(`Authorization: Basic\r\n${lines.join('\r\n')}`, [key]);
        for (const line of lines) assert.ok(!out.includes(line), `"${line}" left in ${out}`);
      });
    });
  }

  it('key-shaped strings in encoded forms are caught without knowing the key', () => {
    for (const text of [
      `k=${KEY.replace(/-/g, '%2D')}`,
      `{"k":"${KEY.replace(/-/g, '\\u002d')}"}`,
      `Authorization: Basic ${b64(`:${KEY}`)}`,
      `Authorization: Basic ${b64('user:some-other-token')}`,
      `Authorization%3A%20Bearer%20${KEY}`,
    ]) {
      const out = redactSecrets(text);
      assert.ok(!out.includes(KEY.slice(-16)) && !out.includes(b64(`:${KEY}`).slice(8, 24)) && !out.includes(b64('user:some-other-token')), `left in ${out}`);
    }
  });

  it('leaves ordinary text alone', () => {
    const text = 'The provider behind qwen/qwen3-8b:free is unavailable (502). Basic usage: see https://openrouter.ai/docs. Handles basic questions, Basic reasoning and cognitivecomputations/dolphin3.0-mistral-24b:free.';
    assert.equal(redactSecrets(text, [KEY, PROXY_KEY]), text);
  });

  it('stays fast on a megabyte of text', () => {
    const big = 'word '.repeat(200_000) + KEY;
    const started = process.hrtime.bigint();
    const out = redactSecrets(big, [KEY, PROXY_KEY]);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(!out.includes(KEY.slice(-16)));
    assert.ok(ms < 2000, `${ms} ms`);
  });
});

describe('redactError', () => {
  it('keeps what the router acts on (free-tier window, availability, feature) when it rewrites the message', () => {
    const error = new ProviderError({
      kind: 'rate_limited',
      message: `OpenRouter returned 429: echoing ${PROXY_KEY}`,
      freeTier: 'minute',
      unsupported: 'tools',
      notSent: true,
      availability: { code: 'capacity_exhausted', retryable: true, retryAfterMs: 3000, fallbackModels: ['x/z'], excludedBy: [] },
    });
    const redacted = redactError(error, [PROXY_KEY]);
    assert.notEqual(redacted, error);
    assert.ok(!redacted.message.includes(PROXY_KEY));
    assert.equal(redacted.freeTier, 'minute');
    assert.equal(redacted.unsupported, 'tools');
    assert.equal(redacted.notSent, true);
    assert.deepEqual(redacted.availability, error.availability);
  });
});
