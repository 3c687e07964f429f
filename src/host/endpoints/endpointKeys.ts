// Each endpoint's key, in VS Code's SecretStorage under its own name, so a key can only be read for
// the endpoint it was set for, and bound to the origin it was set for (see core's keyBinding): a key
// is handed out only while its endpoint still points there. Never in settings, never in an export.
// Local servers need none.
import * as vscode from 'vscode';
import { bindLegacy, decodeBoundKey, encodeBoundKey, keyForUrl, urlOrigin, type BoundKey, type EndpointConfig } from '../../core/endpoints';
import { errorText } from '../../core/shared/errorText';

export const ENDPOINT_SECRET_PREFIX = 'openrouterDual.endpointKey.';

export class EndpointKeyStore implements vscode.Disposable {
  /** Keys read so far, by endpoint id; the synchronous provider path reads from here. */
  private readonly cache = new Map<string, BoundKey>();
  private readonly changed = new vscode.EventEmitter<string>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  /** `endpoints`: the configured ones, read when another window changes a key. */
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly endpoints: () => readonly EndpointConfig[],
    private readonly warn: (message: string) => void = () => undefined,
  ) {
    // Another window of the same profile may set or clear one.
    this.subscription = secrets.onDidChange(async (e) => {
      if (!e.key.startsWith(ENDPOINT_SECRET_PREFIX)) return;
      const id = e.key.slice(ENDPOINT_SECRET_PREFIX.length);
      try {
        await this.load(this.endpoints().filter((endpoint) => endpoint.id === id));
        this.changed.fire(id);
      } catch (error) {
        // Without a keyring SecretStorage throws; the key in memory stays as it was.
        this.warn(`The key of endpoint ${id} changed in another window but could not be read (${errorText(error)}). Check that the system keyring is available, then reload the window.`);
      }
    });
  }

  /** Reads the keys of these endpoints into memory; a key stored unbound is bound to the endpoint's origin now. */
  async load(endpoints: readonly EndpointConfig[]): Promise<void> {
    await Promise.all(
      endpoints.map(async (endpoint) => {
        const stored = await this.secrets.get(ENDPOINT_SECRET_PREFIX + endpoint.id);
        if (!stored) {
          this.cache.delete(endpoint.id);
          return;
        }
        const bound = decodeBoundKey(stored);
        if (bound.origin === undefined && urlOrigin(endpoint.baseUrl)) {
          await this.secrets.store(ENDPOINT_SECRET_PREFIX + endpoint.id, encodeBoundKey(bound.key, endpoint.baseUrl));
        }
        this.cache.set(endpoint.id, bindLegacy(bound, endpoint.baseUrl));
      }),
    );
  }

  /** The endpoint's key, only while its base URL is at the origin the key was stored for. */
  get(endpoint: EndpointConfig): string | undefined {
    return keyForUrl(this.cache.get(endpoint.id), endpoint.baseUrl);
  }

  /** True when the endpoint has a key it may be sent with (one bound to another origin does not count). */
  has(endpoint: EndpointConfig): boolean {
    return this.get(endpoint) !== undefined;
  }

  /** Endpoints whose key is bound to another origin than the one they point to now. */
  moved(endpoints: readonly EndpointConfig[]): EndpointConfig[] {
    return endpoints.filter((e) => this.cache.has(e.id) && this.get(e) === undefined);
  }

  async store(endpoint: EndpointConfig, key: string): Promise<void> {
    const encoded = encodeBoundKey(key, endpoint.baseUrl);
    await this.secrets.store(ENDPOINT_SECRET_PREFIX + endpoint.id, encoded);
    this.cache.set(endpoint.id, decodeBoundKey(encoded));
    this.changed.fire(endpoint.id);
  }

  async clear(id: string): Promise<void> {
    await this.secrets.delete(ENDPOINT_SECRET_PREFIX + id);
    this.cache.delete(id);
    this.changed.fire(id);
  }

  /** For redaction: every endpoint key this process knows. */
  knownSecrets(): string[] {
    return [...this.cache.values()].map((b) => b.key);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
