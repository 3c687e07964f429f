// npm run bench:catalog — how fast the catalog parses, validates and indexes a /models payload
// (400 and 4,000 models, to see how it grows), how long a refresh over loopback HTTP takes, and
// query / recommendation latency. Prints numbers; no pass/fail.
// Targets (issue 3): 400 models indexed in under 20 ms; a query in under 0.1 ms.
import os from 'node:os';
import { CatalogIndex } from '../src/core/catalog/catalogIndex';
import { deriveModel } from '../src/core/catalog/derive';
import { FreeModelCatalog } from '../src/core/catalog/freeModelCatalog';
import { parseModelsPayload } from '../src/core/catalog/liveSchema';
import { computeIndexStats, queryModels } from '../src/core/catalog/query';
import { recommendModels } from '../src/core/catalog/recommend';
import type { CatalogFilter, ModelHealth } from '../src/core/catalog/types';
import { OpenRouterDouble } from '../test/fixtures/double';
import { buildModelsPayload } from '../test/fixtures/modelsPayload';

const MALFORMED_SHARE = 0.02;

function payloadOf(models: number): string {
  const malformed = Math.round(models * MALFORMED_SHARE);
  return JSON.stringify(buildModelsPayload({ count: models, malformed, seed: 7 }));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** CPU time of this process in ms: unlike wall time, it does not count waiting for a busy core. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

interface Timing {
  median: number;
  min: number;
  max: number;
  cpuMedian: number;
}

function timeRuns(runs: number, fn: () => void): Timing {
  for (let i = 0; i < 3; i++) fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = cpuMs();
    const t = performance.now();
    fn();
    wall.push(performance.now() - t);
    cpu.push(cpuMs() - c);
  }
  return { median: median(wall), min: Math.min(...wall), max: Math.max(...wall), cpuMedian: median(cpu) };
}

/** Per-call latency: median over batches, so timer resolution does not dominate sub-µs calls. */
function perCall(fn: () => void, batch = 1000, batches = 21): { wall: number; cpu: number } {
  for (let i = 0; i < batch; i++) fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let b = 0; b < batches; b++) {
    const c = cpuMs();
    const t = performance.now();
    for (let i = 0; i < batch; i++) fn();
    wall.push((performance.now() - t) / batch);
    cpu.push((cpuMs() - c) / batch);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

const ms = (x: number): string => `${x.toFixed(2)} ms`;
const us = (x: number): string => `${(x * 1000).toFixed(1)} µs`;
const lat = (x: { wall: number; cpu: number }): string => `${us(x.wall).padStart(9)} wall, ${us(x.cpu).padStart(9)} CPU`;

function buildIndex(json: string): { index: CatalogIndex; skipped: number } {
  const parsed = parseModelsPayload(JSON.parse(json) as unknown);
  return { index: new CatalogIndex(parsed.entries.map((e) => deriveModel(e))), skipped: parsed.skipped.length };
}

async function main(): Promise<void> {
  console.log(`Node ${process.version}, ${process.platform}/${process.arch}, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
  console.log('Wall time includes waiting for a busy core; CPU time is what the catalog itself costs.\n');
  console.log('Parse + validate + index (JSON.parse, zod per entry, derive, index), median of runs:');
  const indexes = new Map<number, CatalogIndex>();
  for (const [size, runs] of [
    [400, 40],
    [4000, 15],
  ] as const) {
    const json = payloadOf(size);
    const { index, skipped } = buildIndex(json);
    indexes.set(size, index);
    const t = timeRuns(runs, () => buildIndex(json));
    const parseOnly = timeRuns(runs, () => JSON.parse(json));
    console.log(
      `  ${String(size).padStart(5)} models (${(json.length / 1e6).toFixed(2)} MB, ${skipped} broken skipped): ` +
        `median ${ms(t.median)} wall, ${ms(t.cpuMedian)} CPU (wall min ${ms(t.min)}, max ${ms(t.max)}; JSON.parse alone ${ms(parseOnly.cpuMedian)} CPU)`,
    );
  }

  const double = await OpenRouterDouble.start();
  try {
    double.setModelsPayload(JSON.parse(payloadOf(400)));
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const c = new FreeModelCatalog({ baseUrl: () => double.baseUrl, maxAgeMs: () => 3_600_000 });
      const t = performance.now();
      const r = await c.refresh({ force: true });
      times.push(performance.now() - t);
      if (!r.ok) throw new Error(r.error);
    }
    console.log(`  refresh() over loopback HTTP from the double, 400 models: median ${ms(median(times.slice(3)))}`);
  } finally {
    await double.close();
  }

  const health = (id: string): ModelHealth => ({ successRate: 0.9, ttftMedianMs: (id.length * 37) % 3000, tokensPerSecond: id.length, coolingDown: id.length % 11 === 0 });
  const filters: [string, CatalogFilter][] = [
    ['free only', { freeOnly: true }],
    ['capability vision', { capability: 'vision', freeOnly: true }],
    ['provider qwen', { provider: 'qwen' }],
    ['min context 128K', { minContext: 131_072 }],
    ['text "coder"', { text: 'coder' }],
    ['combined', { capability: 'toolCalling', minContext: 65_536, text: 'qwen', freeOnly: true }],
  ];
  for (const [size, index] of indexes) {
    console.log(`\nQuery latency over ${size} models (per call, median of batches):`);
    for (const [label, f] of filters) {
      const n = queryModels(index, f).length;
      console.log(`  query ${label.padEnd(20)} ${lat(perCall(() => queryModels(index, f)))}  (${n} results)`);
    }
    // Baseline in the same run: the plain substring scan over every model that the index replaced.
    const scan = (text: string) => index.models.filter((_, i) => index.searchText[i].includes(text));
    console.log(`  text "coder", plain scan    ${lat(perCall(() => scan('coder')))}  (baseline: what the index replaced)`);
    console.log(`  text "qw" (short query)     ${lat(perCall(() => queryModels(index, { text: 'qw' })))}`);
    const build = timeRuns(5, () => new CatalogIndex(index.models).textMatches('coder'));
    console.log(`  text index, first search    ${ms(build.median)} wall, ${ms(build.cpuMedian)} CPU  (built once per list, on the first text search)`);
    console.log(`  recommend coding           ${lat(perCall(() => recommendModels(index, 'coding')))}  (static order cached per index)`);
    console.log(`  recommend + health         ${lat(perCall(() => recommendModels(index, 'general', { health }), 200))}`);
    console.log(`  stats                      ${lat(perCall(() => computeIndexStats(index)))}`);
    const fresh = perCall(() => recommendModels(new CatalogIndex(index.models), 'reasoning'), 20);
    console.log(`  recommend, cold index      ${lat(fresh)}  (includes rebuilding the index)`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
