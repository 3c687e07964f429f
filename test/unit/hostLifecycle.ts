// The life of an activated extension in a host test: a double for the suite, started with
// OPENROUTER_API_KEY unset (the key must come from the test), and a teardown per test that
// deactivates, disposes and removes the storage folder. `useHostRig` registers all of it as the
// suite's mocha hooks, so a host test states only what is its own (settings, key, scripts).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
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

export interface HostRigOptions {
  /** Names the storage folder (`host-<name>-…` under the temp folder). */
  name: string;
  /** User settings (without `openrouterDual.`) set before each test; `baseUrl` is the double's. */
  settings?: Record<string, unknown>;
  /** The key in SecretStorage when the extension starts; unset: none stored. */
  key?: string;
  /** Activate the extension before each test (default); false: the test activates it itself. */
  activate?: boolean;
}

export interface HostRig {
  readonly double: OpenRouterDouble;
  readonly storage: string;
  readonly context: ReturnType<typeof vscode.createContext>;
}

/** The suite's double, and per test a fresh stand-in, storage folder and context, torn down after it. */
export function useHostRig(options: HostRigOptions): HostRig {
  let double: OpenRouterDouble | undefined;
  let storage = '';
  let context: ReturnType<typeof vscode.createContext> | undefined;
  before(async () => {
    double = await startDoubleWithoutEnvKey();
  });
  beforeEach(async () => {
    double!.reset();
    vscode.recorded.reset();
    storage = mkdtempSync(join(tmpdir(), `host-${options.name}-`));
    vscode.recorded.settings.set('openrouterDual.baseUrl', double!.baseUrl);
    for (const [key, value] of Object.entries(options.settings ?? {})) vscode.recorded.settings.set(`openrouterDual.${key}`, value);
    context = vscode.createContext(storage);
    if (options.key) await context.secrets.store('openrouterDual.apiKey', options.key);
    if (options.activate !== false) await ext.activate(context as never);
  });
  afterEach(() => tearDownHost(context!, storage));
  after(() => double?.close());
  return {
    get double() {
      return double!;
    },
    get storage() {
      return storage;
    },
    get context() {
      return context!;
    },
  };
}

/** Waits until `check` holds (up to 5 s), else fails naming `what`. */
export async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 250; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** A port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
