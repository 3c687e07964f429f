// "Once for the whole profile": a claim is a file created exclusively in the extension's global
// storage, so of all the windows (and reloads) that want to say the same thing, exactly one does.
// Claims older than a limit are removed at start, so the folder stays small.
import { createHash } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { join } from 'node:path';
import { errorText } from '../../core/shared/errorText';
import type { Log } from '../status/log';

export type ClaimsFs = Pick<typeof nodeFs, 'mkdirSync' | 'readdirSync' | 'statSync' | 'unlinkSync' | 'writeFileSync'>;

export class ProfileClaims {
  /** Keys this window claimed or found claimed: asked again, they cost no file access. */
  private readonly settled = new Set<string>();
  private warned = false;

  constructor(
    private readonly dir: string,
    private readonly log: Log,
    private readonly fs: ClaimsFs = nodeFs,
  ) {}

  /** True exactly once per key for every window of the profile; a folder that cannot be written still says it once here. */
  claim(key: string): boolean {
    if (this.settled.has(key)) return false;
    this.settled.add(key);
    const file = join(this.dir, `${createHash('sha256').update(key).digest('hex')}.claim`);
    try {
      this.fs.mkdirSync(this.dir, { recursive: true });
      this.fs.writeFileSync(file, key, { flag: 'wx' });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      if (!this.warned) this.log.warn(`Could not write ${file}: ${errorText(e)}`);
      this.warned = true;
      return true;
    }
  }

  /** Removes claims older than `maxAgeMs` (their subject is long past). */
  prune(maxAgeMs: number, now: number): void {
    try {
      for (const name of this.fs.readdirSync(this.dir)) {
        const file = join(this.dir, name);
        if (name.endsWith('.claim') && now - this.fs.statSync(file).mtimeMs > maxAgeMs) this.fs.unlinkSync(file);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.log.warn(`Could not tidy ${this.dir}: ${errorText(e)}`);
    }
  }
}
