// A swarm service row: name, running/desired replicas, state icon; its tasks below.
import * as vscode from 'vscode';
import { formatPort, replicaCount, serviceHealth } from '../core/swarm/groups';
import type { ServiceInfo } from '../core/swarm/snapshot';
import { serviceHealthIcon } from './icons';

export class ServiceItem extends vscode.TreeItem {
  constructor(public service: ServiceInfo) {
    super(service.name, vscode.TreeItemCollapsibleState.Collapsed);
    this.update(service);
  }

  /** Re-renders the row in place, so that the tree can refresh just this row and keep its expansion. */
  update(service: ServiceInfo): void {
    this.service = service;
    const health = serviceHealth(service);
    this.id = `service:${service.id}`;
    this.description = `${replicaCount(service)}  ${service.image}`;
    this.iconPath = serviceHealthIcon(health);
    // role, health, mode and whether it belongs to a stack: what the menus' when clauses match.
    this.contextValue = `service.${service.role}.${health}.${service.mode}${service.stack ? '.stack' : ''}`;
    this.accessibilityInformation = {
      label: vscode.l10n.t('{0} {1}, {2} running of {3} desired, image {4}', service.name, replicaCount(service), service.running, service.desired, service.image),
    };
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${escape(service.name)}**  ${replicaCount(service)}\n\n`);
    tooltip.appendMarkdown(`${vscode.l10n.t('Image')}: ${codeSpan(service.image)}  \n`);
    tooltip.appendMarkdown(`${vscode.l10n.t('Mode')}: ${service.mode}, ${vscode.l10n.t('endpoint')} ${service.endpointMode}  \n`);
    if (service.stack) tooltip.appendMarkdown(`${vscode.l10n.t('Stack')}: ${escape(service.stack)}  \n`);
    if (service.ports.length > 0) tooltip.appendMarkdown(`${vscode.l10n.t('Ports')}: ${service.ports.map(formatPort).join(', ')}  \n`);
    this.tooltip = tooltip;
  }
}

/** Text from the engine as a Markdown code span: shown verbatim, a backtick in it cannot end the span. */
export function codeSpan(text: string): string {
  const fence = '`'.repeat((text.match(/`+/g) ?? []).reduce((n, run) => Math.max(n, run.length), 0) + 1);
  return `${fence}${text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text}${fence}`;
}

/** Markdown-escapes text that comes from the engine. */
export function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
