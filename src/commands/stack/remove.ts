// "Remove Stack...": names everything `docker stack rm` would remove and asks before removing it.
import * as vscode from 'vscode';
import { removeStack, stackContents } from '../../core/swarm/actions';
import type { SwarmModel } from '../../explorer/swarmModel';
import type { ServiceItem } from '../../tree/ServiceItem';
import { engineReason, requireClient, requireTrust } from '../guards';

export async function removeStackCommand(model: SwarmModel, item: ServiceItem | undefined): Promise<void> {
  const stack = item?.service.stack;
  if (stack) await removeNamedStack(model, stack);
}

/** The same confirmation and removal for a stack named some other way (the palette's pick list). */
export async function removeNamedStack(model: SwarmModel, stack: string): Promise<void> {
  if (!(await requireTrust(vscode.l10n.t('Removing a stack')))) return;
  const docker = requireClient(model);
  if (!docker) return;
  let contents;
  try {
    contents = await stackContents(docker, stack);
  } catch (error) {
    void vscode.window.showErrorMessage(engineReason(error));
    return;
  }
  const lines = [
    ...contents.services.map((s) => vscode.l10n.t('service {0}', s.name)),
    ...contents.networks.map((n) => vscode.l10n.t('network {0}', n.name)),
    ...contents.configs.map((c) => vscode.l10n.t('config {0}', c.name)),
    ...contents.secrets.map((s) => vscode.l10n.t('secret {0}', s.name)),
  ];
  const remove = vscode.l10n.t('Remove');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Remove stack {0}?', stack),
    { modal: true, detail: `${vscode.l10n.t('This removes:')}\n${lines.join('\n')}\n\n${vscode.l10n.t('External networks and volumes stay.')}` },
    remove,
  );
  if (answer !== remove) return;
  const failures = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Removing stack {0}...', stack) }, () =>
    removeStack(docker, contents),
  );
  if (failures.length > 0) void vscode.window.showErrorMessage(vscode.l10n.t('Some parts of {0} were not removed: {1}', stack, failures.join('; ')));
  await model.refresh();
}
