// "Configure Docker Connection...": the ways to point Comet Swarm at a swarm manager, in one pick list.
import * as os from 'os';
import * as vscode from 'vscode';
import { listDockerContexts } from '../../core/docker/contexts';
import { formatEndpoint } from '../../core/docker/endpoint';
import type { SwarmModel } from '../../explorer/swarmModel';
import { SECTION, writeConnectionSettings } from '../../vscode/settings';
import { connectDockerMachine } from './connectDockerMachine';

export async function configureConnection(model: SwarmModel, log: vscode.LogOutputChannel, extensionId: string): Promise<void> {
  const current = model.endpoint;
  type Choice = vscode.QuickPickItem & { run: () => Thenable<unknown> };
  const contexts = listDockerContexts(process.env, os.homedir());
  const choices: Choice[] = [
    { label: `$(vm-connect) ${vscode.l10n.t('Connect to a docker-machine VM...')}`, detail: vscode.l10n.t('Runs docker-machine env NAME, as the recipe does with eval $(docker-machine env ms-manager0)'), run: () => connectDockerMachine(log) },
    ...contexts.map((c) => ({
      label: `$(layers) ${vscode.l10n.t('Use Docker context {0}', c.name)}`,
      description: c.host,
      run: () => writeConnectionSettings({ host: c.host, tlsVerify: c.tlsPath !== undefined && !c.skipTlsVerify, certPath: c.tlsPath ?? '' }),
    })),
    {
      label: `$(terminal) ${vscode.l10n.t('Use the environment and the local engine')}`,
      detail: vscode.l10n.t('Clears Comet Swarm\'s own settings: DOCKER_HOST if VS Code was started with it, else the current Docker context, else the local socket'),
      run: () => writeConnectionSettings({ host: '', tlsVerify: undefined, certPath: '' }),
    },
    { label: `$(gear) ${vscode.l10n.t('Open Settings')}`, run: () => vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${extensionId} ${SECTION}.docker`) },
  ];
  const picked = await vscode.window.showQuickPick(choices, {
    title: vscode.l10n.t('Docker connection'),
    placeHolder: current ? vscode.l10n.t('Now: {0}', formatEndpoint(current.endpoint)) : undefined,
  });
  await picked?.run();
}
