// "Scale...": asks for a replica count, validated as typed, and waits for the explorer to show the change.
import * as vscode from 'vscode';
import { parseReplicaCount, scaleService } from '../../core/swarm/actions';
import type { SwarmModel } from '../../explorer/swarmModel';
import type { ServiceItem } from '../../tree/ServiceItem';
import { engineReason, requireClient, requireTrust } from '../guards';

export async function scale(model: SwarmModel, item: ServiceItem | undefined): Promise<void> {
  if (!item || !(await requireTrust(vscode.l10n.t('Scaling a service')))) return;
  const service = item.service;
  const input = await vscode.window.showInputBox({
    title: vscode.l10n.t('Scale {0}', service.name),
    prompt: vscode.l10n.t('Number of replicas (now {0})', service.desired),
    value: String(service.desired),
    validateInput: (text) => (parseReplicaCount(text) === undefined ? vscode.l10n.t('Enter a whole number from 0 to 1000') : undefined),
  });
  const replicas = input === undefined ? undefined : parseReplicaCount(input);
  if (replicas === undefined || replicas === service.desired) return;
  const docker = requireClient(model);
  if (!docker) return;
  try {
    await scaleService(docker, service.id, replicas);
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not scale {0}: {1}', service.name, engineReason(error)));
    return;
  }
  await model.refresh();
}
