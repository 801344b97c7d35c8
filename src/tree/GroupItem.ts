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
  constructor(readonly key: GroupKey | 'nodes', count: number) {
    super(groupTitle(key), count > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    this.id = `group:${key}`;
    this.iconPath = GROUP_ICONS[key];
    this.contextValue = `group.${key}`;
    this.description =
      count === 0
        ? key === 'other'
          ? vscode.l10n.t('none')
          : vscode.l10n.t('not deployed')
        : key === 'nodes'
          ? vscode.l10n.t('{0} nodes', count)
          : vscode.l10n.t('{0} services', count);
  }
}
