// Which recipe folder a command works on: the cometSwarm.recipe.folder setting, else the workspace's recipe folders (a pick list when there are several).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findRecipeFolders, foldersFor, readRecipeFolderKind, recipeLabel } from '../../core/deploy/recipes';
import type { DeployTarget } from '../../core/deploy/types';
import { recipeFolderSetting } from '../../vscode/settings';

export async function pickRecipeFolder(target: DeployTarget): Promise<string | undefined> {
  const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const configured = recipeFolderSetting();
  if (configured) {
    const dir = path.isAbsolute(configured) ? configured : path.join(roots[0] ?? '', configured);
    const kind = readRecipeFolderKind(dir);
    if (kind && (target === 'front' ? kind.front : kind.back)) return dir;
    void vscode.window.showErrorMessage(
      target === 'front'
        ? vscode.l10n.t('The folder in cometSwarm.recipe.folder ({0}) has no deploy_front.sh with frontend.env and docker-compose.yml.', dir)
        : vscode.l10n.t('The folder in cometSwarm.recipe.folder ({0}) has no backend.env with mongo-docker-compose.yml or deploy_back.sh.', dir),
    );
    return undefined;
  }
  const folders = foldersFor(target, findRecipeFolders(roots));
  if (folders.length === 1) return folders[0].dir;
  if (folders.length === 0) {
    const scaffold = vscode.l10n.t('Create Recipe Files...');
    const answer = await vscode.window.showErrorMessage(
      target === 'front'
        ? vscode.l10n.t('No recipe folder in this workspace: deploy_front.sh beside frontend.env and docker-compose.yml. Open the folder that has them, set cometSwarm.recipe.folder, or create the files.')
        : vscode.l10n.t('No recipe folder in this workspace: backend.env beside mongo-docker-compose.yml or deploy_back.sh. Open the folder that has them, set cometSwarm.recipe.folder, or create the files.'),
      scaffold,
    );
    if (answer === scaffold) await vscode.commands.executeCommand('cometSwarm.scaffoldRecipe');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    folders.map((f) => ({ label: recipeLabel(f.dir), description: vscode.workspace.asRelativePath(f.dir), dir: f.dir })),
    { title: vscode.l10n.t('Which recipe folder?'), placeHolder: vscode.l10n.t('Several folders hold the recipe; set cometSwarm.recipe.folder to stop asking') },
  );
  return picked?.dir;
}
