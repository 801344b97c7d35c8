// Comet Swarm's entry point: constructs the parts and registers them; the work happens on first use.
import * as vscode from 'vscode';
import { registerDeployCommands } from './commands/deploy/register';
import { registerExplorerCommands } from './commands/register';
import { registerFlowView } from './flowView/register';
import { registerRecipeValidator } from './diagnostics/register';
import { ConnectionStatusBar } from './explorer/statusBar';
import { SwarmModel } from './explorer/swarmModel';
import { SwarmTreeProvider } from './tree/SwarmTreeProvider';
import { affectsConnection, SECTION } from './vscode/settings';
import type { SwarmStatus } from './core/status/collect';

/** What the extension hands to other extensions and to its own integration tests. */
export interface CometSwarmApi {
  readonly status: () => SwarmStatus | undefined;
  readonly refresh: () => Promise<void>;
  readonly tree: vscode.TreeDataProvider<vscode.TreeItem>;
}

export function activate(context: vscode.ExtensionContext): CometSwarmApi {
  const log = vscode.window.createOutputChannel('Comet Swarm', { log: true });
  const model = new SwarmModel(log);
  const tree = new SwarmTreeProvider(model);
  const view = vscode.window.createTreeView('cometSwarm.services', { treeDataProvider: tree, showCollapseAll: true });

  context.subscriptions.push(
    log,
    model,
    tree,
    view,
    model.onDidChange((status) => updateViewState(view, model, status)),
    view.onDidChangeVisibility((e) => model.setActive(e.visible)),
    new ConnectionStatusBar(model),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsConnection(e)) {
        model.reconnect();
        void model.refresh();
      }
      if (e.affectsConfiguration(`${SECTION}.refresh`)) model.restartPolling();
    }),
  );
  registerExplorerCommands(context, model, log);
  registerDeployCommands(context, model, log);
  registerFlowView(context, log);
  registerRecipeValidator(context, model, log);
  if (view.visible) model.setActive(true);
  // One reading so that the status bar can say which engine this is, even before the view opens.
  else void model.refresh();
  return { status: () => model.status, refresh: () => model.refresh(), tree };
}

/** The view's message and the context key that picks the welcome content. */
function updateViewState(view: vscode.TreeView<vscode.TreeItem>, model: SwarmModel, status: SwarmStatus | undefined): void {
  const state = model.misconfiguration ? 'misconfigured' : !status ? 'unknown' : status.ok ? 'connected' : status.problem.kind === 'unreachable' ? 'unreachable' : 'problem';
  void vscode.commands.executeCommand('setContext', 'cometSwarm.engineState', state);
  if (model.misconfiguration) view.message = vscode.l10n.t('The Docker connection setting is not valid: {0}', model.misconfiguration);
  else if (model.stale) view.message = vscode.l10n.t('{0}; showing what it reported at {1}.', model.stale.problem.summary, model.stale.since.toLocaleTimeString());
  else view.message = undefined;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
