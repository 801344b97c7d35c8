// A task row: slot or node, where it runs, its state and, when it failed, why.
import * as vscode from 'vscode';
import { taskName } from '../core/swarm/groups';
import type { ServiceInfo, TaskInfo } from '../core/swarm/snapshot';
import { taskStateIcon } from './icons';
import { codeSpan, escape } from './ServiceItem';

export class TaskItem extends vscode.TreeItem {
  constructor(readonly service: ServiceInfo, readonly task: TaskInfo) {
    super(taskName(service, task), vscode.TreeItemCollapsibleState.None);
    this.id = `task:${task.id}`;
    const where = task.nodeName ?? task.nodeId ?? vscode.l10n.t('unassigned');
    this.description = task.error ? `${where} · ${task.state} · ${task.error}` : `${where} · ${task.state}`;
    this.iconPath = taskStateIcon(task.state);
    this.contextValue = `task.${task.state}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${escape(taskName(service, task))}**  \n`);
    tooltip.appendMarkdown(`${vscode.l10n.t('State')}: ${task.state} (${vscode.l10n.t('desired')}: ${task.desiredState})  \n`);
    if (task.message) tooltip.appendMarkdown(`${vscode.l10n.t('Message')}: ${escape(task.message)}  \n`);
    if (task.error) tooltip.appendMarkdown(`${vscode.l10n.t('Error')}: ${escape(task.error)}  \n`);
    if (task.exitCode !== undefined) tooltip.appendMarkdown(`${vscode.l10n.t('Exit code')}: ${task.exitCode}  \n`);
    if (task.containerId) tooltip.appendMarkdown(`${vscode.l10n.t('Container')}: ${codeSpan(task.containerId.slice(0, 12))}  \n`);
    for (const a of task.addresses) tooltip.appendMarkdown(`${escape(a.network)}: ${a.ip}  \n`);
    this.tooltip = tooltip;
  }
}

/** Groups earlier tasks of a service (failed, shut down) under one collapsed row. */
export class TaskHistoryItem extends vscode.TreeItem {
  constructor(readonly service: ServiceInfo, readonly tasks: readonly TaskInfo[]) {
    super(vscode.l10n.t('History'), vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `history:${service.id}`;
    this.description = vscode.l10n.t('{0} earlier tasks', tasks.length);
    this.iconPath = new vscode.ThemeIcon('history');
    this.contextValue = 'taskHistory';
  }
}
