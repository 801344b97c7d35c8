// "Restart (Force Update)": a rolling restart of a service's tasks, as `docker service update --force`.
import * as vscode from 'vscode';
import { forceUpdateService } from '../../core/swarm/actions';
import type { SwarmModel } from '../../explorer/swarmModel';
import type { ServiceItem } from '../../tree/ServiceItem';
import { engineReason, requireClient, requireTrust } from '../guards';

export async function forceUpdate(model: SwarmModel, item: ServiceItem | undefined): Promise<void> {
  if (!item || !(await requireTrust(vscode.l10n.t('Restarting a service')))) return;
  const restart = vscode.l10n.t('Restart');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Restart every task of {0}, one after the other?', item.service.name),
    { modal: true, detail: vscode.l10n.t('The swarm replaces the tasks following the service\'s update policy; the service keeps its spec.') },
    restart,
  );
  if (answer !== restart) return;
  const docker = requireClient(model);
  if (!docker) return;
  try {
    await forceUpdateService(docker, item.service.id);
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not restart {0}: {1}', item.service.name, engineReason(error)));
    return;
  }
  await model.refresh();
}
