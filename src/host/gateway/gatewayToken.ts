// The gateway's bearer token: random, kept in SecretStorage (shared by the profile's windows),
// created on first use and replaced on request.
import * as vscode from 'vscode';
import { newGatewayToken } from '../../core/gateway/security';
import { errorText } from '../../core/shared/errorText';

export const GATEWAY_TOKEN_SECRET = 'openrouterDual.gatewayToken';

export class GatewayTokenStore implements vscode.Disposable {
  private cached: string | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly warn: (message: string) => void = () => undefined,
  ) {
    // Another window rotated it: this window's gateway takes the new one at once.
    this.subscription = secrets.onDidChange(async (e) => {
      if (e.key !== GATEWAY_TOKEN_SECRET) return;
      try {
        this.cached = await this.secrets.get(GATEWAY_TOKEN_SECRET);
      } catch (error) {
        // Without a keyring SecretStorage throws; the token in use stays until the window reloads.
        this.warn(`Gateway: the token changed in another window but could not be read (${errorText(error)}); this window keeps the one it had. Check that the system keyring is available, then reload the window.`);
      }
    });
  }

  /** The token, created and stored if there is none yet. */
  async get(): Promise<string> {
    this.cached ??= await this.secrets.get(GATEWAY_TOKEN_SECRET);
    if (!this.cached) {
      this.cached = newGatewayToken();
      await this.secrets.store(GATEWAY_TOKEN_SECRET, this.cached);
    }
    return this.cached;
  }

  /** Synchronous, for each request: '' (refuses everything) until get() has run. */
  current(): string {
    return this.cached ?? '';
  }

  async rotate(): Promise<string> {
    this.cached = newGatewayToken();
    await this.secrets.store(GATEWAY_TOKEN_SECRET, this.cached);
    return this.cached;
  }

  /** For the log's and notifications' redaction. */
  known(): string[] {
    return this.cached ? [this.cached] : [];
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
