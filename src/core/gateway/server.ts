// The local gateway: the router behind OpenAI's chat-completions API on 127.0.0.1, plus the
// design's configuration API. Plain node:http; every request passes the Host check and the bearer
// token before its body is read, and nothing reaches the router before its body is validated.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import { collectAnswer, sendError, sendJson, streamAnswer } from './answer';
import { CONFIG_API_PREFIX, handleConfigApi } from './configApi';
import { GATEWAY_HOST } from './address';
import { GatewayError, gatewayErrors } from './errors';
import { hostAllowed, tokenMatches } from './security';
import type { GatewayBackend } from './types';
import { MAX_JSON_DEPTH, tooDeepAt } from '../shared/jsonDepth';
import { parseChatRequest, type GatewayChat } from './wireIn';


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
    // handle() answers every error itself; should anything still escape, the socket is not left open.
    server.on('request', (req, res) => {
      gateway.handle(req, res).catch(() => res.destroy());
    });
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
    // For the log until the URL is parsed: only the path, never a query that may hold anything.
    let path = (req.url ?? '/').split('?')[0];
    try {
      const url = requestUrl(req.url);
      path = url.pathname;
      if (!hostAllowed(req.headers.host, this.port)) throw gatewayErrors.foreignHost(req.headers.host ?? '');
      if (this.stopping) throw gatewayErrors.stopping();
      if (!tokenMatches(req.headers.authorization, this.options.token())) throw gatewayErrors.unauthorized();
      if (path === '/v1/chat/completions') {
        if (method !== 'POST') throw gatewayErrors.methodNotAllowed(method, path);
        // The cap holds before the body is read: a flood of slow bodies cannot pile up behind it.
        if (this.running.size >= this.maxConcurrent) throw gatewayErrors.tooManyStreams(this.maxConcurrent);
        const abort = new AbortController();
        this.running.add(abort);
        try {
          await this.chat(req, res, parseChatRequest(await this.readJson(req)), abort);
        } finally {
          this.running.delete(abort);
        }
      } else if (path === '/v1/models') {
        if (method !== 'GET') throw gatewayErrors.methodNotAllowed(method, path);
        sendJson(res, 200, this.modelList());
      } else if (path.startsWith(CONFIG_API_PREFIX) && this.options.backend.config) {
        const route = path.slice(CONFIG_API_PREFIX.length).replace(/\/+$/, '');
        const body = await handleConfigApi({ method, route, query: url.searchParams, body: () => this.readJson(req) }, this.options.backend.config);
        this.options.backend.log('info', `Gateway: ${method} ${path} answered.`);
        sendJson(res, 200, body);
      } else {
        throw gatewayErrors.notFound(path);
      }
    } catch (e) {
      if (e instanceof ClientGone) {
        this.counters.cancelled++;
        this.options.backend.log('info', `Gateway: ${method} ${path} cancelled: the client closed the connection before its request was read.`);
        return;
      }
      const error = e instanceof GatewayError ? e : new GatewayError(500, 'server_error', 'internal_error', `The gateway failed: ${e instanceof Error ? e.message : String(e)}`);
      if (error.status !== 500) this.counters.rejected++;
      // Never the Authorization header: only what was refused and why.
      this.options.backend.log('warn', `Gateway: ${method} ${path} refused with ${error.status} ${error.code}${error.param ? ` (${error.param})` : ''}.`);
      sendError(res, error, req);
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
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (e) {
          reject(gatewayErrors.invalidJson(e instanceof Error ? e.message : String(e)));
          return;
        }
        // Checked before anything recurses into it (schemas, JSON.stringify on the way upstream).
        const deep = tooDeepAt(parsed);
        if (deep) reject(gatewayErrors.invalidField(deep, `is nested more than ${MAX_JSON_DEPTH} levels deep`));
        else resolve(parsed);
      });
      // The client went away before its body ended (aborted, reset): nobody is left to answer.
      const gone = (): void => {
        if (!done) reject(new ClientGone());
        done = true;
      };
      req.on('error', gone);
      req.on('close', gone);
    });
  }

  /** `abort`: the slot handle() took for this request under the concurrency cap. */
  private async chat(req: http.IncomingMessage, res: http.ServerResponse, chat: GatewayChat, abort: AbortController): Promise<void> {
    const backend = this.options.backend;
    const auto = backend.autoIds.includes(chat.model);
    if (!auto && !backend.models().some((m) => m.id === chat.model)) throw gatewayErrors.unknownModel(chat.model);
    // The client went away before the answer ended: cancel upstream too.
    const onClose = (): void => {
      if (!res.writableFinished) abort.abort();
    };
    res.on('close', onClose);
    this.counters.routed++;
    // randomUUID draws from a cached pool: no entropy call per request.
    const id = `chatcmpl-${randomUUID().replaceAll('-', '')}`;
    const created = Math.floor(this.clock() / 1000);
    const label = `${chat.model}${chat.stream ? ', streamed' : ''}`;
    try {
      const events = backend.route({ messages: chat.messages, options: chat.options, signal: abort.signal, preferredModel: auto ? undefined : chat.model, origin: 'gateway' });
      const outcome = chat.stream ? await streamAnswer(res, events, chat, id, created, this.clock) : await collectAnswer(res, events, id, created, this.clock);
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
    }
  }
}

/**
 * The request target as a URL. Only origin-form (`/path?query`) is served; `//` or `//host/x`
 * would read as a scheme-relative URL and throw, so the path is put after a fixed origin as text.
 */
function requestUrl(target: string | undefined): URL {
  const raw = target ?? '/';
  if (!raw.startsWith('/')) throw gatewayErrors.invalidTarget();
  try {
    return new URL(`http://gateway.invalid${raw}`);
  } catch {
    throw gatewayErrors.invalidTarget();
  }
}

/** The client closed the connection while its request was being read. */
class ClientGone extends Error {
  constructor() {
    super('The client closed the connection before its request was read.');
  }
}
