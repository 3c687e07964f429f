// The gateway for bench/gateway.ts, on its own thread: gateway → router → provider, sending to the
// double on the main thread. A gateway shares no event loop with its clients (it runs in VS Code's
// extension host); in one loop, a client could read the first chunk only once the gateway had
// relayed the whole burst it came in, and the bench would measure that instead of the gateway.
import path from 'node:path';
import v8 from 'node:v8';
import { pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import type { OpenRouterDouble } from '../test/fixtures/double';
import { startGatewayRig, type GatewayRig } from '../test/fixtures/gatewayRig';

export interface GatewayWorkerData {
  /** The double's base URL (…/api/v1) on the main thread. */
  upstream: string;
  model: string;
  maxConcurrent: number;
  /** Another build of the gateway (`--compare`: an ES module bundle of src/core/gateway/index.ts); default this tree's. */
  compare?: string;
}

export type GatewayWorkerRequest = { id: number; type: 'routed' | 'stats' | 'reset' | 'close' };

const data = workerData as GatewayWorkerData;
// A worker cannot take --expose-gc: the heap is read after a collection all the same.
v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const port = parentPort;

/** The in-process route's first token: what the gateway's HTTP hop adds on top of. */
async function routedFirstToken(rig: GatewayRig): Promise<number> {
  const start = performance.now();
  let first = -1;
  for await (const e of rig.router.route({ messages: [{ role: 'user', content: 'bench' }], signal: new AbortController().signal })) {
    if (e.type === 'text' && first < 0) first = performance.now() - start;
  }
  return first;
}

async function main(): Promise<void> {
  if (!port) throw new Error('bench/gatewayWorker.ts runs as a worker of bench/gateway.ts');
  // A bundle of src/core/gateway/index.ts swaps the server only; one of test/fixtures/gatewayRig.ts
  // the whole route (server, router, provider).
  const other = data.compare ? ((await import(pathToFileURL(path.resolve(data.compare)).href)) as Partial<typeof import('../src/core/gateway') & typeof import('../test/fixtures/gatewayRig')>) : undefined;
  // Only the base URL of the double is used: it lives on the main thread.
  const upstream = { baseUrl: data.upstream } as OpenRouterDouble;
  const start = other?.startGatewayRig ?? startGatewayRig;
  const rig = await start({ models: [data.model], double: upstream, gateway: { maxConcurrent: data.maxConcurrent }, gatewayServer: other?.startGatewayRig ? undefined : other?.GatewayServer });
  port.on('message', (msg: GatewayWorkerRequest) => {
    void (async () => {
      switch (msg.type) {
        case 'routed':
          return { ms: await routedFirstToken(rig) };
        case 'reset':
          rig.router.stats.reset();
          return {};
        case 'stats': {
          gc();
          const snapshot = rig.router.stats.snapshot();
          return { requests: snapshot.totals.requests, successes: snapshot.totals.successes, gatewayRoutes: snapshot.gatewayRoutes, inFlight: rig.gateway.inFlight, heapUsed: process.memoryUsage().heapUsed };
        }
        case 'close':
          await rig.close();
          return {};
      }
    })().then((reply) => port.postMessage({ id: msg.id, ...reply }));
  });
  port.postMessage({ id: 0, url: rig.gateway.url });
}

void main();
