// The local gateway: the router behind OpenAI's chat-completions API on 127.0.0.1, plus the
// design's configuration API. Plain node:http; every request passes the Host check and the bearer
// token before its body is read, and nothing reaches the router before its body is validated.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import type { FinishReason, Usage } from '../providers/types';
import type { RouterEvent } from '../router/types';
import { CONFIG_API_PREFIX, handleConfigApi } from './configApi';
import { failureError, GatewayError, gatewayErrors } from './errors';
import { hostAllowed, tokenMatches } from './security';
import type { GatewayBackend } from './types';
import { parseChatRequest, type GatewayChat } from './wireIn';
import { ChunkBuilder, CompletionCollector, wireFinishReason } from './wireOut';

export const GATEWAY_HOST = '127.0.0.1';

export interface GatewayOptions {
  /** 0: any free port (tests). */
  port: number;
  /** Read per request, so a rotated token applies at once. */
  token: () => string;
  backend: GatewayBackend;
  /** Default 16 MB: room for a few inline images. */
  maxBodyBytes?: number;
  /** Chat requests served at once; beyond: 429. Default 256. */
  maxConcurrent?: number;
  /** How long stop() lets running answers finish before cancelling them. Default 2 s. */
  stopGraceMs?: number;
}

/** Why start() failed: `port_busy` names the port so the host can say which. */
export class GatewayStartError extends Error {
  constructor(
    readonly code: 'port_busy' | 'other',
    readonly port: number,
    message: string,
  ) {
    super(message);
  }
}

export interface GatewayCounters {
  /** Chat requests that reached the router. */
  routed: number;
  answered: number;
  failed: number;
  cancelled: number;
  /** Refused before the router (token, host, body, model, limits). */
  rejected: number;
}

export class GatewayServer {
  readonly port: number;
  readonly url: string;
  readonly counters: GatewayCounters = { routed: 0, answered: 0, failed: 0, cancelled: 0, rejected: 0 };
  private readonly sockets = new Set<Socket>();
  private readonly running = new Set<AbortController>();
  private stopping: Promise<void> | undefined;
  private readonly maxBodyBytes: number;
  private readonly maxConcurrent: number;
  private readonly clock: () => number;

  private constructor(
    private readonly server: http.Server,
    private readonly options: GatewayOptions,
  ) {
    this.port = (server.address() as AddressInfo).port;
    this.url = `http://${GATEWAY_HOST}:${this.port}`;
    this.maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
    this.maxConcurrent = options.maxConcurrent ?? 256;
    this.clock = options.backend.clock ?? Date.now;
  }

  static async start(options: GatewayOptions): Promise<GatewayServer> {
    const server = http.createServer({ noDelay: true, keepAliveTimeout: 30_000 });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) => {
        reject(
          e.code === 'EADDRINUSE'
            ? new GatewayStartError('port_busy', options.port, `Port ${options.port} on ${GATEWAY_HOST} is already in use.`)
            : new GatewayStartError('other', options.port, `The gateway could not listen on ${GATEWAY_HOST}:${options.port}: ${e.message}`),
        );
      });
      server.listen(options.port, GATEWAY_HOST, () => resolve());
    });
    const gateway = new GatewayServer(server, options);
    server.on('connection', (socket) => {
      gateway.sockets.add(socket);
      socket.on('close', () => gateway.sockets.delete(socket));
    });
    server.on('request', (req, res) => void gateway.handle(req, res));
    return gateway;
  }

  /** Chat requests being answered now. */
  get inFlight(): number {
    return this.running.size;
  }

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  /**
   * New requests get 503 from now on; running answers get `stopGraceMs` to finish, then are
   * cancelled (their upstream requests with them); then the port is released.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const graceMs = this.options.stopGraceMs ?? 2_000;
      const deadline = Date.now() + graceMs;
      while (this.running.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      for (const abort of this.running) abort.abort();
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.server.closeAllConnections();
      for (const s of this.sockets) s.destroy();
      await closed;
    })();
    return this.stopping;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    const path = url.pathname;
    try {
      if (!hostAllowed(req.headers.host, this.port)) throw gatewayErrors.foreignHost(req.headers.host ?? '');
      if (this.stopping) throw gatewayErrors.stopping();
      if (!tokenMatches(req.headers.authorization, this.options.token())) throw gatewayErrors.unauthorized();
      if (path === '/v1/chat/completions') {
        if (method !== 'POST') throw gatewayErrors.methodNotAllowed(method, path);
        await this.chat(req, res, parseChatRequest(await this.readJson(req)));
      } else if (path === '/v1/models') {
        if (method !== 'GET') throw gatewayErrors.methodNotAllowed(method, path);
        this.sendJson(res, 200, this.modelList());
      } else if (path.startsWith(CONFIG_API_PREFIX) && this.options.backend.config) {
        const route = path.slice(CONFIG_API_PREFIX.length).replace(/\/+$/, '');
        const body = await handleConfigApi({ method, route, query: url.searchParams, body: () => this.readJson(req) }, this.options.backend.config);
        this.options.backend.log('info', `Gateway: ${method} ${path} answered.`);
        this.sendJson(res, 200, body);
      } else {
        throw gatewayErrors.notFound(path);
      }
    } catch (e) {
      const error = e instanceof GatewayError ? e : new GatewayError(500, 'server_error', 'internal_error', `The gateway failed: ${e instanceof Error ? e.message : String(e)}`);
      if (error.status !== 500) this.counters.rejected++;
      // Never the Authorization header: only what was refused and why.
      this.options.backend.log('warn', `Gateway: ${method} ${path} refused with ${error.status} ${error.code}${error.param ? ` (${error.param})` : ''}.`);
      this.sendError(res, error, req);
    }
  }

  private modelList(): object {
    const created = Math.floor(this.clock() / 1000);
    return {
      object: 'list',
      data: this.options.backend.models().map((m) => ({
        id: m.id,
        object: 'model',
        created,
        owned_by: m.id.includes('/') ? m.id.split('/')[0] : 'openrouter-dual',
        name: m.name,
        ...(m.contextLength ? { context_length: m.contextLength } : {}),
      })),
    };
  }

  /** The body as JSON, refused past the size limit without reading the rest. */
  private readJson(req: http.IncomingMessage): Promise<unknown> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.maxBodyBytes) return Promise.reject(gatewayErrors.tooLarge(this.maxBodyBytes));
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      req.on('data', (chunk: Buffer) => {
        if (done) return;
        size += chunk.length;
        if (size > this.maxBodyBytes) {
          done = true;
          reject(gatewayErrors.tooLarge(this.maxBodyBytes));
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => {
        if (done) return;
        done = true;
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve(JSON.parse(text));
        } catch (e) {
          reject(gatewayErrors.invalidJson(e instanceof Error ? e.message : String(e)));
        }
      });
      req.on('error', (e) => {
        if (!done) reject(e);
        done = true;
      });
    });
  }

  private async chat(req: http.IncomingMessage, res: http.ServerResponse, chat: GatewayChat): Promise<void> {
    const backend = this.options.backend;
    const auto = backend.autoIds.includes(chat.model);
    if (!auto && !backend.models().some((m) => m.id === chat.model)) throw gatewayErrors.unknownModel(chat.model);
    if (this.running.size >= this.maxConcurrent) throw gatewayErrors.tooManyStreams(this.maxConcurrent);

    const abort = new AbortController();
    this.running.add(abort);
    // The client went away before the answer ended: cancel upstream too.
    const onClose = (): void => {
      if (!res.writableFinished) abort.abort();
    };
    res.on('close', onClose);
    this.counters.routed++;
    const id = `chatcmpl-${randomBytes(12).toString('hex')}`;
    const created = Math.floor(this.clock() / 1000);
    const label = `${chat.model}${chat.stream ? ', streamed' : ''}`;
    try {
      const events = backend.route({ messages: chat.messages, options: chat.options, signal: abort.signal, preferredModel: auto ? undefined : chat.model, origin: 'gateway' });
      const outcome = chat.stream ? await this.stream(res, events, chat, id, created) : await this.collect(res, events, id, created);
      if (outcome.kind === 'answered') {
        this.counters.answered++;
        backend.log('info', `Gateway: chat (${label}) answered by ${outcome.model}.`);
      } else if (outcome.kind === 'cancelled' || abort.signal.aborted) {
        this.counters.cancelled++;
        backend.log('info', `Gateway: chat (${label}) cancelled: the client closed the connection.`);
      } else {
        this.counters.failed++;
        backend.log('warn', `Gateway: chat (${label}) failed: ${outcome.message}`);
      }
    } finally {
      res.off('close', onClose);
      this.running.delete(abort);
    }
  }

  private async stream(res: http.ServerResponse, events: AsyncIterable<RouterEvent>, chat: GatewayChat, id: string, created: number): Promise<Outcome> {
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
        'x-openrouter-dual-model': answering,
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
          const error = failureError(event.failure.kind, event.failure.message, event.failure.retryAt, this.clock());
          if (!started) {
            this.sendError(res, error);
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

  private async collect(res: http.ServerResponse, events: AsyncIterable<RouterEvent>, id: string, created: number): Promise<Outcome> {
    const collector = new CompletionCollector();
    for await (const event of events) {
      if (event.type === 'text') collector.text(event.text);
      else if (event.type === 'reasoning') collector.reasoning(event.text);
      else if (event.type === 'tool-call') collector.toolCall(event.call);
      else if (event.type === 'done') {
        const model = event.summary.model ?? '';
        const finish: FinishReason | undefined = event.summary.finishReason;
        const usage: Usage | undefined = event.summary.usage;
        this.sendJson(res, 200, collector.build(id, created, model, finish, usage), { 'x-openrouter-dual-model': model });
        return { kind: 'answered', model };
      } else if (event.type === 'failed') {
        if (event.failure.kind === 'cancelled') return { kind: 'cancelled' };
        this.sendError(res, failureError(event.failure.kind, event.failure.message, event.failure.retryAt, this.clock()));
        return { kind: 'failed', message: `${event.failure.kind}: ${event.failure.message}` };
      }
    }
    return { kind: 'cancelled' };
  }

  private sendJson(res: http.ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  private sendError(res: http.ServerResponse, error: GatewayError, req?: http.IncomingMessage): void {
    // Too late for a status: the client sees the stream end without [DONE].
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const headers: Record<string, string> = {};
    if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
    // An unread body (too large, refused before reading) would otherwise keep the socket busy.
    if (req && !req.complete) headers.connection = 'close';
    this.sendJson(res, error.status, error.body(), headers);
    if (req && !req.complete) res.on('finish', () => req.destroy());
  }
}

type Outcome = { kind: 'answered'; model: string } | { kind: 'failed'; message: string } | { kind: 'cancelled' };

/** One SSE event; waits when the socket's buffer is full, so a slow client cannot grow memory. */
function send(res: http.ServerResponse, payload: object): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  if (res.write(`data: ${JSON.stringify(payload)}\n\n`)) return Promise.resolve();
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
