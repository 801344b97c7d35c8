// What changed between two statuses, as the events `comet-swarm status --watch` streams.
import { replicaCount } from '../swarm/groups';
import type { SwarmStatus } from './collect';
import { toStatusJson } from './json';

export type StatusChange =
  | { readonly kind: 'engine'; readonly ok: boolean; readonly endpoint: string; readonly problem?: unknown }
  | { readonly kind: 'service'; readonly change: 'added' | 'removed' | 'changed'; readonly name: string; readonly replicas?: string; readonly service?: unknown }
  | { readonly kind: 'node'; readonly change: 'added' | 'removed' | 'changed'; readonly hostname: string; readonly node?: unknown }
  | { readonly kind: 'replicaSet'; readonly replicaSet: unknown };

type ServiceJson = { id: string; name: string } & Record<string, unknown>;
type NodeJson = { id: string; hostname: string } & Record<string, unknown>;

/** Compares the documented JSON forms, so a change event carries exactly what `status --json` would print. */
export function statusChanges(previous: SwarmStatus | undefined, next: SwarmStatus): StatusChange[] {
  if (!next.ok) {
    const wasSame = previous && !previous.ok && previous.problem.kind === next.problem.kind;
    return wasSame ? [] : [{ kind: 'engine', ok: false, endpoint: next.engine.endpoint, problem: next.problem }];
  }
  const changes: StatusChange[] = [];
  if (!previous?.ok) changes.push({ kind: 'engine', ok: true, endpoint: next.engine.endpoint });
  const before = previous?.ok ? (toStatusJson(previous) as { services: ServiceJson[]; nodes: NodeJson[]; replicaSet: unknown }) : undefined;
  const after = toStatusJson(next) as { services: ServiceJson[]; nodes: NodeJson[]; replicaSet: unknown };

  const oldServices = new Map((before?.services ?? []).map((s) => [s.id, s]));
  for (const service of after.services) {
    const old = oldServices.get(service.id);
    oldServices.delete(service.id);
    const replicas = replicaCount(next.snapshot.services.find((s) => s.id === service.id)!);
    if (!old) changes.push({ kind: 'service', change: 'added', name: service.name, replicas, service });
    else if (JSON.stringify(old) !== JSON.stringify(service)) changes.push({ kind: 'service', change: 'changed', name: service.name, replicas, service });
  }
  for (const gone of oldServices.values()) changes.push({ kind: 'service', change: 'removed', name: gone.name });

  const oldNodes = new Map((before?.nodes ?? []).map((n) => [n.id, n]));
  for (const node of after.nodes) {
    const old = oldNodes.get(node.id);
    oldNodes.delete(node.id);
    if (!old) changes.push({ kind: 'node', change: 'added', hostname: node.hostname, node });
    else if (JSON.stringify(old) !== JSON.stringify(node)) changes.push({ kind: 'node', change: 'changed', hostname: node.hostname, node });
  }
  for (const gone of oldNodes.values()) changes.push({ kind: 'node', change: 'removed', hostname: gone.hostname });

  if (replicaSetEssence(before?.replicaSet ?? null) !== replicaSetEssence(after.replicaSet)) changes.push({ kind: 'replicaSet', replicaSet: after.replicaSet });
  return changes;
}

/** Counters that move on every reading of a replica set; a change in them alone is no news. */
const MOVING_MEMBER_FIELDS = new Set(['uptimeSeconds', 'optimeDate', 'lastHeartbeat', 'pingMs', 'lagSeconds']);

/** A replica-set reading without its moving counters: equal essences mean nothing a user would notice changed. */
export function replicaSetEssence(reading: unknown): string {
  return JSON.stringify(reading, (key, value) => (MOVING_MEMBER_FIELDS.has(key) ? undefined : value));
}
