// "Create Recipe Files...": writes the recipe's sth-ha/ and tools/ (the copies Comet Swarm ships) into a chosen folder, keeping files already there.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { scaffoldRecipe } from '../../core/deploy/scaffold';

export async function scaffoldRecipeCommand(log: vscode.LogOutputChannel, extensionPath: string, target?: vscode.Uri): Promise<string | undefined> {
  const folder =
    target ??
    (
      await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        canSelectMany: false,
        openLabel: vscode.l10n.t('Create Recipe Files Here'),
        ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
      })
    )?.[0];
  if (!folder) return undefined;
  const result = scaffoldRecipe(path.join(extensionPath, 'media', 'recipe'), folder.fsPath);
  log.info(`[deploy] recipe files in ${folder.fsPath}: written ${result.written.join(', ') || 'none'}; kept ${result.kept.join(', ') || 'none'}`);
  void vscode.window.showInformationMessage(
    result.kept.length > 0
      ? vscode.l10n.t('Wrote {0} recipe files into {1}; kept {2} that were there.', result.written.length, folder.fsPath, result.kept.length)
      : vscode.l10n.t('Wrote {0} recipe files into {1}.', result.written.length, folder.fsPath),
  );
  await vscode.window.showTextDocument(vscode.Uri.file(path.join(result.recipeDir, 'frontend.env')), { preview: false });
  return result.recipeDir;
}
