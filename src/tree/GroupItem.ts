// A top-level group: Comet, Mongo, Orion, Other, or the swarm's nodes.
import * as vscode from 'vscode';
import type { GroupKey } from '../core/swarm/groups';
import { GROUP_ICONS } from './icons';

export function groupTitle(key: GroupKey | 'nodes'): string {
  switch (key) {
    case 'comet':
      return vscode.l10n.t('Comet');
    case 'mongo':
      return vscode.l10n.t('Mongo');
    case 'orion':
      return vscode.l10n.t('Orion');
    case 'other':
      return vscode.l10n.t('Other');
    case 'nodes':
      return vscode.l10n.t('Nodes');
  }
}

export class GroupItem extends vscode.TreeItem {
  /** `count` is what the description counts (services, or nodes); `hasRows` whether anything is below (the replica set counts there). */
  constructor(readonly key: GroupKey | 'nodes', count: number, hasRows = count > 0) {
    super(groupTitle(key), hasRows ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    this.id = `group:${key}`;
    this.iconPath = GROUP_ICONS[key];
    this.contextValue = `group.${key}`;
    this.description =
      count === 0
        ? key === 'other'
          ? vscode.l10n.t('none')
          : vscode.l10n.t('not deployed')
        : key === 'nodes'
          ? count === 1
            ? vscode.l10n.t('1 node')
            : vscode.l10n.t('{0} nodes', count)
          : count === 1
            ? vscode.l10n.t('1 service')
            : vscode.l10n.t('{0} services', count);
  }
}
