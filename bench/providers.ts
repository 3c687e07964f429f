// `npm run bench:providers [-- --n 200 --chunks 40]`: what each provider mode adds on top of the wire.
// For the same scripted stream from the local double, measures time to the first text part and to
// the end of the stream for both modes and for a bare fetch + hand-written SSE parse, interleaved in
// one run so that machine noise hits all three alike. Prints medians, p95 and ratios to the bare fetch.
import os from 'node:os';
import { OpenRouterDouble } from '../test/fixtures/double';
import { createProvider } from '../src/core/providers';
import { PROVIDER_MODES, type ChatProvider, type ProviderMode } from '../src/core/providers/types';

interface Sample {
  firstTextMs: number;
  endMs: number;
}

function argNumber(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
}

const N = argNumber('n', 200);
const WARMUP = argNumber('warmup', 20);
const CHUNKS = argNumber('chunks', 40);
const MODEL = 'qwen/qwen3-8b:free';
const KEY = 'sk-or-v1-bench';

async function bareFetch(baseUrl: string): Promise<Sample> {
  const start = performance.now();
  let firstTextMs = -1;
  const res = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: MODEL, stream: true, messages: [{ role: 'user', content: 'bench' }] }),
  });
  if (!res.ok || !res.body) throw new Error(`bare fetch failed: ${res.status}`);
  const decoder = new TextDecoder();
  let buffer = '';
  let text = '';
  for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(bytes, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      for (const line of event.split('\n')) {
        if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
        const chunk = JSON.parse(line.slice(6)) as { choices?: { delta?: { content?: string } }[] };
        const content = chunk.choices?.[0]?.delta?.content;
        if (content) {
          if (firstTextMs < 0) firstTextMs = performance.now() - start;
          text += content;
        }
      }
    }
  }
  if (text.length === 0) throw new Error('bare fetch read no text');
  return { firstTextMs, endMs: performance.now() - start };
}

async function viaProvider(provider: ChatProvider): Promise<Sample> {
  const start = performance.now();
  let firstTextMs = -1;
  for await (const part of provider.stream({ model: MODEL, messages: [{ role: 'user', content: 'bench' }] })) {
    if (part.type === 'text' && firstTextMs < 0) firstTextMs = performance.now() - start;
    if (part.type === 'error') throw part.error;
  }
  return { firstTextMs, endMs: performance.now() - start };
}

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

function stats(values: number[]): { median: number; p95: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}

async function main(): Promise<void> {
  const double = await OpenRouterDouble.start();
  const text = Array.from({ length: CHUNKS }, (_, i) => `token${i} `);
  double.script(MODEL, { kind: 'stream', text, usage: { prompt: 12, completion: CHUNKS, cost: 0 } });
  const settings = { apiKey: KEY, baseUrl: double.baseUrl, appUrl: 'https://example.test', appTitle: 'bench' };
  const runners: [string, () => Promise<Sample>][] = [
    ['bare fetch + SSE parse', () => bareFetch(double.baseUrl)],
    ...PROVIDER_MODES.map((mode): [string, () => Promise<Sample>] => {
      const provider = createProvider(mode as ProviderMode, settings);
      return [mode, () => viaProvider(provider)];
    }),
  ];
  const samples = new Map<string, Sample[]>(runners.map(([name]) => [name, []]));

  for (let i = 0; i < WARMUP; i++) for (const [, run] of runners) await run();
  for (let i = 0; i < N; i++) {
    // Rotate the order each round so no runner always goes first after an idle gap.
    for (let j = 0; j < runners.length; j++) {
      const [name, run] = runners[(i + j) % runners.length];
      samples.get(name)?.push(await run());
    }
    if (double.requests.length > 1000) double.requests.length = 0;
  }
  await double.close();

  const base = samples.get(runners[0][0]) ?? [];
  const baseFirst = stats(base.map((s) => s.firstTextMs));
  const baseEnd = stats(base.map((s) => s.endMs));
  console.log(`Provider benchmark: ${N} requests each (+${WARMUP} warm-up), ${CHUNKS} text chunks per stream, loopback double`);
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`Node ${process.version}, ${os.cpus().length} CPUs, load average ${load}, interleaved runs\n`);
  const header = [
    'runner',
    'first text median',
    'p95',
    'end median',
    'p95',
    'ratio first (med/p95)',
    'ratio end (med/p95)',
    'paired extra first/end (median)',
  ];
  const rows: string[][] = [header];
  for (const [name] of runners) {
    const s = samples.get(name) ?? [];
    const first = stats(s.map((x) => x.firstTextMs));
    const end = stats(s.map((x) => x.endMs));
    rows.push([
      name,
      `${first.median.toFixed(2)} ms`,
      `${first.p95.toFixed(2)} ms`,
      `${end.median.toFixed(2)} ms`,
      `${end.p95.toFixed(2)} ms`,
      `${(first.median / baseFirst.median).toFixed(2)}x / ${(first.p95 / baseFirst.p95).toFixed(2)}x`,
      `${(end.median / baseEnd.median).toFixed(2)}x / ${(end.p95 / baseEnd.p95).toFixed(2)}x`,
      // Same-round differences cancel most of the machine noise that the separate medians carry.
      `${stats(s.map((x, i) => x.firstTextMs - base[i].firstTextMs)).median.toFixed(2)} ms / ${stats(
        s.map((x, i) => x.endMs - base[i].endMs),
      ).median.toFixed(2)} ms`,
    ]);
  }
  const widths = header.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  '));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
