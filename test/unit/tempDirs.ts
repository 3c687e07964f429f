// Removing a test's storage folder. A background write that outlives deactivate() (the model-list
// caches, the shared budget and statistics files: each writes a temporary file and renames it) can
// land while the folder is being removed, and a busy machine makes that likely: retry instead of
// failing the hook. Asynchronous on purpose: a synchronous removal blocks the event loop, so a write
// caught between its temporary file and its rename can never finish, and the folder never empties
// (seen in host.endpoints: 43 s of retries, then ENOTEMPTY).
import { rm } from 'node:fs/promises';

export function removeDir(path: string): Promise<void> {
  return rm(path, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
}
