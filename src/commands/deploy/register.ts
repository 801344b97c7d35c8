// Registers the deploy workflow's commands: miniswarm, networks, back end, front end, stack removal and the recipe files.
import * as vscode from 'vscode';
import type { SwarmModel } from '../../explorer/swarmModel';
import { createNetworksCommand } from './createNetworks';
import { deployStackCommand } from './deployStack';
import { miniswarmStartCommand } from './miniswarmStart';
import { pickAndRemoveStack } from './removeStack';
import { scaffoldRecipeCommand } from './scaffoldRecipe';

export function registerDeployCommands(context: vscode.ExtensionContext, model: SwarmModel, log: vscode.LogOutputChannel): void {
  const extensionPath = context.extensionPath;
  context.subscriptions.push(
    vscode.commands.registerCommand('cometSwarm.miniswarmStart', () => miniswarmStartCommand(log)),
    vscode.commands.registerCommand('cometSwarm.createNetworks', () => createNetworksCommand(model, log)),
    vscode.commands.registerCommand('cometSwarm.deployBack', () => deployStackCommand('back', model, log, extensionPath)),
    vscode.commands.registerCommand('cometSwarm.deployFront', () => deployStackCommand('front', model, log, extensionPath)),
    vscode.commands.registerCommand('cometSwarm.removeStack', () => pickAndRemoveStack(model)),
    vscode.commands.registerCommand('cometSwarm.scaffoldRecipe', (target?: unknown) => scaffoldRecipeCommand(log, extensionPath, target instanceof vscode.Uri ? target : undefined)),
  );
}
