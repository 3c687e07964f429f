// The gateway's palette commands: start, stop, copy its URL and token, rotate the token.
import * as vscode from 'vscode';
import { notify } from '../status/notify';
import type { LocalGateway } from './localGateway';

export function registerGatewayCommands(gateway: LocalGateway): vscode.Disposable[] {
  const t = vscode.l10n.t;
  const copy = async () => {
    await vscode.env.clipboard.writeText(await gateway.clientEnvironment());
    const status = gateway.status();
    if (status.running) {
      void notify.info(t('Copied OPENAI_BASE_URL={0} and OPENAI_API_KEY (the gateway token) to the clipboard. Keep the token private.', status.url));
    } else {
      const start = t('Start Local Gateway');
      const choice = await notify.info(t('Copied OPENAI_BASE_URL={0} and the gateway token. The gateway is not running yet.', status.url), start);
      if (choice === start) void vscode.commands.executeCommand('openrouterDual.startGateway');
    }
  };
  const report = (result: { ok: boolean; message?: string }) => {
    if (!result.message) return;
    void (result.ok ? notify.info(result.message) : notify.error(result.message));
  };
  return [
    vscode.commands.registerCommand('openrouterDual.startGateway', async () => report(await gateway.start())),
    vscode.commands.registerCommand('openrouterDual.stopGateway', async () => report(await gateway.stop())),
    vscode.commands.registerCommand('openrouterDual.copyGatewayUrl', copy),
    vscode.commands.registerCommand('openrouterDual.rotateGatewayToken', async () => {
      await gateway.rotateToken();
      const copyNew = t('Copy URL and Token');
      const choice = await notify.info(t('The gateway token was replaced: clients using the old token are now refused.'), copyNew);
      if (choice === copyNew) await copy();
    }),
  ];
}
