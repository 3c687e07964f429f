// Each endpoint's key, in VS Code's SecretStorage under its own name, so a key can only be read for
// the endpoint it was set for. Never in settings, never in an export. Local servers need none.
import * as vscode from 'vscode';

export const ENDPOINT_SECRET_PREFIX = 'openrouterDual.endpointKey.';

export class EndpointKeyStore implements vscode.Disposable {
  /** Keys read so far, by endpoint id; the synchronous provider path reads from here. */
  private readonly cache = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<string>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    // Another window of the same profile may set or clear one.
    this.subscription = secrets.onDidChange(async (e) => {
      if (!e.key.startsWith(ENDPOINT_SECRET_PREFIX)) return;
      const id = e.key.slice(ENDPOINT_SECRET_PREFIX.length);
      await this.load([id]);
      this.changed.fire(id);
    });
  }

  /** Reads the keys of these endpoints into memory. */
  async load(ids: readonly string[]): Promise<void> {
    await Promise.all(
      ids.map(async (id) => {
        const key = await this.secrets.get(ENDPOINT_SECRET_PREFIX + id);
        if (key) this.cache.set(id, key);
        else this.cache.delete(id);
      }),
    );
  }

  get(id: string): string | undefined {
    return this.cache.get(id);
  }

  has(id: string): boolean {
    return this.cache.has(id);
  }

  async store(id: string, key: string): Promise<void> {
    await this.secrets.store(ENDPOINT_SECRET_PREFIX + id, key);
    this.cache.set(id, key);
    this.changed.fire(id);
  }

  async clear(id: string): Promise<void> {
    await this.secrets.delete(ENDPOINT_SECRET_PREFIX + id);
    this.cache.delete(id);
    this.changed.fire(id);
  }

  /** For redaction: every endpoint key this process knows. */
  knownSecrets(): string[] {
    return [...this.cache.values()];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
