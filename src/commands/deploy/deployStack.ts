// "Deploy Back End" and "Deploy Front End": pick the recipe folder, check, run the script as a Task, and watch until converged, under a cancellable progress notification.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatProgress } from '../../core/deploy/converge';
import { deploy } from '../../core/deploy/deploy';
import type { DeployTarget } from '../../core/deploy/types';
import type { SwarmModel } from '../../explorer/swarmModel';
import { mongoUriSetting } from '../../vscode/settings';
import { requireClient, requireTrust } from '../guards';
import { confirmWarnings, logPreflight, offerFix, showBlocked } from './checksUi';
import { pickRecipeFolder } from './pickRecipe';
import { taskRunner } from './taskRunner';

export async function deployStackCommand(target: DeployTarget, model: SwarmModel, log: vscode.LogOutputChannel, extensionPath: string): Promise<boolean> {
  const what = target === 'front' ? vscode.l10n.t('Deploying the front end') : vscode.l10n.t('Deploying the back end');
  if (!(await requireTrust(what))) return false;
  const docker = requireClient(model);
  const resolved = model.endpoint;
  if (!docker || !resolved) return false;
  const dir = await pickRecipeFolder(target);
  if (!dir) return false;
  log.info(`[deploy] ${target} end from ${dir}`);
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: target === 'front' ? vscode.l10n.t('Deploying the front end (Comet)') : vscode.l10n.t('Deploying the back end (Mongo)'), cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort(new Error(vscode.l10n.t('Cancelled'))));
      const mongoUri = mongoUriSetting();
      try {
        return await deploy({
          target,
          dir,
          docker,
          resolved,
          env: process.env,
          runScript: taskRunner(),
          shippedRecipeDir: path.join(extensionPath, 'media', 'recipe'),
          ...(mongoUri ? { mongoUri } : {}),
          signal: abort.signal,
          hooks: {
            onProgress: (message) => {
              progress.report({ message });
              log.debug(`[deploy] ${message}`);
            },
            onPreflight: (preflight) => logPreflight(log, preflight),
            applyFix: offerFix,
            confirmWarnings,
            onConvergeProgress: () => void model.refresh(),
          },
        });
      } catch (error) {
        if (abort.signal.aborted) return undefined;
        throw error;
      }
    },
  );
  await model.refresh();
  if (!outcome) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Deploy cancelled; what was already deployed stays.'));
    return false;
  }
  switch (outcome.kind) {
    case 'blocked':
      await showBlocked(outcome.errors, log);
      return false;
    case 'declined':
      return false;
    case 'scriptFailed':
      log.error(`[deploy] ${outcome.how} exited with ${outcome.exitCode}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('The deploy script exited with code {0}; see its terminal.', outcome.exitCode));
      return false;
    case 'converged': {
      const c = outcome.convergence;
      log.info(`[deploy] ${outcome.stackName} converged with ${outcome.how}: ${c.ok ? c.message : ''}`);
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} converged: {1}', outcome.stackName, c.ok ? `${c.message}${c.warning ? ` ${c.warning}` : ''}` : ''));
      if (target === 'back') void vscode.window.showInformationMessage(vscode.l10n.t('Deployed with {0}.', outcome.how));
      return true;
    }
    case 'notConverged': {
      const c = outcome.convergence;
      if (c.ok) return true;
      log.error(`[deploy] ${c.reason}`);
      for (const e of c.taskErrors) log.error(`[deploy]   ${e}`);
      if (c.logTail.length > 0) log.error(`[deploy] last log lines of ${c.failingService}:\n${c.logTail.join('\n')}`);
      const show = vscode.l10n.t('Show Log');
      const answer = await vscode.window.showErrorMessage(vscode.l10n.t('{0} did not converge: {1}', outcome.stackName, `${c.reason} ${formatProgress(c.services)}`), show);
      if (answer === show) log.show(true);
      return false;
    }
  }
}
