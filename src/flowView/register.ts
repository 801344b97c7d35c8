// Wires the check flow into VS Code: the command that opens it and the serializer that restores it after a reload.
import * as vscode from 'vscode';
import { resolveDockerEndpoint } from '../core/docker/endpoint';
import { readSwarmContext } from '../core/flow/context';
import { dockerConnectionSettings } from '../vscode/settings';
import { flowEndpointSettings } from '../vscode/flowSettings';
import { FLOW_VIEW_TYPE, FlowPanel, type FlowPanelDeps } from './FlowPanel';

export function registerFlowView(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const deps: FlowPanelDeps = {
    extensionUri: context.extensionUri,
    log,
    swarmContext: () => {
      let resolved;
      try {
        resolved = resolveDockerEndpoint(dockerConnectionSettings(), process.env);
      } catch {
        resolved = undefined;
      }
      return readSwarmContext(resolved, flowEndpointSettings());
    },
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('cometSwarm.openFlow', () => FlowPanel.show(deps)),
    vscode.window.registerWebviewPanelSerializer(FLOW_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => {
        FlowPanel.revive(panel, state, deps);
      },
    }),
  );
}
