// "Copy Endpoint" and "Open /version": where a published service answers from this machine.
import * as vscode from 'vscode';
import { serviceEndpoints } from '../../core/swarm/endpoints';
import type { SwarmModel } from '../../explorer/swarmModel';
import type { ServiceItem } from '../../tree/ServiceItem';

/** The service's endpoints from here: its own published ports, then those of a balancer in front of it. */
function endpointsOf(model: SwarmModel, item: ServiceItem): string[] {
  const engine = model.endpoint?.endpoint;
  const status = model.status;
  if (!engine || !status?.ok) return [];
  return serviceEndpoints(status.snapshot, item.service, engine).map((e) => e.url);
}

export async function copyEndpoint(model: SwarmModel, item: ServiceItem | undefined): Promise<void> {
  if (!item) return;
  const endpoints = endpointsOf(model, item);
  if (endpoints.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} publishes no TCP port, and no service in front of it does.', item.service.name));
    return;
  }
  const chosen = endpoints.length === 1 ? endpoints[0] : await vscode.window.showQuickPick(endpoints, { title: vscode.l10n.t('Endpoint of {0}', item.service.name) });
  if (!chosen) return;
  await vscode.env.clipboard.writeText(chosen);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', chosen), 3000);
}

export async function openVersion(model: SwarmModel, item: ServiceItem | undefined): Promise<void> {
  if (!item) return;
  const [base] = endpointsOf(model, item);
  if (!base) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} publishes no TCP port, and no service in front of it does.', item.service.name));
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(`${base}/version`));
}
