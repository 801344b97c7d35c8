// Turns the swarm model's status into the explorer's rows.
import * as vscode from 'vscode';
import { groupServices } from '../core/swarm/groups';
import type { ServiceInfo, SwarmSnapshot, TaskInfo } from '../core/swarm/snapshot';
import type { SwarmStatus } from '../core/status/collect';
import type { SwarmModel } from '../explorer/swarmModel';
import { GroupItem } from './GroupItem';
import { NodeItem } from './NodeItem';
import { DetailItem, nextStepAction, ProblemItem } from './ProblemItem';
import { MemberItem, ReplicaSetItem } from './ReplicaSetItem';
import { ServiceItem } from './ServiceItem';
import { TaskHistoryItem, TaskItem, taskName } from './TaskItem';

export class SwarmTreeProvider implements vscode.TreeDataProvider<vscode.TreeItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.TreeItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: SwarmModel) {
    this.subscription = model.onDidChange(() => this.changed.fire(undefined));
  }

  getTreeItem(element: vscode.TreeItem): vscode.TreeItem {
    return element;
  }

  getChildren(element?: vscode.TreeItem): vscode.TreeItem[] {
    const status = this.model.status;
    if (!element) return this.rootItems(status);
    if (!status?.ok) return element instanceof ProblemItem ? [new DetailItem(element.problem.detail), ...element.problem.nextSteps.map(nextStepAction)] : [];
    if (element instanceof GroupItem) return this.groupChildren(element, status);
    if (element instanceof ReplicaSetItem) return element.members.map((m) => new MemberItem(m, taskForMember(status.snapshot, m.name)));
    if (element instanceof ServiceItem) return serviceChildren(element.service);
    if (element instanceof TaskHistoryItem) return element.tasks.map((t) => new TaskItem(element.service, t));
    return [];
  }

  private rootItems(status: SwarmStatus | undefined): vscode.TreeItem[] {
    // Unreachable and misconfigured engines leave the tree empty so the welcome view can show its buttons.
    if (!status || (!status.ok && status.problem.kind === 'unreachable')) return [];
    if (!status.ok) return [new ProblemItem(status.problem)];
    const groups = groupServices(status.snapshot).map((g) => new GroupItem(g.key, g.services.length + (g.key === 'mongo' && status.replicaSet ? 1 : 0)));
    return [...groups, new GroupItem('nodes', status.snapshot.nodes.length)];
  }

  private groupChildren(group: GroupItem, status: Extract<SwarmStatus, { ok: true }>): vscode.TreeItem[] {
    if (group.key === 'nodes') return status.snapshot.nodes.map((n) => new NodeItem(n));
    const services = groupServices(status.snapshot).find((g) => g.key === group.key)?.services ?? [];
    const rows: vscode.TreeItem[] = services.map((s) => new ServiceItem(s));
    if (group.key === 'mongo' && status.replicaSet) rows.unshift(new ReplicaSetItem(status.replicaSet));
    return rows;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function serviceChildren(service: ServiceInfo): vscode.TreeItem[] {
  const current = service.tasks.filter((t) => t.desiredState === 'running' || t.desiredState === 'ready');
  const history = service.tasks.filter((t) => !current.includes(t));
  const rows: vscode.TreeItem[] = current.sort(bySlot).map((t) => new TaskItem(service, t));
  if (history.length > 0) rows.push(new TaskHistoryItem(service, history));
  return rows;
}

function bySlot(a: { slot?: number; nodeName?: string }, b: { slot?: number; nodeName?: string }): number {
  return (a.slot ?? 0) - (b.slot ?? 0) || (a.nodeName ?? '').localeCompare(b.nodeName ?? '');
}

/** The mongod task whose overlay address a member's name carries, so a member row can say which task it is. */
function taskForMember(snapshot: SwarmSnapshot, memberName: string): { name: string; task: TaskInfo } | undefined {
  const host = memberName.replace(/:\d+$/, '');
  for (const service of snapshot.services) {
    if (service.role !== 'mongo') continue;
    const task = service.tasks.find((t) => t.desiredState === 'running' && t.addresses.some((a) => a.ip === host));
    if (task) return { name: taskName(service, task), task };
  }
  return undefined;
}
