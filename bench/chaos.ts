// `npm run bench:chaos [-- --n 300 --faults 10,30 --concurrency 1,10 --seed 7]`: how much the
// router still answers when the free models fail a share of requests (issue 21). N questions go
// through the router and the real openai_compatible provider to the OpenRouter double over loopback;
// each of four free models fails `faults`% of its requests with one of the transient faults free
// models meet (an upstream 429 without a wait, `capacity_exhausted` with `retry_after: 3`, a 503, an
// error event before any text, an empty answer), and a fifth enabled model has ended
// (`free_variant_ended`). Prints, per fault share and concurrency: the share answered, answers with
// empty answers taken as answers, duplicated text, requests sent to models already known to be out, and upstream requests per
// answer. `--official` runs the official provider mode instead. Numbers only; the targets live in the issue and the README, never in `npm test`.
import { createProvider } from '../src/core/providers';
import type { ChatProvider, ChatRequest, ProviderMode, StreamPart } from '../src/core/providers/types';
import { ModelRouter } from '../src/core/router';
import type { RouterEvent, RouterSettings } from '../src/core/router/types';
import { availabilityError, OpenRouterDouble, streamedAvailabilityError, type DoubleBehavior } from '../test/fixtures/double';

function argList(name: string, fallback: number[]): number[] {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const values = String(process.argv[i + 1]).split(',').map(Number).filter((v) => Number.isFinite(v) && v >= 0);
  return values.length ? values : fallback;
}

const N = argList('n', [300])[0];
const FAULTS = argList('faults', [10, 30]);
const CONCURRENCY = argList('concurrency', [1, 10]);
const SEED = argList('seed', [7])[0];
const KEY = 'sk-or-v1-bench-chaos';
const MODE: ProviderMode = process.argv.includes('--official') ? 'openrouter_sdk' : 'openai_compatible';
const MODELS = ['chaos/alpha:free', 'chaos/beta:free', 'chaos/gamma:free', 'chaos/delta:free'];
const ENDED = 'chaos/ended:free';
/** The stated wait of a `capacity_exhausted`, in seconds. */
const CAPACITY_RETRY_AFTER_S = 3;

/** Mulberry32: the same faults for the same seed, so before and after meet the same draw. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type FaultName = 'upstream_429' | 'capacity_exhausted' | 'http_503' | 'error_event' | 'empty_answer';
const FAULT_NAMES: FaultName[] = ['upstream_429', 'capacity_exhausted', 'http_503', 'error_event', 'empty_answer'];

function faultBehavior(fault: FaultName, model: string): DoubleBehavior {
  switch (fault) {
    case 'upstream_429':
      return {
        kind: 'http-error',
        status: 429,
        message: 'Provider returned error',
        metadata: { raw: `${model} is temporarily rate-limited upstream. Please retry shortly, or add your own key to accumulate your rate limits: https://openrouter.ai/settings/integrations`, provider_name: 'Chutes' },
      };
    case 'capacity_exhausted':
      return availabilityError('capacity_exhausted', model, { retry_after: CAPACITY_RETRY_AFTER_S, fallback_models: MODELS.filter((m) => m !== model) });
    case 'http_503':
      return { kind: 'http-error', status: 503, message: 'No instances available' };
    case 'error_event':
      return { kind: 'error-after-text', text: [], error: { code: 502, message: 'Provider returned error' } };
    case 'empty_answer':
      return { kind: 'stream', text: [], usage: { prompt: 12, completion: 0 }, comments: false };
  }
}

const answerOf = (model: string) => ['Answer', ' from ', model, '.'];

function settings(): RouterSettings {
  return {
    strategy: 'failover',
    maxRetries: 5,
    timeoutPerModelMs: 30_000,
    // The bench measures faults, not the free-tier budget: the budget never refuses here.
    dailyLimit: 1_000_000_000,
    requestsPerMinute: 1_000_000_000,
    serverSideFallback: false,
    freeModelsOnly: true,
  };
}

/**
 * Watches what the router sends, without changing it: a request to a model the router has already
 * been told is out (ended, or inside a stated `retry_after`) counts against it.
 */
class OutWatch implements ChatProvider {
  readonly mode;
  sentToKnownOut = 0;
  private readonly outUntil = new Map<string, number>();

  constructor(private readonly inner: ChatProvider) {
    this.mode = inner.mode;
  }

  async *stream(request: ChatRequest): AsyncIterable<StreamPart> {
    const until = this.outUntil.get(request.model);
    if (until !== undefined && until > Date.now()) this.sentToKnownOut++;
    for await (const part of this.inner.stream(request)) {
      if (part.type === 'error') this.learn(request.model, part.error.status, part.error.message);
      yield part;
    }
  }

  private learn(model: string, status: number | undefined, message: string): void {
    if (model === ENDED && status === 404) this.outUntil.set(model, Number.POSITIVE_INFINITY);
    if (status === 429 && /at capacity/.test(message)) this.outUntil.set(model, Date.now() + CAPACITY_RETRY_AFTER_S * 1000);
  }
}

interface RunResult {
  answered: number;
  /** Ended as answered with no text at all. */
  empty: number;
  duplicated: number;
  sentToKnownOut: number;
  upstream: number;
  failures: Map<string, number>;
  elapsedMs: number;
}

async function run(double: OpenRouterDouble, faultShare: number, concurrency: number): Promise<RunResult> {
  double.reset();
  const random = seeded(SEED + faultShare * 1000 + concurrency);
  double.setBehaviorSource((model) => {
    if (model === ENDED) return availabilityError('free_variant_ended', model, { fallback_models: MODELS });
    if (random() >= faultShare / 100) return { kind: 'stream', text: answerOf(model), usage: { prompt: 12, completion: 6, cost: 0 }, comments: false };
    const fault = FAULT_NAMES[Math.floor(random() * FAULT_NAMES.length)];
    return fault === 'error_event' && random() < 0.5 ? streamedAvailabilityError('temporarily_unavailable', model) : faultBehavior(fault, model);
  });
  const watch = new OutWatch(createProvider(MODE, { apiKey: KEY, baseUrl: double.baseUrl, appUrl: 'https://example.test/bench', appTitle: 'OpenRouter Dual Bench' }));
  const router = new ModelRouter({ provider: () => watch, models: () => [ENDED, ...MODELS], settings });
  const result: RunResult = { answered: 0, empty: 0, duplicated: 0, sentToKnownOut: 0, upstream: 0, failures: new Map(), elapsedMs: 0 };
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < N) {
      next++;
      const texts = new Map<string, string>();
      let end: RouterEvent | undefined;
      for await (const e of router.route({ messages: [{ role: 'user', content: 'Why is the sky blue?' }] })) {
        if (e.type === 'text') texts.set(e.model, (texts.get(e.model) ?? '') + e.text);
        if (e.type === 'done' || e.type === 'failed') end = e;
      }
      if (end?.type === 'done' && texts.size === 0) {
        // An empty answer taken as an answer: the user got nothing.
        result.empty++;
      } else if (end?.type === 'done') {
        result.answered++;
        const shown = [...texts.values()].join('');
        if (texts.size !== 1 || shown !== answerOf([...texts.keys()][0]).join('')) result.duplicated++;
      } else if (end?.type === 'failed') {
        const kind = end.failure.kind;
        result.failures.set(kind, (result.failures.get(kind) ?? 0) + 1);
        if (texts.size > 1) result.duplicated++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  result.elapsedMs = performance.now() - started;
  result.sentToKnownOut = watch.sentToKnownOut;
  result.upstream = double.chatRequests.length;
  return result;
}

async function main(): Promise<void> {
  const double = await OpenRouterDouble.start();
  console.log(`bench:chaos: ${N} questions per run, models ${[ENDED, ...MODELS].join(', ')}, maxRetries 5, seed ${SEED}, ${MODE}`);
  console.log('| faults | at a time | answered | empty answers | duplicated | sent to known-out | upstream per answer | failures | time |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  try {
    for (const faults of FAULTS) {
      for (const concurrency of CONCURRENCY) {
        const r = await run(double, faults, concurrency);
        const failures = [...r.failures].map(([k, n]) => `${k} ${n}`).join(', ') || '-';
        const perAnswer = r.answered ? (r.upstream / r.answered).toFixed(2) : '-';
        console.log(
          `| ${faults}% | ${concurrency} | ${((100 * r.answered) / N).toFixed(1)}% | ${r.empty} | ${r.duplicated} | ${r.sentToKnownOut} | ${perAnswer} | ${failures} | ${(r.elapsedMs / 1000).toFixed(1)} s |`,
        );
      }
    }
  } finally {
    await double.close();
  }
}

void main();
