// SecretStorage without a keyring throws on every read. The handlers that follow another window's
// change of a secret (an endpoint's key, the gateway token) must then log what happened and what
// to do, not reject unhandled (which VS Code reports as an extension error, and plain Node exits on).
import assert from 'node:assert/strict';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import { EndpointKeyStore } from '../../src/host/endpoints/endpointKeys';
import { GatewayTokenStore } from '../../src/host/gateway/gatewayToken';

describe('host: a secret storage that fails (no keyring)', () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  before(() => process.on('unhandledRejection', record));
  after(() => process.off('unhandledRejection', record));

  const failingSecrets = () => {
    const changed = new vscode.EventEmitter<{ key: string }>();
    return {
      changed,
      secrets: {
        get: () => Promise.reject(new Error('Cannot get password: no keyring (org.freedesktop.secrets) is available')),
        store: () => Promise.reject(new Error('no keyring')),
        delete: () => Promise.reject(new Error('no keyring')),
        onDidChange: changed.event,
      },
    };
  };

  it("another window's change of an endpoint key or the gateway token is logged with what to do, never rejected unhandled", async () => {
    const warnings: string[] = [];
    const { secrets, changed } = failingSecrets();
    const keys = new EndpointKeyStore(secrets as never, () => [{ id: 'lab', label: 'Lab', baseUrl: 'http://127.0.0.1:1/v1' }], (m) => warnings.push(m));
    const tokens = new GatewayTokenStore(secrets as never, (m) => warnings.push(m));
    changed.fire({ key: 'openrouterDual.endpointKey.lab' });
    changed.fire({ key: 'openrouterDual.gatewayToken' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    keys.dispose();
    tokens.dispose();
    assert.deepEqual(unhandled, []);
    assert.equal(warnings.length, 2, warnings.join('\n'));
    for (const w of warnings) assert.match(w, /no keyring.*keyring is available, then reload the window/);
  });
});
