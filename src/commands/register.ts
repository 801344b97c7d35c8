// Registers the explorer's commands; each command's work lives in its own file.
import * as vscode from 'vscode';
import type { SwarmModel } from '../explorer/swarmModel';
import { configureConnection } from './connection/configureConnection';
import { connectDockerMachine } from './connection/connectDockerMachine';
import { inspect, InspectDocuments, INSPECT_SCHEME } from './inspect';
import { copyEndpoint, openVersion } from './service/endpoint';
import { forceUpdate } from './service/forceUpdate';
import { showLogs } from './service/logs';
import { scale } from './service/scale';
import { removeStackCommand } from './stack/remove';

export function registerExplorerCommands(context: vscode.ExtensionContext, model: SwarmModel, log: vscode.LogOutputChannel): void {
  const documents = new InspectDocuments();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, documents),
    vscode.commands.registerCommand('cometSwarm.refresh', () => model.refresh({ supersede: true })),
    vscode.commands.registerCommand('cometSwarm.configureConnection', () => configureConnection(model, log, context.extension.id)),
    vscode.commands.registerCommand('cometSwarm.connectDockerMachine', (name?: unknown) => connectDockerMachine(log, typeof name === 'string' ? name : undefined)),
    vscode.commands.registerCommand('cometSwarm.service.logs', (item) => showLogs(model, item)),
    vscode.commands.registerCommand('cometSwarm.service.scale', (item) => scale(model, item)),
    vscode.commands.registerCommand('cometSwarm.service.forceUpdate', (item) => forceUpdate(model, item)),
    vscode.commands.registerCommand('cometSwarm.service.copyEndpoint', (item) => copyEndpoint(model, item)),
    vscode.commands.registerCommand('cometSwarm.service.openVersion', (item) => openVersion(model, item)),
    vscode.commands.registerCommand('cometSwarm.stack.remove', (item) => removeStackCommand(model, item)),
    vscode.commands.registerCommand('cometSwarm.inspect', (item) => inspect(model, documents, item)),
  );
}
