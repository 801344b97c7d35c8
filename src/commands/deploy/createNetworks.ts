// "Create Networks": backend and frontend as tools/create_networks.sh creates them, on the swarm manager Comet Swarm talks to.
import * as vscode from 'vscode';
import { checkEngine } from '../../core/deploy/engineCheck';
import { createRecipeNetworks, RECIPE_NETWORKS } from '../../core/deploy/networks';
import type { SwarmModel } from '../../explorer/swarmModel';
import { engineReason, requireClient, requireTrust } from '../guards';

export async function createNetworksCommand(model: SwarmModel, log: vscode.LogOutputChannel): Promise<boolean> {
  if (!(await requireTrust(vscode.l10n.t('Creating networks')))) return false;
  const docker = requireClient(model);
  const resolved = model.endpoint;
  if (!docker || !resolved) return false;
  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Creating the networks backend and frontend...') }, async () => {
      const engine = await checkEngine(docker, resolved);
      if (engine.check.status === 'error') throw new Error(engine.check.message);
      return createRecipeNetworks(docker, RECIPE_NETWORKS, process.env);
    });
    log.info(`[deploy] networks created: ${result.created.join(', ') || 'none'}; already there: ${result.existing.join(', ') || 'none'}`);
    void vscode.window.showInformationMessage(
      result.created.length > 0
        ? vscode.l10n.t('Created {0} (swarm-scoped attachable overlays).', result.created.join(', '))
        : vscode.l10n.t('The networks {0} already exist as swarm overlays.', result.existing.join(', ')),
    );
    await model.refresh();
    return true;
  } catch (error) {
    log.error(`[deploy] creating networks: ${engineReason(error)}`);
    void vscode.window.showErrorMessage(engineReason(error));
    return false;
  }
}
