// Each endpoint's model list: GET {baseUrl}/models in OpenAI's shape (`{ data: [{ id, owned_by }] }`,
// no prices, no context length), kept in memory and on disk like OpenRouter's list, so a cold start
// offers the models of a server that is not running yet. What the list does not say (reasoning,
// images, tools) stays "unknown". A server that does not answer keeps its last list: its models are
// unavailable, not gone.
import { MAX_MODELS_RESPONSE_BYTES, readCapped } from '../catalog/fetchModels';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as z from 'zod';
import { lazy } from '../lazy';
import { errorText } from '../shared/errorText';
import type { Clock } from '../router/types';
import type { EndpointAvailability } from './availability';
import { NO_KEY } from './dispatchingProvider';
import { qualifyModelId } from './qualifiedIds';
import { endpointIsFree } from './schema';
import type { EndpointConfig, EndpointModel } from './types';

const MAX_MODELS = 500;
const CACHE_VERSION = 1;

const modelsPayloadSchema = lazy(() =>
  z.object({ data: z.array(z.object({ id: z.string().min(1).max(200), owned_by: z.string().optional().catch(undefined) }).passthrough()).max(5_000) }),
);

const cacheSchema = lazy(() =>
  z.object({
    version: z.literal(CACHE_VERSION),
    endpoints: z.record(z.string(), z.object({ baseUrl: z.string(), fetchedAt: z.number(), models: z.array(z.object({ id: z.string(), ownedBy: z.string().optional() })) })),
  }),
);

interface ListedModel {
  id: string;
  ownedBy?: string;
}

interface EndpointEntry {
  baseUrl: string;
  fetchedAt: number;
  models: ListedModel[];
}

type EndpointCheck = { endpointId: string; label: string; ok: true; count: number } | { endpointId: string; label: string; ok: false; error: string };

/** GET {baseUrl}/models: the wire ids it lists, in its order. Throws with a readable message. */
async function fetchEndpointModels(endpoint: EndpointConfig, key: string | undefined, opts: { fetch?: typeof fetch; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ListedModel[]> {
  const doFetch = opts.fetch ?? fetch;
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? 10_000);
  const response = await doFetch(`${endpoint.baseUrl}/models`, {
    headers: { Authorization: `Bearer ${key || NO_KEY}`, Accept: 'application/json' },
    signal: opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout,
  });
  if (!response.ok) throw new Error(`${endpoint.label} answered ${response.status} to GET /models`);
  // The same cap as OpenRouter's list: a server's answer of hundreds of MB is not read into memory.
  const text = await readCapped(response, MAX_MODELS_RESPONSE_BYTES);
  if (text === undefined) throw new Error(`${endpoint.label}'s GET /models answer is larger than ${MAX_MODELS_RESPONSE_BYTES / (1024 * 1024)} MB; it was not read`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${endpoint.label}'s GET /models is not JSON`);
  }
  const parsed = modelsPayloadSchema.safeParse(body);
  if (!parsed.success) throw new Error(`${endpoint.label}'s GET /models is not an OpenAI model list`);
  return parsed.data.data.slice(0, MAX_MODELS).map((m) => ({ id: m.id, ownedBy: m.owned_by }));
}

interface EndpointCatalogOptions {
  endpoints: () => readonly EndpointConfig[];
  keyOf: (endpointId: string) => string | undefined;
  /** Where the lists are kept between sessions; none: memory only. */
  cacheFile?: string;
  clock?: Clock;
  availability?: EndpointAvailability;
  fetch?: typeof fetch;
  log?: (level: 'info' | 'warn', message: string) => void;
}

export class EndpointCatalog {
  private readonly entries = new Map<string, EndpointEntry>();
  private readonly listeners = new Set<() => void>();
  /** After `dispose` (the window closes), nothing is written any more. */
  private disposed = false;
  private readonly clock: Clock;

  constructor(private readonly options: EndpointCatalogOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /** Every model of every configured endpoint: the `models` setting when given, else its last list. */
  models(): EndpointModel[] {
    return this.options.endpoints().flatMap((e) => this.modelsOf(e));
  }

  modelsOf(endpoint: EndpointConfig): EndpointModel[] {
    const entry = this.entries.get(endpoint.id);
    const listed = endpoint.models?.length
      ? endpoint.models.map((id) => entry?.models.find((m) => m.id === id) ?? { id })
      : entry && entry.baseUrl === endpoint.baseUrl
        ? entry.models
        : [];
    const free = endpointIsFree(endpoint);
    return listed.map((m) => ({
      id: qualifyModelId(endpoint.id, m.id),
      model: m.id,
      endpointId: endpoint.id,
      endpointLabel: endpoint.label,
      ownedBy: m.ownedBy,
      free,
      capabilities: { reasoning: 'unknown', vision: 'unknown', toolCalling: 'unknown' },
    }));
  }

  get(id: string): EndpointModel | undefined {
    return this.models().find((m) => m.id === id);
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks every endpoint for its list; says which answered. A failure keeps the previous list. */
  async refresh(): Promise<EndpointCheck[]> {
    const results = await Promise.all(this.options.endpoints().map((e) => this.refreshOne(e)));
    if (results.some((r) => r.ok)) await this.save();
    this.emit();
    return results;
  }

  async refreshOne(endpoint: EndpointConfig): Promise<EndpointCheck> {
    const { availability } = this.options;
    try {
      const models = await fetchEndpointModels(endpoint, this.options.keyOf(endpoint.id), { fetch: this.options.fetch });
      // The endpoint moved to another base URL while this answer was on its way: it says nothing
      // about the server the endpoint names now.
      if (!this.isCurrent(endpoint)) return { endpointId: endpoint.id, label: endpoint.label, ok: true, count: models.length };
      this.entries.set(endpoint.id, { baseUrl: endpoint.baseUrl, fetchedAt: this.clock(), models });
      availability?.markUp(endpoint.id);
      return { endpointId: endpoint.id, label: endpoint.label, ok: true, count: models.length };
    } catch (e) {
      const error = errorText(e);
      if (isConnectionFailure(e) && this.isCurrent(endpoint)) availability?.markDown(endpoint.id);
      this.options.log?.('warn', `Endpoint ${endpoint.label}: could not read its model list (${error}); keeping the previous one.`);
      return { endpointId: endpoint.id, label: endpoint.label, ok: false, error };
    }
  }

  private isCurrent(endpoint: EndpointConfig): boolean {
    return this.options.endpoints().find((e) => e.id === endpoint.id)?.baseUrl === endpoint.baseUrl;
  }

  /** Reads the lists kept by an earlier session; a missing or unreadable file is ignored. */
  async load(): Promise<void> {
    const file = this.options.cacheFile;
    if (!file) return;
    try {
      const parsed = cacheSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
      if (!parsed.success) return;
      for (const [id, entry] of Object.entries(parsed.data.endpoints)) if (!this.entries.has(id)) this.entries.set(id, entry);
      this.emit();
    } catch {
      // No list yet: the first refresh writes one.
    }
  }

  /** Stops writing the cache: a refresh still running when the window closes leaves no file behind. */
  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }

  private async save(): Promise<void> {
    const file = this.options.cacheFile;
    if (!file || this.disposed) return;
    const body = { version: CACHE_VERSION, endpoints: Object.fromEntries(this.entries) };
    const temp = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
    try {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(temp, JSON.stringify(body), 'utf8');
      await rename(temp, file);
    } catch (e) {
      await unlink(temp).catch(() => undefined);
      this.options.log?.('warn', `Could not save the endpoints' model lists: ${errorText(e)}`);
    }
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}

/** Connection refused, host not found, reset: the server is not there (as opposed to answering badly). */
function isConnectionFailure(e: unknown, depth = 0): boolean {
  if (depth > 4 || typeof e !== 'object' || e === null) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT)$/.test(code)) return true;
  return isConnectionFailure((e as { cause?: unknown }).cause, depth + 1);
}
