// Routing for callers that take router events (the extension API, the local gateway): a refused
// prepare() ends the request as a `failed` event, as the router itself would report it, and nothing
// is sent.
import type { RouteRequest, RouterEvent } from '../../core/router/types';
import type { Ready, Refusal, RequestGate } from './openRouterAccess';

/** The refusal as the router's `failed` event: no key is an auth failure, a refused host a forbidden one. */
export function refusalEvent(refusal: Refusal): RouterEvent {
  const kind = refusal.reason === 'no-key' ? 'auth' : 'forbidden';
  return { type: 'failed', failure: { kind, message: refusal.message, afterOutput: false }, summary: { totalMs: 0, attempts: [] } };
}

/** Prepares, then routes what `request` builds from the ready access (called only once it is ready). */
export async function* routeWhenReady(gate: RequestGate, request: (ready: Ready) => RouteRequest): AsyncIterable<RouterEvent> {
  const prepared = await gate.prepare();
  if (!prepared.ok) {
    yield refusalEvent(prepared);
    return;
  }
  yield* prepared.routes.route(request(prepared));
}
