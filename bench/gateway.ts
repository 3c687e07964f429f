// `npm run bench:gateway [-- --n 300 --load 200]`: what the local gateway adds, and how it holds
// under load. Prints numbers; no pass/fail.
//  1. Added latency at the first token: the same scripted stream read by the same client (fetch,
//     SSE) straight from the double and through the gateway (gateway → router → openai SDK
//     provider → double), paired in one run with the order alternating. Target: well under 0.5 ms
//     (out-of-process gateways report 0.6 ms (Bifrost) to 3.3 ms (LiteLLM) on their own benchmarks).
//  2. Load: `--load` concurrent streaming requests from the `openai` SDK through the gateway:
//     nothing lost or duplicated, the router's statistics equal to what the double saw, heap before
//     and after.
import os from 'node:os';
import OpenAI from 'openai';
import { RIG_KEY, RIG_TOKEN, startGatewayRig, type GatewayRig } from '../test/fixtures/gatewayRig';

function argNumber(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
}

const N = argNumber('n', 300);
const LOAD = argNumber('load', 200);
const CHUNKS = 20;
const MODEL = 'bench/gateway:free';

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
}
const median = (xs: number[]) => quantile(xs, 0.5);
const ms = (x: number) => `${x.toFixed(3)} ms`;

/** One streamed request read with fetch until the first content delta, then to the end. */
async function firstToken(url: string, auth: string, model: string): Promise<{ ttftMs: number; endMs: number }> {
  const start = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'bench' }] }),
  });
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  let ttftMs = -1;
  const decoder = new TextDecoder();
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (ttftMs < 0 && decoder.decode(value, { stream: true }).includes('"content":"')) ttftMs = performance.now() - start;
  }
  if (ttftMs < 0) throw new Error('no content arrived');
  return { ttftMs, endMs: performance.now() - start };
}

/** The same request through the router in process: what the gateway's own HTTP hop adds on top of. */
async function routedFirstToken(rig: GatewayRig): Promise<number> {
  const start = performance.now();
  let first = -1;
  for await (const e of rig.router.route({ messages: [{ role: 'user', content: 'bench' }], signal: new AbortController().signal })) {
    if (e.type === 'text' && first < 0) first = performance.now() - start;
  }
  return first;
}

async function addedLatency(rig: GatewayRig): Promise<void> {
  const directUrl = `${rig.double.baseUrl}/chat/completions`;
  const gatewayUrl = `${rig.gateway.url}/v1/chat/completions`;
  const direct: number[] = [];
  const through: number[] = [];
  const added: number[] = [];
  const inProcess: number[] = [];
  const overRouter: number[] = [];
  const warmup = 30;
  for (let i = 0; i < N + warmup; i++) {
    const d1 = i % 2 ? await firstToken(directUrl, RIG_KEY, MODEL) : undefined;
    const g = await firstToken(gatewayUrl, RIG_TOKEN, 'auto');
    const d = d1 ?? (await firstToken(directUrl, RIG_KEY, MODEL));
    const r = await routedFirstToken(rig);
    if (i >= warmup) {
      inProcess.push(r);
      overRouter.push(g.ttftMs - r);
      direct.push(d.ttftMs);
      through.push(g.ttftMs);
      added.push(g.ttftMs - d.ttftMs);
    }
  }
  console.log(`  client → double:           first token median ${ms(median(direct))}, p95 ${ms(quantile(direct, 0.95))}`);
  console.log(`  client → gateway → double: first token median ${ms(median(through))}, p95 ${ms(quantile(through, 0.95))}`);
  console.log(`  in process: router → provider (openai SDK) → double, no gateway: first token median ${ms(median(inProcess))}, p95 ${ms(quantile(inProcess, 0.95))}`);
  console.log(`  added per pair (gateway − direct): median ${ms(median(added))}, p95 ${ms(quantile(added, 0.95))} (${N} pairs, order alternating)`);
  console.log(`  the gateway's own share (gateway − in-process router, same pair): median ${ms(median(overRouter))}, p95 ${ms(quantile(overRouter, 0.95))}`);
}

async function load(rig: GatewayRig): Promise<void> {
  rig.double.reset();
  rig.router.stats.reset();
  rig.double.setDefault({ kind: 'stream', text: Array.from({ length: CHUNKS }, (_, i) => `w${i} `), chunkDelayMs: 2, comments: false, usage: { prompt: 5, completion: CHUNKS } });
  const client = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: RIG_TOKEN, maxRetries: 0 });
  const expected = Array.from({ length: CHUNKS }, (_, i) => `w${i} `).join('');
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: LOAD }, async (_, i) => {
      const stream = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: `load ${i}` }], stream: true, stream_options: { include_usage: true } });
      let text = '';
      let usage = 0;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        if (chunk.usage) usage++;
      }
      return { text, usage };
    }),
  );
  const wallMs = performance.now() - started;
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  const wrong = results.filter((r) => r.text !== expected || r.usage !== 1).length;
  const prompts = rig.double.chatRequests.map((r) => r.body.messages.at(-1).content as string);
  const snapshot = rig.router.stats.snapshot();
  console.log(
    `  ${LOAD} concurrent streams in ${ms(wallMs)}: ${LOAD - wrong} complete, ${wrong} wrong; the double saw ${prompts.length} requests, ${new Set(prompts).size} distinct; ` +
      `statistics: ${snapshot.totals.requests} requests, ${snapshot.totals.successes} successes, gateway routes ${JSON.stringify(snapshot.gatewayRoutes)}; ` +
      `gateway in flight after: ${rig.gateway.inFlight}; heap ${(heapBefore / 1e6).toFixed(1)} MB → ${(heapAfter / 1e6).toFixed(1)} MB`,
  );
  if (wrong || prompts.length !== LOAD || new Set(prompts).size !== LOAD || snapshot.totals.requests !== prompts.length) process.exitCode = 1;
}

async function main(): Promise<void> {
  console.log(`Node ${process.version}, load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores, n=${N}, load=${LOAD}`);
  const rig = await startGatewayRig({ models: [MODEL], gateway: { maxConcurrent: Math.max(256, LOAD) } });
  try {
    rig.double.setDefault({ kind: 'stream', text: Array.from({ length: CHUNKS }, (_, i) => `w${i} `), comments: false, usage: { prompt: 5, completion: CHUNKS } });
    console.log('\nAdded latency at the first token (target: well under 0.5 ms)');
    await addedLatency(rig);
    console.log('\nLoad');
    await load(rig);
  } finally {
    await rig.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
