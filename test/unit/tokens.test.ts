// The token counter against a real BPE tokenizer (o200k_base, as gpt-tokenizer implements it):
// VS Code's agent decides when to summarize from these counts, and the router whether a request fits.
import assert from 'node:assert/strict';
import { encode as o200k } from 'gpt-tokenizer/encoding/o200k_base';
import { cachedTextCount, countRequestTokens, countTextTokens } from '../../src/core/tokens/count';
import { estimateTokens, ROLE_USER } from '../../src/host/models/mapping/lmMessages';
import { pieces, sampleTexts, type TextKind } from '../fixtures/tokenTexts';

const texts = sampleTexts();
const ratio = (text: string) => countTextTokens(text) / o200k(text).length;

describe('token counter', () => {
  for (const kind of Object.keys(texts) as TextKind[]) {
    it(`counts ${kind} within 15% of o200k, never under by more`, () => {
      const whole = ratio(texts[kind]);
      assert.ok(whole >= 0.85 && whole <= 1.15, `${kind}: ${whole.toFixed(3)} of o200k`);
      // Message-sized pieces: never under by more than 15%; over a little more at worst (code).
      for (const piece of pieces(texts[kind], kind)) {
        const r = ratio(piece);
        assert.ok(r >= 0.85 && r <= 1.25, `${kind} piece of ${piece.length} chars: ${r.toFixed(3)} of o200k\n${piece.slice(0, 200)}`);
      }
    });
  }

  it('counts a short Chinese sentence as a tokenizer does, not as characters / 4', () => {
    const sentence = '请把这个函数改成异步的，并且处理超时的情况。'; // 22 characters
    const reference = o200k(sentence).length;
    const counted = countTextTokens(sentence);
    assert.ok(counted >= reference * 0.85 && counted <= reference * 1.3, `${counted} against ${reference}`);
    assert.ok(counted > Math.ceil(sentence.length / 4) * 2);
  });

  it('counts a whole message: text, tool calls, tool results and images', () => {
    const result = texts.chinese;
    const message = {
      role: ROLE_USER,
      content: [
        { value: 'Here is the log:' },
        { callId: 'c1', name: 'read_file', input: { path: 'src/core/router/router.ts' } },
        { callId: 'c1', content: [{ value: result }] },
        { mimeType: 'image/png', data: new Uint8Array(10) },
      ],
    };
    const counted = estimateTokens(message);
    const reference = o200k(`Here is the log: read_file {"path":"src/core/router/router.ts"} ${result}`).length;
    // The image costs the model about a thousand tokens, however few bytes it has.
    assert.ok(counted >= reference * 0.85 + 1000, `${counted} against ${reference} + 1000`);
    assert.ok(counted <= reference * 1.3 + 1100, `${counted} against ${reference} + 1000`);
    assert.equal(estimateTokens(message), counted, 'the same message counts the same when asked again');
  });

  it('counts the tool schemas a request offers', () => {
    const messages = [{ role: 'user' as const, content: 'hi' }];
    const tools = Array.from({ length: 30 }, (_, i) => ({
      name: `tool_${i}`,
      description: 'Reads a file of the workspace and returns its text, or an error when it does not exist.',
      parameters: { type: 'object', properties: { path: { type: 'string', description: 'Relative path' } }, required: ['path'] },
    }));
    const withTools = countRequestTokens(messages, { tools });
    const reference = o200k(JSON.stringify(tools)).length;
    assert.ok(withTools - countRequestTokens(messages) >= reference * 0.85, `${withTools} against ${reference}`);
  });

  it('keeps its cache of long texts bounded', () => {
    for (let i = 0; i < 700; i++) countTextTokens(`${i} ${'word '.repeat(200)}`);
    const { entries, chars } = cachedTextCount();
    assert.ok(entries <= 512, `${entries} entries`);
    assert.ok(chars <= 8_000_000, `${chars} characters`);
  });
});
