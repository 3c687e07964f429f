// `npm run bench:router [-- --n 300]`: what the router adds, through the real openai_compatible
// provider and the local double over loopback HTTP, interleaved in one run so machine noise hits
// both sides alike. Prints numbers; no pass/fail.
//  1. Overhead: the same scripted stream read through the router and straight from the provider.
//     Over HTTP the difference drowns in loopback noise, so the router's own cost is also measured
//     in process over a ChatProvider that answers from memory (same parts, no I/O).
//  2. Failover: from the 429 of the first model to the first token of the second, against the
//     second model alone. Target: under 1 ms added.
//  3. Fan-out: 5 models at once against the slowest alone. Target: within 10%.
//  4. Two endpoints against one (issue 12): the same requests routed over OpenRouter alone and over
//     OpenRouter plus a local OpenAI-compatible server (the second double), and a 429 at OpenRouter
//     failing over to the local server against failing over within OpenRouter.
import os from 'node:os';
import { createProvider } from '../src/core/providers';
import type { ChatProvider, ChatRequest, StreamPart } from '../src/core/providers/types';
import { ModelRouter } from '../src/core/router';
import type { RouterEvent, RouterSettings } from '../src/core/router/types';
import { OpenRouterDouble, type DoubleBehavior } from '../test/fixtures/double';
import { LocalServerDouble } from '../test/fixtures/localServerDouble';
import { DispatchingProvider, EndpointAvailability, EndpointBudgets, endpointRouting, type EndpointConfig } from '../src/core/endpoints';
import { isFreeModelId } from '../src/core/shared/modelIds';

function argNumber(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
}

const N = argNumber('n', 300);
const CHUNKS = 20;
const KEY = 'sk-or-v1-bench-router';

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
const median = (xs: number[]) => quantile(xs, 0.5);
const ms = (x: number) => `${x.toFixed(3)} ms`;
const us = (x: number) => `${(x * 1000).toFixed(1)} µs`;

function routerSettings(overrides: Partial<RouterSettings> = {}): RouterSettings {
  return {
    strategy: 'failover',
    maxRetries: 2,
    timeoutPerModelMs: 30_000,
    dailyLimit: 1_000_000_000,
    requestsPerMinute: 1_000_000_000,
    serverSideFallback: false,
    freeModelsOnly: true,
    ...overrides,
  };
}

function streamOf(model: string, extra: Partial<Extract<DoubleBehavior, { kind: 'stream' }>> = {}): DoubleBehavior {
  return { kind: 'stream', text: Array.from({ length: CHUNKS }, (_, i) => `w${i} `), usage: { prompt: 5, completion: CHUNKS }, comments: false, ...extra, answeredModel: model };
}

async function drainProvider(provider: ChatProvider, request: ChatRequest): Promise<{ firstMs: number; endMs: number }> {
  const start = performance.now();
  let firstMs = -1;
  // A host always passes a cancellation signal; so does the router. Same cost on both sides.
  const signal = new AbortController().signal;
  for await (const part of provider.stream({ ...request, signal })) {
    if (part.type === 'text' && firstMs < 0) firstMs = performance.now() - start;
    if (part.type === 'error') throw new Error(`unexpected error: ${part.error.message}`);
  }
  return { firstMs, endMs: performance.now() - start };
}

async function drainRoute(events: AsyncIterable<RouterEvent>): Promise<{ firstMs: number; endMs: number; events: RouterEvent[] }> {
  const start = performance.now();
  let firstMs = -1;
  const out: RouterEvent[] = [];
  for await (const e of events) {
    if (e.type === 'text' && firstMs < 0) firstMs = performance.now() - start;
    out.push(e);
  }
  const end = out[out.length - 1];
  if (end?.type !== 'done') throw new Error(`route did not answer: ${JSON.stringify(end)}`);
  return { firstMs, endMs: performance.now() - start, events: out };
}

/** A ChatProvider answering from memory: isolates the router's own cost from any I/O. */
class MemoryProvider implements ChatProvider {
  readonly mode = 'openai_compatible' as const;
  async *stream(request: ChatRequest): AsyncGenerator<StreamPart> {
    for (let i = 0; i < CHUNKS; i++) yield { type: 'text', text: `w${i} ` };
    yield { type: 'usage', usage: { promptTokens: 5, completionTokens: CHUNKS } };
    yield { type: 'finish', reason: 'stop', model: request.model };
  }
}

async function overheadInProcess(): Promise<void> {
  const provider = new MemoryProvider();
  for (const strategy of ['failover', 'fastest_first'] as const) {
    const router = new ModelRouter({
      provider: () => provider,
      models: () => ['m/a:free', 'm/b:free', 'm/c:free', 'm/d:free', 'm/e:free'],
      settings: () => routerSettings({ strategy }),
    });
    const request: ChatRequest = { model: 'm/a:free', messages: [{ role: 'user', content: 'bench' }] };
    const direct: number[] = [];
    const routed: number[] = [];
    const runs = N * 20;
    for (let i = 0; i < runs + 200; i++) {
      const a = performance.now();
      for await (const part of provider.stream(request)) void part;
      const b = performance.now();
      for await (const event of router.route({ messages: request.messages })) void event;
      const c = performance.now();
      if (i >= 200) {
        direct.push(b - a);
        routed.push(c - b);
      }
    }
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < runs; i++) for await (const event of router.route({ messages: request.messages })) void event;
    const cpuRouted = process.cpuUsage(cpu0);
    console.log(
      `  in process, ${strategy.padEnd(13)} ${runs} requests of ${CHUNKS} chunks: direct median ${us(median(direct))}, ` +
        `routed median ${us(median(routed))}; added median ${us(median(routed) - median(direct))}, p95 ${us(quantile(routed, 0.95) - quantile(direct, 0.95))} ` +
        `(routed CPU ${us((cpuRouted.user + cpuRouted.system) / 1000 / runs)} per request)`,
    );
  }
}

async function overheadOverHttp(double: OpenRouterDouble, provider: ChatProvider): Promise<void> {
  const model = 'bench/overhead:free';
  double.script(model, streamOf(model));
  const router = new ModelRouter({ provider: () => provider, models: () => [model], settings: () => routerSettings() });
  const direct: number[] = [];
  const routed: number[] = [];
  const pairs: number[] = [];
  for (let i = 0; i < N + 20; i++) {
    // Alternate which goes first, so neither always gets the warmer connection.
    const d = i % 2 ? await drainProvider(provider, { model, messages: [{ role: 'user', content: 'bench' }] }) : undefined;
    const r = await drainRoute(router.route({ messages: [{ role: 'user', content: 'bench' }] }));
    const d2 = d ?? (await drainProvider(provider, { model, messages: [{ role: 'user', content: 'bench' }] }));
    if (i >= 20) {
      direct.push(d2.endMs);
      routed.push(r.endMs);
      pairs.push(r.endMs - d2.endMs);
    }
  }
  console.log(
    `  over HTTP (double), ${N} pairs of ${CHUNKS}-chunk streams: direct median ${ms(median(direct))} p95 ${ms(quantile(direct, 0.95))}; ` +
      `routed median ${ms(median(routed))} p95 ${ms(quantile(routed, 0.95))}; added median ${ms(median(routed) - median(direct))}, ` +
      `p95 ${ms(quantile(routed, 0.95) - quantile(direct, 0.95))} (median of paired differences ${ms(median(pairs))})`,
  );
}

async function failover(double: OpenRouterDouble, provider: ChatProvider): Promise<void> {
  const first = 'bench/limited:free';
  const second = 'bench/second:free';
  double.script(first, { kind: 'http-error', status: 429, retryAfter: '0' });
  double.script(second, streamOf(second));
  const failing = new ModelRouter({ provider: () => provider, models: () => [first, second], settings: () => routerSettings() });
  const alone = new ModelRouter({ provider: () => provider, models: () => [second], settings: () => routerSettings() });
  let limitedAt = 0;
  failing.stats.onEvent((e) => {
    if (e.type === 'request-end' && e.model === first) limitedAt = performance.now();
  });
  const afterLimit: number[] = [];
  const secondAlone: number[] = [];
  const directSecond: number[] = [];
  for (let i = 0; i < N + 20; i++) {
    const start = performance.now();
    const r = await drainRoute(failing.route({ messages: [{ role: 'user', content: 'bench' }] }));
    if (!r.events.some((e) => e.type === 'attempt' && e.model === first)) throw new Error('the first model was not tried');
    const fromLimit = start + r.firstMs - limitedAt;
    const a = await drainRoute(alone.route({ messages: [{ role: 'user', content: 'bench' }] }));
    const d = await drainProvider(provider, { model: second, messages: [{ role: 'user', content: 'bench' }] });
    if (i >= 20) {
      afterLimit.push(fromLimit);
      secondAlone.push(a.firstMs);
      directSecond.push(d.firstMs);
    }
  }
  console.log(
    `  429 on the first model -> first token of the second: median ${ms(median(afterLimit))} p95 ${ms(quantile(afterLimit, 0.95))}; ` +
      `second model alone (routed) median ${ms(median(secondAlone))} p95 ${ms(quantile(secondAlone, 0.95))}, (direct) median ${ms(median(directSecond))}; ` +
      `added by failover: median ${ms(median(afterLimit) - median(secondAlone))}`,
  );
}

async function fanOut(double: OpenRouterDouble, provider: ChatProvider): Promise<void> {
  const models = [1, 2, 3, 4, 5].map((i) => `bench/fan-${i}:free`);
  // Different speeds; the slowest takes about 200 ms + 20 chunks x 5 ms.
  models.forEach((m, i) => double.script(m, streamOf(m, { firstByteDelayMs: 40 * (i + 1), chunkDelayMs: 5 })));
  const slowest = models[models.length - 1];
  const router = new ModelRouter({ provider: () => provider, models: () => models, settings: () => routerSettings() });
  const group: number[] = [];
  const alone: number[] = [];
  const runs = Math.max(10, Math.floor(N / 10));
  for (let i = 0; i < runs + 3; i++) {
    const t0 = performance.now();
    const handle = router.group({ messages: [{ role: 'user', content: 'bench' }] }, { models });
    const ends = await Promise.all(handle.members.map(async (m) => {
      let last: RouterEvent | undefined;
      for await (const e of m.events) last = e;
      return last;
    }));
    if (!ends.every((e) => e?.type === 'done')) throw new Error('a fan-out member failed');
    const t1 = performance.now();
    await drainRoute(router.route({ messages: [{ role: 'user', content: 'bench' }], preferredModel: slowest, pinned: true }));
    const t2 = performance.now();
    if (i >= 3) {
      group.push(t1 - t0);
      alone.push(t2 - t1);
    }
  }
  const ratio = median(group) / median(alone);
  console.log(
    `  5 models at once: median ${ms(median(group))} p95 ${ms(quantile(group, 0.95))}; slowest alone median ${ms(median(alone))}; ` +
      `ratio ${ratio.toFixed(3)} (${((ratio - 1) * 100).toFixed(1)}% over), ${runs} runs`,
  );
}

/** A router over OpenRouter and the given endpoints, wired as the host wires it. */
function endpointRouter(openRouter: ChatProvider, endpoints: EndpointConfig[], models: string[], strategy: RouterSettings['strategy']): ModelRouter {
  const availability = new EndpointAvailability();
  const provider = new DispatchingProvider({ openRouter: () => openRouter, endpoints: () => endpoints, keyOf: () => undefined, appTitle: 'OpenRouter Dual Bench', availability });
  const routing = endpointRouting({ endpoints: () => endpoints, availability, budgets: new EndpointBudgets(() => endpoints), isOpenRouterFree: isFreeModelId });
  return new ModelRouter({ provider: () => provider, models: () => models, settings: () => routerSettings({ strategy }), ...routing });
}

async function twoEndpoints(double: OpenRouterDouble, provider: ChatProvider): Promise<void> {
  const local = await LocalServerDouble.start(['bench-local']);
  try {
    const text = Array.from({ length: CHUNKS }, (_, i) => `w${i} `);
    local.script('bench-local', { kind: 'stream', text, usage: { prompt: 5, completion: CHUNKS } });
    const [orA, orB] = ['bench/ep-a:free', 'bench/ep-b:free'];
    double.script(orA, streamOf(orA));
    double.script(orB, streamOf(orB));
    const endpoints: EndpointConfig[] = [{ id: 'local', label: 'Local', baseUrl: local.baseUrl }];
    // In process: the endpoint wiring (dispatch, budgets, availability) over a memory provider.
    const memory = new MemoryProvider();
    const plainMem = new ModelRouter({ provider: () => memory, models: () => [orA, orB], settings: () => routerSettings({ strategy: 'round_robin' }) });
    const wiredMem = endpointRouter(memory, endpoints, [orA, orB], 'round_robin');
    const plainCost: number[] = [];
    const wiredCost: number[] = [];
    for (let i = 0; i < N * 20 + 200; i++) {
      const a = performance.now();
      for await (const e of plainMem.route({ messages: [{ role: 'user', content: 'bench' }] })) void e;
      const b = performance.now();
      for await (const e of wiredMem.route({ messages: [{ role: 'user', content: 'bench' }] })) void e;
      const c = performance.now();
      if (i >= 200) {
        plainCost.push(b - a);
        wiredCost.push(c - b);
      }
    }
    console.log(
      `  in process, round robin over 2 OpenRouter ids: plain router median ${us(median(plainCost))}, with the endpoint wiring median ${us(median(wiredCost))}; ` +
        `added ${us(median(wiredCost) - median(plainCost))}`,
    );
    // Over HTTP: round robin over two OpenRouter models vs over one OpenRouter and one local model.
    const one = endpointRouter(provider, endpoints, [orA, orB], 'round_robin');
    const two = endpointRouter(provider, endpoints, [orA, '@local/bench-local'], 'round_robin');
    for (let i = 0; i < 20; i++) await drainRoute(two.route({ messages: [{ role: 'user', content: 'warm up' }] }));
    const oneMs: number[] = [];
    const twoMs: number[] = [];
    for (let i = 0; i < N + 20; i++) {
      const o = await drainRoute(one.route({ messages: [{ role: 'user', content: 'bench' }] }));
      const t = await drainRoute(two.route({ messages: [{ role: 'user', content: 'bench' }] }));
      if (i >= 20) {
        oneMs.push(o.endMs);
        twoMs.push(t.endMs);
      }
    }
    console.log(
      `  over HTTP, ${N} requests each, round robin: one endpoint (2 OpenRouter models) median ${ms(median(oneMs))} p95 ${ms(quantile(oneMs, 0.95))}; ` +
        `two endpoints (OpenRouter + local) median ${ms(median(twoMs))} p95 ${ms(quantile(twoMs, 0.95))}`,
    );
    // Failover: a 429 at OpenRouter, then the next model, within OpenRouter vs at the local server.
    const limited = 'bench/ep-limited:free';
    double.script(limited, { kind: 'http-error', status: 429, retryAfter: '0' });
    const within = endpointRouter(provider, endpoints, [limited, orB], 'failover');
    const across = endpointRouter(provider, endpoints, [limited, '@local/bench-local'], 'failover');
    const withinMs: number[] = [];
    const acrossMs: number[] = [];
    for (let i = 0; i < N + 20; i++) {
      const w = await drainRoute(within.route({ messages: [{ role: 'user', content: 'bench' }] }));
      const a = await drainRoute(across.route({ messages: [{ role: 'user', content: 'bench' }] }));
      if (i >= 20) {
        withinMs.push(w.firstMs);
        acrossMs.push(a.firstMs);
      }
    }
    console.log(
      `  429 at OpenRouter -> first token: next OpenRouter model median ${ms(median(withinMs))} p95 ${ms(quantile(withinMs, 0.95))}; ` +
        `local endpoint median ${ms(median(acrossMs))} p95 ${ms(quantile(acrossMs, 0.95))}`,
    );
  } finally {
    await local.close();
  }
}

async function main(): Promise<void> {
  console.log(`Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores, n=${N}`);
  console.log('\nRouter overhead (target: under 0.1 ms added per request)');
  await overheadInProcess();
  const double = await OpenRouterDouble.start();
  try {
    const provider = createProvider('openai_compatible', { apiKey: KEY, baseUrl: double.baseUrl, appUrl: 'https://example.test/bench', appTitle: 'OpenRouter Dual Bench' });
    for (let i = 0; i < 20; i++) await drainProvider(provider, { model: 'bench/warmup:free', messages: [{ role: 'user', content: 'warm up' }] });
    await overheadOverHttp(double, provider);
    console.log('\nFailover latency (target: under 1 ms added)');
    await failover(double, provider);
    console.log('\nFan-out (target: within 10% of the slowest alone)');
    await fanOut(double, provider);
    console.log('\nTwo endpoints against one (target: routing over two costs what routing over one does)');
    await twoEndpoints(double, provider);
  } finally {
    await double.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
