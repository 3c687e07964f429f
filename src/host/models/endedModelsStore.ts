// The models that ended on OpenRouter, for every window of the profile and across reloads: one small
// file per model in the extension's global storage (`ended-models/<sha256 of the id>.json`). Creating
// that file (exclusive create, which one window wins) is also the claim to tell the user: the window
// that learns of an end first shows the notice, and a second window meeting the same end, or the same
// window after a reload, stays silent and skips the model from the start.
import { createHash } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { join } from 'node:path';
import { ENDED_TTL_MS, isEndedCode, MAX_ENDED_MODELS, MAX_REPLACEMENTS, type EndedModel, type EndedModels } from '../../core/router/endedModels';
import { errorText } from '../../core/shared/errorText';
import type { Log } from '../status/log';

/** How often a window rereads the folder for ends another window learned. */
const POLL_MS = 30_000;
const MAX_FILE_BYTES = 16_384;

export type EndedFs = Pick<typeof nodeFs, 'mkdirSync' | 'readdirSync' | 'readFileSync' | 'statSync' | 'unlinkSync' | 'writeFileSync'>;

function parseEntry(text: string): EndedModel | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const e = raw as Record<string, unknown>;
  if (typeof e.model !== 'string' || e.model.length === 0 || e.model.length > 200) return undefined;
  if (typeof e.code !== 'string' || !isEndedCode(e.code)) return undefined;
  if (typeof e.at !== 'number' || !Number.isFinite(e.at)) return undefined;
  const replacements = Array.isArray(e.replacements) ? e.replacements.filter((r): r is string => typeof r === 'string' && r.length > 0 && r.length <= 200) : [];
  return { model: e.model, code: e.code, at: e.at, replacements: replacements.slice(0, MAX_REPLACEMENTS) };
}

export class EndedModelsStore {
  private readonly poller: ReturnType<typeof setInterval>;
  private warned = false;

  constructor(
    private readonly dir: string,
    private readonly ended: EndedModels,
    private readonly log: Log,
    private readonly clock: () => number = Date.now,
    private readonly fs: EndedFs = nodeFs,
  ) {
    this.poller = setInterval(() => this.load(), POLL_MS);
    this.poller.unref?.();
  }

  private fileOf(model: string): string {
    return join(this.dir, `${createHash('sha256').update(model).digest('hex')}.json`);
  }

  /** Reads every window's ends into the router; files past the TTL (and beyond the bound) are removed. */
  load(): void {
    let names: string[];
    try {
      names = this.fs.readdirSync(this.dir).filter((n) => n.endsWith('.json'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.warn(`could not read ${this.dir}: ${errorText(e)}`);
      return;
    }
    const now = this.clock();
    const entries: EndedModel[] = [];
    for (const name of names) {
      const file = join(this.dir, name);
      try {
        if (this.fs.statSync(file).size > MAX_FILE_BYTES) continue;
        const entry = parseEntry(this.fs.readFileSync(file, 'utf8'));
        if (entry && now - entry.at < ENDED_TTL_MS) entries.push(entry);
        else if (entry) this.fs.unlinkSync(file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.warn(`could not read ${file}: ${errorText(e)}`);
      }
    }
    entries.sort((a, b) => a.at - b.at);
    this.ended.restore(entries.slice(-MAX_ENDED_MODELS), now);
  }

  /**
   * Writes the end for every window; true when this window is the first to record it (it tells the
   * user), false when another window or an earlier session did (an end past the TTL was removed by
   * load(), so it is news again). A store that cannot be written still lets the user hear of it.
   */
  claim(entry: EndedModel): boolean {
    const file = this.fileOf(entry.model);
    try {
      this.fs.mkdirSync(this.dir, { recursive: true });
      this.fs.writeFileSync(file, JSON.stringify(entry), { flag: 'wx' });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      this.warn(`could not write ${file}: ${errorText(e)}`);
      return true;
    }
  }

  dispose(): void {
    clearInterval(this.poller);
  }

  private warn(message: string): void {
    if (this.warned) return;
    this.warned = true;
    this.log.warn(`Ended models: ${message}`);
  }
}
