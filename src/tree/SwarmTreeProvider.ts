// Turns the swarm model's status into the explorer's rows, re-rendering only the rows whose data changed.
import * as vscode from 'vscode';
import { ROLE_PORTS, readVersion, serviceEndpoints } from '../core/swarm/endpoints';
import { replicaSetEssence } from '../core/status/changes';
import { currentTasks, groupServices, taskHistory, taskName } from '../core/swarm/groups';
import type { ServiceInfo, SwarmSnapshot, TaskInfo } from '../core/swarm/snapshot';
import type { SwarmStatus } from '../core/status/collect';
import type { SwarmModel } from '../explorer/swarmModel';
import { GroupItem } from './GroupItem';
import { NodeItem } from './NodeItem';
import { DetailItem, nextStepAction, ProblemItem } from './ProblemItem';
import { MemberItem, ReplicaSetItem } from './ReplicaSetItem';
import { ServiceItem } from './ServiceItem';
import { TaskHistoryItem, TaskItem } from './TaskItem';

type OkStatus = Extract<SwarmStatus, { ok: true }>;

export class SwarmTreeProvider implements vscode.TreeDataProvider<vscode.TreeItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.TreeItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  /** The rows of the last rendering, kept so that a refresh can update them in place. */
  private shape: string | undefined;
  private roots: vscode.TreeItem[] = [];
  private readonly serviceItems = new Map<string, ServiceItem>();
  private replicaSetItem: ReplicaSetItem | undefined;
  private nodesGroup: GroupItem | undefined;
  private shown: OkStatus | undefined;

  constructor(private readonly model: SwarmModel) {
    this.subscription = model.onDidChange((status) => this.apply(status));
    this.apply(model.status);
  }

  getTreeItem(element: vscode.TreeItem): vscode.TreeItem {
    return element;
  }

  /** Orion's and Comet's versions cost an HTTP round trip each: read only when a tooltip is about to show. */
  async resolveTreeItem(item: vscode.TreeItem, element: vscode.TreeItem, token: vscode.CancellationToken): Promise<vscode.TreeItem> {
    const engine = this.model.endpoint?.endpoint;
    if (!(element instanceof ServiceItem) || !engine || !this.shown || !(element.service.role in ROLE_PORTS)) return item;
    const [endpoint] = serviceEndpoints(this.shown.snapshot, element.service, engine);
    if (!endpoint) return item;
    const base = endpoint.url;
    const reading = await readVersion(base);
    if (token.isCancellationRequested || !(item.tooltip instanceof vscode.MarkdownString)) return item;
    const tooltip = new vscode.MarkdownString(item.tooltip.value, true);
    tooltip.appendMarkdown(reading.version ? `${vscode.l10n.t('Version')}: ${reading.version} (${reading.url})` : `${vscode.l10n.t('{0} did not answer: {1}', reading.url, reading.error ?? '')}`);
    item.tooltip = tooltip;
    return item;
  }

  getChildren(element?: vscode.TreeItem): vscode.TreeItem[] {
    if (!element) return this.roots;
    if (element instanceof ProblemItem) return [new DetailItem(element.problem.detail), ...element.problem.nextSteps.map(nextStepAction)];
    const status = this.shown;
    if (!status) return [];
    if (element instanceof GroupItem) return this.groupChildren(element, status);
    if (element instanceof ReplicaSetItem) return element.members.map((m) => new MemberItem(m, taskForMember(status.snapshot, m.name)));
    if (element instanceof ServiceItem) return serviceChildren(element.service);
    if (element instanceof TaskHistoryItem) return element.tasks.map((t) => new TaskItem(element.service, t));
    return [];
  }

  private apply(status: SwarmStatus | undefined): void {
    if (!status?.ok) {
      this.shown = undefined;
      this.shape = undefined;
      // A row, not the welcome view, because only a row can name the endpoint and carry the engine's own words.
      this.roots = status ? [new ProblemItem(status.problem)] : [];
      this.fire('all');
      return;
    }
    const shape = shapeOf(status);
    const previous = this.shown;
    this.shown = status;
    if (shape !== this.shape || !previous) {
      this.shape = shape;
      this.rebuild(status);
      this.fire('all');
      return;
    }
    const changed: vscode.TreeItem[] = [];
    const before = new Map(previous.snapshot.services.map((s) => [s.id, s]));
    for (const service of status.snapshot.services) {
      const item = this.serviceItems.get(service.id);
      if (item && JSON.stringify(before.get(service.id)) !== JSON.stringify(service)) {
        item.update(service);
        changed.push(item);
      }
    }
    // Moving counters alone do not re-render the members: that would close a tooltip the user is reading.
    if (this.replicaSetItem && status.replicaSet && replicaSetEssence(previous.replicaSet) !== replicaSetEssence(status.replicaSet)) {
      this.replicaSetItem.update(status.replicaSet);
      changed.push(this.replicaSetItem);
    }
    if (this.nodesGroup && JSON.stringify(previous.snapshot.nodes) !== JSON.stringify(status.snapshot.nodes)) changed.push(this.nodesGroup);
    this.fire(changed);
  }

  private rebuild(status: OkStatus): void {
    this.serviceItems.clear();
    for (const service of status.snapshot.services) this.serviceItems.set(service.id, new ServiceItem(service));
    this.replicaSetItem = status.replicaSet ? new ReplicaSetItem(status.replicaSet) : undefined;
    const groups = groupServices(status.snapshot).map((g) => new GroupItem(g.key, g.services.length, g.services.length > 0 || (g.key === 'mongo' && this.replicaSetItem !== undefined)));
    this.nodesGroup = new GroupItem('nodes', status.snapshot.nodes.length);
    this.roots = [...groups, this.nodesGroup];
  }

  private fire(changed: 'all' | vscode.TreeItem[]): void {
    if (changed === 'all') this.changed.fire(undefined);
    else for (const item of changed) this.changed.fire(item);
  }

  private groupChildren(group: GroupItem, status: OkStatus): vscode.TreeItem[] {
    if (group.key === 'nodes') return status.snapshot.nodes.map((n) => new NodeItem(n));
    const services = groupServices(status.snapshot).find((g) => g.key === group.key)?.services ?? [];
    const rows: vscode.TreeItem[] = services.map((s) => this.serviceItems.get(s.id) ?? new ServiceItem(s));
    if (group.key === 'mongo' && this.replicaSetItem) rows.unshift(this.replicaSetItem);
    return rows;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/**
 * What decides which rows exist: the services of each group, the nodes, and whether the replica
 * set has members. When it is unchanged, a refresh only re-renders rows in place.
 */
function shapeOf(status: OkStatus): string {
  const groups = groupServices(status.snapshot).map((g) => `${g.key}:${g.services.map((s) => s.id).join(',')}`);
  const rs = status.replicaSet?.status;
  const set = rs ? `${rs.state === 'ok' || rs.state === 'noPrimary' ? `members:${rs.setName}` : 'none'}` : 'absent';
  return [...groups, `nodes:${status.snapshot.nodes.map((n) => n.id).join(',')}`, set].join('|');
}

function serviceChildren(service: ServiceInfo): vscode.TreeItem[] {
  const rows: vscode.TreeItem[] = currentTasks(service).map((t) => new TaskItem(service, t));
  const history = taskHistory(service);
  if (history.length > 0) rows.push(new TaskHistoryItem(service, history));
  return rows;
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
