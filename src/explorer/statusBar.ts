// The status-bar item that says which engine Comet Swarm talks to, and whether it is a swarm manager.
import * as vscode from 'vscode';
import { formatEndpoint } from '../core/docker/endpoint';
import type { SwarmModel } from './swarmModel';

export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('cometSwarm.connection', vscode.StatusBarAlignment.Left, 10);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: SwarmModel) {
    this.item.name = vscode.l10n.t('Comet Swarm: Docker connection');
    this.item.command = 'cometSwarm.configureConnection';
    this.subscription = model.onDidChange(() => this.render());
    this.render();
    this.item.show();
  }

  private render(): void {
    const status = this.model.status;
    const resolved = this.model.endpoint;
    const where = resolved ? (resolved.contextName ?? formatEndpoint(resolved.endpoint).replace(/^unix:\/\/\/var\/run\/docker\.sock$/, vscode.l10n.t('local engine'))) : vscode.l10n.t('Docker');
    const tooltip = new vscode.MarkdownString(undefined, true);
    if (resolved) {
      tooltip.appendMarkdown(`${vscode.l10n.t('Docker endpoint')}: \`${formatEndpoint(resolved.endpoint)}\`  \n`);
      tooltip.appendMarkdown(`${vscode.l10n.t('From')}: ${sourceText(resolved.source, resolved.contextName)}  \n`);
    }
    if (this.model.misconfiguration) {
      this.item.text = `$(error) ${vscode.l10n.t('Swarm: bad setting')}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      tooltip.appendMarkdown(this.model.misconfiguration);
    } else if (!status) {
      this.item.text = `$(sync~spin) ${where}`;
      this.item.backgroundColor = undefined;
    } else if (status.ok) {
      this.item.text = `$(vm-active) ${where}`;
      this.item.backgroundColor = this.model.stale ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      tooltip.appendMarkdown(`Docker ${status.engine.serverVersion ?? ''}, ${vscode.l10n.t('swarm manager')} ${status.engine.nodeName ?? ''}  \n`);
    } else {
      this.item.text = `$(vm-outline) ${where}`;
      this.item.backgroundColor = new vscode.ThemeColor(status.problem.kind === 'unreachable' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground');
      tooltip.appendMarkdown(`${status.problem.summary}  \n${status.problem.detail}`);
    }
    tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Click to change the connection.')}`);
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `${vscode.l10n.t('Comet Swarm: Docker connection')} ${this.item.text.replace(/\$\([\w~-]+\)\s*/g, '')}` };
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}

function sourceText(source: string, contextName: string | undefined): string {
  switch (source) {
    case 'setting':
      return vscode.l10n.t('the cometSwarm.docker.host setting');
    case 'environment':
      return vscode.l10n.t('DOCKER_HOST in the environment VS Code was started with');
    case 'context':
      return vscode.l10n.t('Docker context {0}', contextName ?? '');
    default:
      return vscode.l10n.t('the default local socket');
  }
}
