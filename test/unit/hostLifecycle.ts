// The life of an activated extension in a host test: a double for the suite, started with
// OPENROUTER_API_KEY unset (the key must come from the test), and a teardown per test that
// deactivates, disposes and removes the storage folder. Import after ./vscodeStub.
import * as ext from '../../src/extension';
import { OpenRouterDouble } from '../fixtures/double';
import { removeDir } from './tempDirs';

export function startDoubleWithoutEnvKey(): Promise<OpenRouterDouble> {
  delete process.env.OPENROUTER_API_KEY;
  return OpenRouterDouble.start();
}

export async function tearDownHost(context: { subscriptions: { dispose(): unknown }[] }, storage: string): Promise<void> {
  await ext.deactivate();
  for (const d of context.subscriptions) d.dispose();
  await removeDir(storage);
}
