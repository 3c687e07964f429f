// `npm run bench:gateway [-- --n 300 --load 200 --compare <file.mjs>]`: what the local gateway adds, and
// how it holds under load. Prints numbers; no pass/fail.
//  1. Added latency at the first token: the same scripted stream read by the same client (fetch,
//     SSE) straight from the double and through the gateway (gateway → router → openai SDK
//     provider → double), paired in one run with the order rotating. The gateway runs on a worker
//     thread (bench/gatewayWorker.ts): like the real one, which runs in VS Code's extension host, it
//     shares no event loop with the client or the double. Target: well under 0.5 ms (out-of-process
//     gateways report 0.6 ms (Bifrost) to 3.3 ms (LiteLLM) on their own benchmarks).
//     `--compare <file.mjs>`: also another build of the gateway in the same rotation (before/after,
//     paired), e.g. main's: `git archive main src test | tar -x -C /tmp/main && npx esbuild
//     /tmp/main/src/core/gateway/index.ts --bundle --platform=node --format=esm --outfile=/tmp/main.mjs`.
//     A bundle of the rig compares the whole route (server, router, provider): with main's packages
//     (`ln -s $PWD/node_modules /tmp/main/`), `npx esbuild /tmp/main/test/fixtures/gatewayRig.ts --bundle
//     --platform=node --format=cjs --packages=external --outfile=/tmp/main/rig.cjs`.
//  2. Load: `--load` concurrent streaming requests from the `openai` SDK through the gateway:
//     nothing lost or duplicated, the router's statistics equal to what the double saw, the gateway
//     thread's heap before and after.
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import OpenAI from 'openai';
import { OpenRouterDouble } from '../test/fixtures/double';
import { RIG_KEY, RIG_TOKEN } from '../test/fixtures/gatewayRig';
import type { GatewayWorkerData, GatewayWorkerRequest } from './gatewayWorker';

function argNumber(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
}

const N = argNumber('n', 300);
const LOAD = argNumber('load', 200);
const compareAt = process.argv.indexOf('--compare');
const COMPARE = compareAt >= 0 ? process.argv[compareAt + 1] : undefined;
const CHUNKS = 20;
const MODEL = 'bench/gateway:free';

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
}
const median = (xs: number[]) => quantile(xs, 0.5);
const ms = (x: number) => `${x.toFixed(3)} ms`;
const spread = (xs: number[]) => `median ${ms(median(xs))}, p95 ${ms(quantile(xs, 0.95))}`;

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

/** A gateway on its own thread, and a request/reply channel to it. */
class GatewayThread {
  private next = 1;
  private readonly waiting = new Map<number, (reply: Record<string, unknown>) => void>();
  private constructor(
    private readonly worker: Worker,
    readonly url: string,
  ) {
    worker.on('message', (reply: { id: number }) => {
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
  }

  static start(data: GatewayWorkerData): Promise<GatewayThread> {
    // The worker loads TypeScript through tsx, as this thread does (a worker takes no --expose-gc).
    const here = pathToFileURL(__filename).href;
    const entry = `import('tsx/esm/api').then((tsx) => tsx.tsImport(${JSON.stringify(new URL('./gatewayWorker.ts', here).href)}, ${JSON.stringify(here)}))`;
    const worker = new Worker(entry, { eval: true, workerData: data, execArgv: process.execArgv.filter((a) => a !== '--expose-gc') });
    return new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (ready: { url: string }) => resolve(new GatewayThread(worker, ready.url)));
    });
  }

  ask<T>(type: GatewayWorkerRequest['type']): Promise<T> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, (reply) => resolve(reply as T));
      this.worker.postMessage({ id, type } satisfies GatewayWorkerRequest);
    });
  }

  async close(): Promise<void> {
    await this.ask('close');
    await this.worker.terminate();
  }
}

interface Series {
  name: string;
  thread: GatewayThread;
  ttft: number[];
  added: number[];
  overRouter: number[];
}

async function addedLatency(double: OpenRouterDouble, gateways: { name: string; thread: GatewayThread }[]): Promise<void> {
  const directUrl = `${double.baseUrl}/chat/completions`;
  const direct: number[] = [];
  const inProcess: number[] = [];
  const series: Series[] = gateways.map((g) => ({ ...g, ttft: [], added: [], overRouter: [] }));
  const warmup = 30;
  for (let i = 0; i < N + warmup; i++) {
    // The direct request and each gateway in a rotating order, so neither is always first.
    const runs: (() => Promise<number>)[] = [async () => (await firstToken(directUrl, RIG_KEY, MODEL)).ttftMs, ...series.map((s) => async () => (await firstToken(`${s.thread.url}/v1/chat/completions`, RIG_TOKEN, 'auto')).ttftMs)];
    const got: number[] = new Array<number>(runs.length);
    for (let k = 0; k < runs.length; k++) {
      const j = (k + i) % runs.length;
      got[j] = await (runs[j] as () => Promise<number>)();
    }
    const routed = (await series[0]!.thread.ask<{ ms: number }>('routed')).ms;
    if (i < warmup) continue;
    const d = got[0] as number;
    direct.push(d);
    inProcess.push(routed);
    series.forEach((s, k) => {
      const g = got[k + 1] as number;
      s.ttft.push(g);
      s.added.push(g - d);
      s.overRouter.push(g - routed);
    });
  }
  console.log(`  client → double:                    first token ${spread(direct)}`);
  console.log(`  router → provider (openai SDK) → double, on the gateway's thread, no HTTP in front: first token ${spread(inProcess)}`);
  for (const s of series) {
    console.log(`  [${s.name}] client → gateway → double: first token ${spread(s.ttft)}`);
    console.log(`  [${s.name}]   added per pair (gateway − direct): ${spread(s.added)} (${N} pairs, order rotating)`);
    console.log(`  [${s.name}]   over the router alone (gateway − in-process route, same round): ${spread(s.overRouter)}`);
  }
  if (series.length === 2) {
    const [a, b] = series as [Series, Series];
    const diff = a.ttft.map((x, k) => x - (b.ttft[k] as number));
    console.log(`  [${a.name}] − [${b.name}], same round: ${spread(diff)}`);
  }
}

async function load(double: OpenRouterDouble, gateway: GatewayThread): Promise<void> {
  double.reset();
  await gateway.ask('reset');
  double.setDefault({ kind: 'stream', text: Array.from({ length: CHUNKS }, (_, i) => `w${i} `), chunkDelayMs: 2, comments: false, usage: { prompt: 5, completion: CHUNKS } });
  const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: RIG_TOKEN, maxRetries: 0 });
  const expected = Array.from({ length: CHUNKS }, (_, i) => `w${i} `).join('');
  const heapBefore = (await gateway.ask<{ heapUsed: number }>('stats')).heapUsed;
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
  const after = await gateway.ask<{ requests: number; successes: number; gatewayRoutes: unknown; inFlight: number; heapUsed: number }>('stats');
  const wrong = results.filter((r) => r.text !== expected || r.usage !== 1).length;
  const prompts = double.chatRequests.map((r) => r.body.messages.at(-1).content as string);
  console.log(
    `  ${LOAD} concurrent streams in ${ms(wallMs)}: ${LOAD - wrong} complete, ${wrong} wrong; the double saw ${prompts.length} requests, ${new Set(prompts).size} distinct; ` +
      `statistics: ${after.requests} requests, ${after.successes} successes, gateway routes ${JSON.stringify(after.gatewayRoutes)}; ` +
      `gateway in flight after: ${after.inFlight}; gateway thread's heap ${(heapBefore / 1e6).toFixed(1)} MB → ${(after.heapUsed / 1e6).toFixed(1)} MB`,
  );
  if (wrong || prompts.length !== LOAD || new Set(prompts).size !== LOAD || after.requests !== prompts.length) process.exitCode = 1;
}

async function main(): Promise<void> {
  const loadAverage = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`Node ${process.version}, load average ${loadAverage()} on ${os.cpus().length} cores, n=${N}, load=${LOAD}${COMPARE ? `, compared with ${COMPARE}` : ''}`);
  const double = await OpenRouterDouble.start();
  const data: GatewayWorkerData = { upstream: double.baseUrl, model: MODEL, maxConcurrent: Math.max(256, LOAD) };
  const gateways: { name: string; thread: GatewayThread }[] = [];
  try {
    gateways.push({ name: 'this tree', thread: await GatewayThread.start(data) });
    if (COMPARE) gateways.push({ name: 'compared', thread: await GatewayThread.start({ ...data, compare: COMPARE }) });
    double.setDefault({ kind: 'stream', text: Array.from({ length: CHUNKS }, (_, i) => `w${i} `), comments: false, usage: { prompt: 5, completion: CHUNKS } });
    console.log('\nAdded latency at the first token (target: well under 0.5 ms)');
    await addedLatency(double, gateways);
    console.log(`  load average after: ${loadAverage()}`);
    console.log('\nLoad');
    await load(double, gateways[0]!.thread);
  } finally {
    for (const g of gateways) await g.thread.close();
    await double.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
