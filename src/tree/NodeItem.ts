// A swarm node: hostname, role, availability and status.
import * as vscode from 'vscode';
import type { NodeInfo } from '../core/swarm/snapshot';

export class NodeItem extends vscode.TreeItem {
  constructor(readonly node: NodeInfo) {
    super(node.hostname, vscode.TreeItemCollapsibleState.None);
    this.id = `node:${node.id}`;
    const role = node.leader ? vscode.l10n.t('manager (leader)') : node.role;
    this.description = `${role} · ${node.availability} · ${node.state}`;
    const ready = node.state === 'ready' && node.availability === 'active';
    this.iconPath = new vscode.ThemeIcon(node.role === 'manager' ? 'server-environment' : 'server', ready ? undefined : new vscode.ThemeColor('testing.iconQueued'));
    this.contextValue = `node.${node.role}.${node.state}`;
    this.tooltip = [node.hostname, node.address, node.engineVersion ? `Docker ${node.engineVersion}` : undefined, node.id].filter(Boolean).join('\n');
  }
}
