// Quick fixes for the validator's diagnostics: each finding's own fixes, the preferred one first.
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, type RecipeDiagnostics } from './RecipeDiagnostics';
import { toVscodeRange } from './recipeFiles';

export const RUN_FIX_COMMAND = 'cometSwarm.runFixCommand';

export class RecipeCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly diagnostics: RecipeDiagnostics) {}

  provideCodeActions(_document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = this.diagnostics.findingOf(diagnostic);
      for (const fix of finding?.fixes ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.isPreferred === true;
        if (fix.edits.length > 0) {
          const edit = new vscode.WorkspaceEdit();
          for (const e of fix.edits) edit.replace(vscode.Uri.file(e.file), toVscodeRange(e.range), e.newText);
          action.edit = edit;
        }
        if (fix.command) action.command = { title: fix.title, command: RUN_FIX_COMMAND, arguments: [fix.command] };
        actions.push(action);
      }
    }
    // Preferred fixes first, as VS Code's own providers order them.
    return actions.sort((a, b) => Number(b.isPreferred === true) - Number(a.isPreferred === true));
  }
}
