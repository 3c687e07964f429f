// Removing a test's storage folder. A background write that outlives deactivate() (the model-list
// cache, the shared budget file: both write a temporary file and rename it) can land while the
// folder is being removed, and a busy machine makes that likely: retry instead of failing the hook.
import { rmSync } from 'node:fs';

export function removeDir(path: string): void {
  rmSync(path, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
}
