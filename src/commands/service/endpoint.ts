// "Copy Endpoint" and "Open /version": where a published service answers from this machine.
import * as vscode from 'vscode';
import { publishedEndpoints, serviceEndpoint } from '../../core/swarm/endpoints';
import type { SwarmModel } from '../../explorer/swarmModel';
import type { ServiceItem } from '../../tree/ServiceItem';

export async function copyEndpoint(model: SwarmModel, item: ServiceItem | undefined): Promise<void> {
  const engine = model.endpoint?.endpoint;
  if (!item || !engine) return;
  const endpoints = publishedEndpoints(item.service, engine);
  if (endpoints.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} publishes no TCP port.', item.service.name));
    return;
  }
  const chosen = endpoints.length === 1 ? endpoints[0] : await vscode.window.showQuickPick(endpoints, { title: vscode.l10n.t('Endpoint of {0}', item.service.name) });
  if (!chosen) return;
  await vscode.env.clipboard.writeText(chosen);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', chosen), 3000);
}

export async function openVersion(model: SwarmModel, item: ServiceItem | undefined): Promise<void> {
  const engine = model.endpoint?.endpoint;
  const base = item && engine ? serviceEndpoint(item.service, engine) : undefined;
  if (!base) {
    if (item) void vscode.window.showInformationMessage(vscode.l10n.t('{0} publishes no TCP port.', item.service.name));
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(`${base}/version`));
}
