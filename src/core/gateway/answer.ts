// The answer to one chat request, in OpenAI's wire format: SSE chunks or one completion, and the
// HTTP error a route that failed before any output becomes.
import type http from 'node:http';
import type { FinishReason, Usage } from '../providers/types';
import type { RouterEvent } from '../router/types';
import { failureError, type GatewayError } from './errors';
import type { GatewayChat } from './wireIn';
import { ChunkBuilder, CompletionCollector, wireFinishReason } from './wireOut';

export type Outcome = { kind: 'answered'; model: string } | { kind: 'failed'; message: string } | { kind: 'cancelled' };

/** A streamed answer: SSE chunks as the router's events arrive. */
export async function streamAnswer(res: http.ServerResponse, events: AsyncIterable<RouterEvent>, chat: GatewayChat, id: string, created: number, now: () => number): Promise<Outcome> {
  const chunks = new ChunkBuilder(id, created);
  let started = false;
  let model = chat.model;
  let sawToolCall = false;
  // Headers wait for the first visible part: a failure before it (budget, every model failed)
  // is still a proper HTTP error, and failover before it stays invisible, as in the chat.
  const start = (answering: string): void => {
    if (started) return;
    started = true;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-openrouter-dual-model': headerValue(answering),
    });
  };
  for await (const event of events) {
    if (res.destroyed) return { kind: 'cancelled' };
    switch (event.type) {
      case 'text':
        start(event.model);
        model = event.model;
        await send(res, chunks.text(event.model, event.text));
        break;
      case 'reasoning':
        start(event.model);
        model = event.model;
        await send(res, chunks.reasoning(event.model, event.text));
        break;
      case 'tool-call':
        start(event.model);
        model = event.model;
        sawToolCall = true;
        await send(res, chunks.toolCall(event.model, event.call));
        break;
      case 'done': {
        const answered = event.summary.model ?? model;
        start(answered);
        await send(res, chunks.finish(answered, wireFinishReason(event.summary.finishReason, sawToolCall)));
        if (chat.includeUsage) await send(res, chunks.usage(answered, event.summary.usage ?? { promptTokens: 0, completionTokens: 0 }));
        res.end('data: [DONE]\n\n');
        return { kind: 'answered', model: answered };
      }
      case 'failed': {
        if (event.failure.kind === 'cancelled') return { kind: 'cancelled' };
        const error = failureError(event.failure.kind, event.failure.message, event.failure.retryAt, now());
        if (!started) {
          sendError(res, error);
        } else {
          // Cut short after text: OpenAI's in-stream error object, which its SDK raises.
          await send(res, error.body());
          res.end();
        }
        return { kind: 'failed', message: `${event.failure.kind}: ${event.failure.message}` };
      }
      default:
        break;
    }
  }
  return { kind: 'cancelled' };
}

/** A non-streamed answer: one completion once the route is done. */
export async function collectAnswer(res: http.ServerResponse, events: AsyncIterable<RouterEvent>, id: string, created: number, now: () => number): Promise<Outcome> {
  const collector = new CompletionCollector();
  for await (const event of events) {
    if (event.type === 'text') collector.text(event.text);
    else if (event.type === 'reasoning') collector.reasoning(event.text);
    else if (event.type === 'tool-call') collector.toolCall(event.call);
    else if (event.type === 'done') {
      const model = event.summary.model ?? '';
      const finish: FinishReason | undefined = event.summary.finishReason;
      const usage: Usage | undefined = event.summary.usage;
      sendJson(res, 200, collector.build(id, created, model, finish, usage), { 'x-openrouter-dual-model': headerValue(model) });
      return { kind: 'answered', model };
    } else if (event.type === 'failed') {
      if (event.failure.kind === 'cancelled') return { kind: 'cancelled' };
      sendError(res, failureError(event.failure.kind, event.failure.message, event.failure.retryAt, now()));
      return { kind: 'failed', message: `${event.failure.kind}: ${event.failure.message}` };
    }
  }
  return { kind: 'cancelled' };
}

export function sendJson(res: http.ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendError(res: http.ServerResponse, error: GatewayError, req?: http.IncomingMessage): void {
  // Too late for a status: the client sees the stream end without [DONE].
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  sendJson(res, error.status, error.body(), headers);
  // An unread body (too large, refused before reading): closing now would reset the connection while
  // the client still writes, and the reset can reach it before the answer does. So the rest is read
  // and dropped, up to a bound in bytes and time, and only a client past the bound is cut off.
  if (req && !req.complete) drainThenClose(req);
}

/** Past these, a client still sending a refused body is disconnected. */
const DRAIN_MAX_BYTES = 64 * 1024 * 1024;
const DRAIN_MAX_MS = 10_000;

function drainThenClose(req: http.IncomingMessage): void {
  let seen = 0;
  const cut = (): void => {
    clearTimeout(timer);
    req.destroy();
  };
  const timer = setTimeout(cut, DRAIN_MAX_MS);
  timer.unref?.();
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > DRAIN_MAX_BYTES) cut();
  });
  req.on('end', () => clearTimeout(timer));
  req.on('close', () => clearTimeout(timer));
  req.resume();
}

/**
 * One SSE event, handed to the socket at once; waits when the socket's buffer is full, so a slow
 * client cannot grow memory. Without the cork around it, node:http corks the socket on a write and
 * uncorks it on the next tick, which comes only once every promise continuation has run: the first
 * token would wait until the gateway had relayed every chunk that came in with it.
 */
function send(res: http.ServerResponse, payload: object): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  res.cork();
  const flowing = res.write(`data: ${JSON.stringify(payload)}\n\n`);
  res.uncork();
  if (flowing) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * A model id or name as a header value: HTTP headers carry Latin-1 only, and node:http throws on
 * anything else (after the answer was generated). Characters outside printable ASCII, and `%`
 * itself, are percent-encoded as UTF-8, so `decodeURIComponent` gives the name back.
 */
function headerValue(text: string): string {
  // TextEncoder, not encodeURIComponent: a lone surrogate becomes U+FFFD instead of throwing.
  return text.replace(/[^\x20-\x24\x26-\x7e]+/g, (run) => [...utf8.encode(run)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}

const utf8 = new TextEncoder();
