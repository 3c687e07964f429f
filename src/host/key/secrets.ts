// The API key: stored only in VS Code's SecretStorage; OPENROUTER_API_KEY is a read-only fallback.
import * as vscode from 'vscode';

export const SECRET_KEY = 'openrouterDual.apiKey';
export const ENV_KEY = 'OPENROUTER_API_KEY';

export type KeySource = 'secret' | 'env' | 'none';

export interface ApiKey {
  key: string | undefined;
  source: KeySource;
}

export class ApiKeyStore implements vscode.Disposable {
  private cached: string | undefined;
  private loaded = false;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    // Another window of the same profile may set or clear the key.
    this.subscription = secrets.onDidChange(async (e) => {
      if (e.key !== SECRET_KEY) return;
      this.cached = await this.secrets.get(SECRET_KEY);
      this.changed.fire();
    });
  }

  async get(): Promise<ApiKey> {
    if (!this.loaded) {
      this.cached = await this.secrets.get(SECRET_KEY);
      this.loaded = true;
    }
    if (this.cached) return { key: this.cached, source: 'secret' };
    const fromEnv = this.env[ENV_KEY]?.trim();
    return fromEnv ? { key: fromEnv, source: 'env' } : { key: undefined, source: 'none' };
  }

  async store(key: string): Promise<void> {
    await this.secrets.store(SECRET_KEY, key);
    this.cached = key;
    this.loaded = true;
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
    this.cached = undefined;
    this.loaded = true;
    this.changed.fire();
  }

  /** The literal keys known to this process, for redaction; synchronous on purpose. */
  knownSecrets(): string[] {
    const out: string[] = [];
    if (this.cached) out.push(this.cached);
    const fromEnv = this.env[ENV_KEY]?.trim();
    if (fromEnv) out.push(fromEnv);
    return out;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
