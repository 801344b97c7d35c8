// "Start a Local Swarm (miniswarm)": asks for the node count, runs `miniswarm start N` as a Task, then offers to connect to ms-manager0.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { DEFAULT_MACHINE } from '../../core/docker/dockerMachine';
import { miniswarmStartSpec, miniswarmTools, parseNodeCount } from '../../core/deploy/miniswarm';
import { requireTrust } from '../guards';
import { runAsTask } from './taskRunner';

export async function miniswarmStartCommand(log: vscode.LogOutputChannel): Promise<boolean> {
  if (!(await requireTrust(vscode.l10n.t('Starting a swarm with miniswarm')))) return false;
  const tools = miniswarmTools(process.env);
  if (tools.missing.length > 0) {
    const help = vscode.l10n.t('How to Install');
    const answer = await vscode.window.showErrorMessage(
      vscode.l10n.t('{0} not found on the PATH VS Code was started with. miniswarm creates docker-machine VMs (with VirtualBox); install the missing tools and restart VS Code.', tools.missing.map((m) => m.name).join(vscode.l10n.t(' and '))),
      help,
    );
    if (answer === help) for (const m of tools.missing) await vscode.env.openExternal(vscode.Uri.parse(m.help));
    return false;
  }
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Start a local swarm with miniswarm'),
    prompt: vscode.l10n.t('Number of nodes (VMs): one manager, the rest workers'),
    value: '3',
    validateInput: (v) => (parseNodeCount(v) ? undefined : vscode.l10n.t('A number from 1 to 9')),
  });
  const nodes = text === undefined ? undefined : parseNodeCount(text);
  if (!nodes) return false;
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir();
  log.info(`[deploy] miniswarm start ${nodes} (${tools.miniswarm})`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting {0} docker-machine VMs with miniswarm...', nodes), cancellable: true },
    async (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort(new Error(vscode.l10n.t('Cancelled'))));
      try {
        return await runAsTask(miniswarmStartSpec(nodes, cwd), 'Comet Swarm', abort.signal);
      } catch {
        return undefined;
      }
    },
  );
  if (!result) return false;
  if (result.exitCode !== 0) {
    log.error(`[deploy] miniswarm start ${nodes} exited with ${result.exitCode}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('miniswarm start {0} exited with code {1}; see its terminal.', nodes, result.exitCode));
    return false;
  }
  const connect = vscode.l10n.t('Connect to {0}', DEFAULT_MACHINE);
  const answer = await vscode.window.showInformationMessage(vscode.l10n.t('The swarm is up. Point Comet Swarm at its manager, {0}?', DEFAULT_MACHINE), connect);
  if (answer === connect) await vscode.commands.executeCommand('cometSwarm.connectDockerMachine', DEFAULT_MACHINE);
  return true;
}
