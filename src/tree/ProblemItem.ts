// An engine problem as a row, with the engine's own words and the next steps as clickable rows below it.
import * as vscode from 'vscode';
import type { EngineProblem, NextStep } from '../core/docker/problems';
import { errorIcon } from './icons';

export class ProblemItem extends vscode.TreeItem {
  constructor(readonly problem: EngineProblem) {
    super(problem.summary, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `problem:${problem.kind}`;
    this.iconPath = errorIcon;
    this.tooltip = problem.detail;
    this.contextValue = `problem.${problem.kind}`;
    this.accessibilityInformation = { label: `${problem.summary}. ${problem.detail}`, role: 'treeitem' };
  }
}

export class DetailItem extends vscode.TreeItem {
  constructor(text: string) {
    super(text, vscode.TreeItemCollapsibleState.None);
    this.tooltip = text;
    this.iconPath = new vscode.ThemeIcon('info');
    this.contextValue = 'detail';
  }
}

export class ActionItem extends vscode.TreeItem {
  constructor(label: string, command: vscode.Command) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.command = command;
    this.iconPath = new vscode.ThemeIcon('arrow-right');
    this.contextValue = 'action';
  }
}

/** The command and wording for each next step; the core only names the step. */
export function nextStepAction(step: NextStep): ActionItem {
  switch (step) {
    case 'startDocker':
      return new ActionItem(vscode.l10n.t('Start Docker, then retry'), { title: '', command: 'cometSwarm.refresh' });
    case 'retry':
      return new ActionItem(vscode.l10n.t('Retry'), { title: '', command: 'cometSwarm.refresh' });
    case 'configureConnection':
      return new ActionItem(vscode.l10n.t('Configure connection...'), { title: '', command: 'cometSwarm.configureConnection' });
    case 'connectDockerMachine':
      return new ActionItem(vscode.l10n.t('Point DOCKER_HOST at the swarm manager (eval $(docker-machine env ms-manager0))'), {
        title: '',
        command: 'cometSwarm.configureConnection',
      });
    case 'initSwarm':
      return new ActionItem(vscode.l10n.t('Connect to a swarm manager, or run "docker swarm init" on this engine'), { title: '', command: 'cometSwarm.configureConnection' });
    case 'useManagerNode':
      return new ActionItem(vscode.l10n.t('Connect to a manager node (ms-manager0 in the recipe)'), { title: '', command: 'cometSwarm.configureConnection' });
    case 'regenerateCertificates':
      return new ActionItem(vscode.l10n.t('Regenerate the certificates: docker-machine regenerate-certs NAME'), { title: '', command: 'cometSwarm.configureConnection' });
    case 'fixSocketPermissions':
      return new ActionItem(vscode.l10n.t('Add your user to the docker group, then sign in again'), { title: '', command: 'cometSwarm.configureConnection' });
  }
}
