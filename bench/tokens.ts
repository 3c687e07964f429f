// `npm run bench:tokens`: the token counter against real BPE tokenizers (o200k_base and cl100k_base,
// as gpt-tokenizer implements them) on English prose, source code, Chinese and mixed text, and what
// counting 100 KB costs: the counter, its cache, and the tokenizer itself, which was the other
// choice (issue 22 §1, issue 24 §3: under 1 ms per 100 KB, nothing at activation). Prints numbers;
// the bounds are asserted in test/unit/tokens.test.ts.
import os from 'node:os';
import { encode as cl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { encode as o200k } from 'gpt-tokenizer/encoding/o200k_base';
import { countTextTokens } from '../src/core/tokens/count';
import { estimateTextTokens } from '../src/core/tokens/estimate';
import { pieces, sampleTexts, type TextKind } from '../test/fixtures/tokenTexts';

const texts = sampleTexts();
const fixed = (x: number, digits = 3) => x.toFixed(digits);

console.log(`Token counter against BPE tokenizers (${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)})\n`);
console.log('| text | chars | o200k | cl100k | ours | ours / o200k | ours / cl100k | chars/4 / o200k | pieces / o200k (min..max) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const kind of Object.keys(texts) as TextKind[]) {
  const text = texts[kind];
  const a = o200k(text).length;
  const b = cl100k(text).length;
  const ours = estimateTextTokens(text);
  const ratios = pieces(text, kind).map((p) => estimateTextTokens(p) / o200k(p).length);
  const range = ratios.length ? `${fixed(Math.min(...ratios), 2)}..${fixed(Math.max(...ratios), 2)} (${ratios.length})` : '-';
  console.log(`| ${kind} | ${text.length} | ${a} | ${b} | ${ours} | ${fixed(ours / a)} | ${fixed(ours / b)} | ${fixed(Math.ceil(text.length / 4) / a)} | ${range} |`);
}

/** Median ms of `run` over `rounds`, after a warm-up. */
function time(run: () => void, rounds: number): number {
  for (let i = 0; i < Math.min(5, rounds); i++) run();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  samples.sort((x, y) => x - y);
  return samples[Math.floor(samples.length / 2)];
}

/** About 100 KB of `text`, a fresh string each time (so no cache and no V8 string hash is reused). */
function hundredKb(text: string, salt: number): string {
  let out = `${salt} `;
  while (out.length < 100_000) out += text;
  return out.slice(0, 100_000);
}

console.log('\nCost per 100 KB (median)\n');
console.log('| text | estimate | cached (same content, new string) | o200k tokenizer |');
console.log('| --- | ---: | ---: | ---: |');
for (const kind of Object.keys(texts) as TextKind[]) {
  const strings = Array.from({ length: 60 }, (_, i) => hundredKb(texts[kind], i));
  let i = 0;
  const estimate = time(() => estimateTextTokens(strings[i++ % strings.length]), 60);
  const cachedSource = hundredKb(texts[kind], -1);
  countTextTokens(cachedSource);
  // A message VS Code sends again arrives as another string with the same content.
  const copies = Array.from({ length: 60 }, () => (cachedSource + ' ').slice(0, -1));
  let j = 0;
  const cached = time(() => countTextTokens(copies[j++ % copies.length]), 60);
  let k = 0;
  const tokenizer = time(() => o200k(strings[k++ % strings.length]), 10);
  console.log(`| ${kind} | ${fixed(estimate)} ms | ${fixed(cached)} ms | ${fixed(tokenizer, 1)} ms |`);
}
