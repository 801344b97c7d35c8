// The documented JSON form of a swarm status (README, "comet-swarm status --json").
import { groupOf, replicaCount } from '../swarm/groups';
import type { SwarmStatus } from './collect';

export function toStatusJson(result: SwarmStatus): object {
  if (!result.ok) return { engine: result.engine, problem: result.problem };
  const { engine, snapshot, replicaSet } = result;
  return {
    engine,
    takenAt: snapshot.takenAt,
    nodes: snapshot.nodes,
    services: snapshot.services.map((s) => ({
      id: s.id,
      name: s.name,
      stack: s.stack ?? null,
      role: s.role,
      group: groupOf(s),
      mode: s.mode,
      replicas: replicaCount(s),
      desired: s.desired,
      running: s.running,
      image: s.image,
      ports: s.ports,
      endpointMode: s.endpointMode,
      tasks: s.tasks.map((t) => ({
        id: t.id,
        slot: t.slot ?? null,
        node: t.nodeName ?? t.nodeId ?? null,
        state: t.state,
        desiredState: t.desiredState,
        error: t.error ?? null,
        exitCode: t.exitCode ?? null,
        containerId: t.containerId ?? null,
        updatedAt: t.updatedAt ?? null,
        addresses: t.addresses,
      })),
    })),
    replicaSet: replicaSet ? { via: replicaSet.via, serverVersion: replicaSet.serverVersion ?? null, ...replicaSet.status } : null,
  };
}
