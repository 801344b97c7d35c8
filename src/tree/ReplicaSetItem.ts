// The Mongo replica set as the driver reads it, and one row per member.
import * as vscode from 'vscode';
import type { MemberStatus, ReplicaSetReading } from '../core/mongo/replicaSet';
import type { TaskInfo } from '../core/swarm/snapshot';
import { errorIcon, memberIcon, warningIcon } from './icons';
import { escape } from './ServiceItem';

export class ReplicaSetItem extends vscode.TreeItem {
  constructor(public reading: ReplicaSetReading) {
    const s = reading.status;
    const hasMembers = s.state === 'ok' || s.state === 'noPrimary';
    super(
      hasMembers ? vscode.l10n.t('Replica set {0}', s.setName) : vscode.l10n.t('Replica set'),
      hasMembers ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    this.id = 'replicaSet';
    this.update(reading);
  }

  /** Re-renders in place; the set's name and whether it has members are part of the tree's shape and do not change here. */
  update(reading: ReplicaSetReading): void {
    this.reading = reading;
    const s = reading.status;
    switch (s.state) {
      case 'ok':
        this.description = s.setVersion !== undefined ? vscode.l10n.t('config version {0}', s.setVersion) : '';
        this.iconPath = new vscode.ThemeIcon('database');
        break;
      case 'noPrimary':
        this.description = vscode.l10n.t('no primary');
        this.iconPath = errorIcon;
        break;
      case 'notInitiated':
        this.description = vscode.l10n.t('not initiated');
        this.iconPath = warningIcon;
        break;
      case 'notReplicaSet':
        this.description = vscode.l10n.t('mongod runs without --replSet');
        this.iconPath = errorIcon;
        break;
      case 'unreachable':
        this.description = vscode.l10n.t('unreachable');
        this.iconPath = errorIcon;
        break;
    }
    this.contextValue = `replicaSet.${s.state}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`${vscode.l10n.t('Read through')}: ${escape(reading.via)}  \n`);
    if (reading.serverVersion) tooltip.appendMarkdown(`MongoDB ${escape(reading.serverVersion)}  \n`);
    if ('message' in s) tooltip.appendMarkdown(`\n${escape(s.message)}`);
    if (s.state === 'notInitiated') tooltip.appendMarkdown(`\n\n${vscode.l10n.t('The controller initiates the set once it sees the mongod tasks; check that it runs and that its OVERLAY_NETWORK_NAME is the network the tasks are on.')}`);
    this.tooltip = tooltip;
  }

  get members(): readonly MemberStatus[] {
    const s = this.reading.status;
    return s.state === 'ok' || s.state === 'noPrimary' ? s.members : [];
  }
}

export class MemberItem extends vscode.TreeItem {
  constructor(readonly member: MemberStatus, task: { name: string; task: TaskInfo } | undefined) {
    super(member.name, vscode.TreeItemCollapsibleState.None);
    this.id = `member:${member.id}:${member.name}`;
    const lag = member.lagSeconds ? vscode.l10n.t('{0} s behind', member.lagSeconds) : undefined;
    this.description = [member.stateStr, lag, task?.name].filter(Boolean).join(' · ');
    this.iconPath = memberIcon(member.stateStr, member.health);
    this.contextValue = member.stateStr === 'PRIMARY' ? 'member.primary' : member.stateStr === 'SECONDARY' ? 'member.secondary' : 'member.other';
    this.accessibilityInformation = { label: vscode.l10n.t('{0} {1}, health {2}', member.name, member.stateStr, member.health) };
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${escape(member.name)}**  ${member.stateStr}${member.self ? ` (${vscode.l10n.t('answered this reading')})` : ''}  \n`);
    tooltip.appendMarkdown(`${vscode.l10n.t('Health')}: ${member.health === 1 ? vscode.l10n.t('up') : vscode.l10n.t('down')}  \n`);
    if (member.uptimeSeconds !== undefined) tooltip.appendMarkdown(`${vscode.l10n.t('Uptime')}: ${member.uptimeSeconds} s  \n`);
    if (member.optimeDate) tooltip.appendMarkdown(`${vscode.l10n.t('Last applied operation')}: ${member.optimeDate}  \n`);
    if (member.lagSeconds !== undefined) tooltip.appendMarkdown(`${vscode.l10n.t('Replication lag')}: ${member.lagSeconds} s  \n`);
    if (member.pingMs !== undefined) tooltip.appendMarkdown(`${vscode.l10n.t('Ping')}: ${member.pingMs} ms  \n`);
    if (member.syncingTo) tooltip.appendMarkdown(`${vscode.l10n.t('Syncing from')}: ${escape(member.syncingTo)}  \n`);
    if (member.lastHeartbeatMessage) tooltip.appendMarkdown(`${vscode.l10n.t('Heartbeat')}: ${escape(member.lastHeartbeatMessage)}  \n`);
    this.tooltip = tooltip;
  }
}
