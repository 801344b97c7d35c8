// "Connect to a docker-machine VM...": runs `docker-machine env NAME` and adopts its DOCKER_HOST, TLS and cert path.
import * as vscode from 'vscode';
import { DEFAULT_MACHINE, dockerMachineEnv } from '../../core/docker/dockerMachine';
import { writeConnectionSettings } from '../../vscode/settings';

export async function connectDockerMachine(log: vscode.LogOutputChannel, machineName?: string): Promise<boolean> {
  const name =
    machineName ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('Connect to a docker-machine VM'),
      prompt: vscode.l10n.t('Name of the VM that is the swarm manager'),
      value: DEFAULT_MACHINE,
      validateInput: (v) => (/^[\w.-]+$/.test(v.trim()) ? undefined : vscode.l10n.t('A docker-machine name has letters, digits, dots, dashes and underscores only')),
    }));
  if (!name) return false;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Running docker-machine env {0}...', name.trim()) },
    () => dockerMachineEnv(name.trim()),
  );
  if (!result.ok) {
    log.warn(`[connection] docker-machine env ${name}: ${result.failure.message}`);
    const f = result.failure;
    switch (f.kind) {
      case 'notInstalled': {
        const open = vscode.l10n.t('How to Install');
        if ((await vscode.window.showErrorMessage(vscode.l10n.t('docker-machine is not installed or not on the PATH VS Code was started with.'), open)) === open) {
          await vscode.env.openExternal(vscode.Uri.parse('https://github.com/docker/machine/releases'));
        }
        return false;
      }
      case 'certificateMismatch': {
        const regenerate = vscode.l10n.t('Regenerate Certificates');
        if ((await vscode.window.showErrorMessage(vscode.l10n.t('The certificates of {0} no longer match its IP address.', name), regenerate)) === regenerate) {
          const terminal = vscode.window.createTerminal({ name: `docker-machine ${name}` });
          terminal.show();
          terminal.sendText(`docker-machine regenerate-certs --force ${name}`);
        }
        return false;
      }
      default:
        void vscode.window.showErrorMessage(f.message);
        return false;
    }
  }
  await writeConnectionSettings({ host: result.connection.host, tlsVerify: result.connection.tlsVerify, certPath: result.connection.certPath ?? '' });
  log.info(`[connection] using ${result.connection.machineName} at ${result.connection.host}`);
  void vscode.window.showInformationMessage(vscode.l10n.t('Comet Swarm now talks to {0} at {1}.', result.connection.machineName, result.connection.host));
  return true;
}
