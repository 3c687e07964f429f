// The disk cache: the last good live list, so a cold start has models before (or without) the
// network. One JSON file at a path the host chooses (the extension's global storage).
// Reads never throw: a missing, corrupted or outdated file is ignored (and logged) and the catalog
// falls back to the built-in list. Writes go to a temporary file renamed into place, so a crash
// mid-write leaves the previous file intact.
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as z from 'zod';
import { lazy } from '../lazy';
import type { CatalogModel } from './types';
import { USE_CASES } from './types';

/** Bump when CatalogModel or the derivation rules change: older files are then ignored, not misread. */
export const CACHE_VERSION = 1;

export type CatalogLog = (level: 'info' | 'warn' | 'error', msg: string) => void;

const catalogModelSchema = lazy(() => z.object({
  id: z.string().min(1),
  name: z.string(),
  provider: z.string(),
  contextLength: z.number().nonnegative(),
  maxCompletionTokens: z.number().nonnegative().optional(),
  capabilities: z.object({ reasoning: z.boolean(), vision: z.boolean(), toolCalling: z.boolean() }),
  useCases: z.array(z.enum(USE_CASES as unknown as ['general', 'reasoning', 'coding', 'chat'])),
  description: z.string(),
  free: z.boolean(),
  isRouter: z.boolean(),
  source: z.enum(['builtin', 'live']),
  goneSince: z.number().optional(),
  expiresOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
}));

const cacheFileSchema = lazy(() => z.object({
  version: z.literal(CACHE_VERSION),
  fetchedAt: z.number().nonnegative(),
  /** The base URL the list came from: a list from another URL counts as stale. */
  baseUrl: z.string().optional(),
  skippedEntries: z.number().int().nonnegative().default(0),
  models: z.array(catalogModelSchema).min(1),
}));

export type CatalogCacheFile = z.output<typeof cacheFileSchema>;

export async function readCatalogCache(file: string, log: CatalogLog): Promise<CatalogCacheFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      log('warn', `Could not read the model list cache ${file} (${(err as Error).message}); using the built-in list until a refresh succeeds.`);
    }
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    log('warn', `Ignored the model list cache ${file}: it is not valid JSON (corrupted). It will be rewritten by the next successful refresh.`);
    return undefined;
  }
  if (typeof json === 'object' && json !== null && 'version' in json && json.version !== CACHE_VERSION) {
    log('info', `Ignored the model list cache ${file}: written by another version (${String(json.version)}, expected ${CACHE_VERSION}).`);
    return undefined;
  }
  const parsed = cacheFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    log('warn', `Ignored the model list cache ${file}: unexpected content (${issue?.path.join('.') || 'file'}: ${issue?.message}). It will be rewritten by the next successful refresh.`);
    return undefined;
  }
  return parsed.data;
}

export async function writeCatalogCache(
  file: string,
  data: { fetchedAt: number; baseUrl?: string; skippedEntries: number; models: readonly CatalogModel[] },
): Promise<void> {
  const body: CatalogCacheFile = { version: CACHE_VERSION, ...data, models: [...data.models] };
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`;
  try {
    await writeFile(temp, JSON.stringify(body), 'utf8');
    await rename(temp, file);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}
