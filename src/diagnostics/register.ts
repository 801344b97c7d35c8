// Wires the recipe validator into VS Code: diagnostics, quick fixes, hovers, completion.
import * as vscode from 'vscode';
import { requireTrust } from '../commands/guards';
import type { SwarmModel } from '../explorer/swarmModel';
import { LiveFactsCache } from './liveFactsCache';
import { RecipeCodeActions, RUN_FIX_COMMAND } from './RecipeCodeActions';
import { RecipeCompletion } from './RecipeCompletion';
import { RecipeDiagnostics } from './RecipeDiagnostics';
import { RecipeHover } from './RecipeHover';
import { RECIPE_FILE_GLOB } from './recipeFiles';

export function registerRecipeValidator(context: vscode.ExtensionContext, model: SwarmModel, log: vscode.LogOutputChannel): RecipeDiagnostics {
  const live = new LiveFactsCache(model);
  const diagnostics = new RecipeDiagnostics(live, log);
  // Whatever language the files open as (dotenv, shellscript, properties, plaintext, yaml).
  const selector: vscode.DocumentSelector = { scheme: 'file', pattern: RECIPE_FILE_GLOB };
  context.subscriptions.push(
    live,
    diagnostics,
    vscode.languages.registerCodeActionsProvider(selector, new RecipeCodeActions(diagnostics), RecipeCodeActions.metadata),
    vscode.languages.registerHoverProvider(selector, new RecipeHover()),
    vscode.languages.registerCompletionItemProvider(selector, new RecipeCompletion(model), '='),
    vscode.commands.registerCommand(RUN_FIX_COMMAND, async (command: unknown) => {
      if (typeof command !== 'string' || !(await requireTrust(vscode.l10n.t('Running {0}', command)))) return;
      const terminal = vscode.window.createTerminal({ name: 'Comet Swarm', env: model.connectionEnvironment() });
      terminal.show();
      terminal.sendText(command);
    }),
  );
  return diagnostics;
}
