// The explorer's grouping of services by the part they play in the recipe.
import type { ServiceInfo, SwarmSnapshot, TaskInfo } from './snapshot';

export type GroupKey = 'comet' | 'mongo' | 'orion' | 'other';

export interface ServiceGroup {
  readonly key: GroupKey;
  readonly services: readonly ServiceInfo[];
}

export const GROUP_ORDER: readonly GroupKey[] = ['comet', 'mongo', 'orion', 'other'];

export function groupOf(service: ServiceInfo): GroupKey {
  // The replica-set controller belongs with the members it configures.
  return service.role === 'mongoController' ? 'mongo' : service.role;
}

/** Every group in a fixed order, empty ones included, so that a missing part of the stack shows as missing. */
export function groupServices(snapshot: SwarmSnapshot): ServiceGroup[] {
  return GROUP_ORDER.map((key) => ({ key, services: snapshot.services.filter((s) => groupOf(s) === key) }));
}

/** "2/2": running over desired, as `docker service ls` prints REPLICAS. */
export function replicaCount(service: ServiceInfo): string {
  return `${service.running}/${service.desired}`;
}

export type ServiceHealth = 'converged' | 'converging' | 'down' | 'scaledToZero';

export function serviceHealth(service: ServiceInfo): ServiceHealth {
  if (service.desired === 0) return 'scaledToZero';
  if (service.running >= service.desired) return 'converged';
  return service.running === 0 ? 'down' : 'converging';
}

export function formatPort(port: ServiceInfo['ports'][number]): string {
  const published = port.publishedPort ? `${port.publishedPort}->` : '';
  return `${published}${port.targetPort}/${port.protocol}${port.publishMode === 'host' ? ' (host)' : ''}`;
}

/** The tasks the scheduler wants running now, by slot (replicated) or node (global). */
export function currentTasks(service: ServiceInfo): TaskInfo[] {
  return service.tasks
    .filter((t) => t.desiredState === 'running' || t.desiredState === 'ready')
    .sort((a, b) => (a.slot ?? 0) - (b.slot ?? 0) || (a.nodeName ?? '').localeCompare(b.nodeName ?? ''));
}

/** Earlier tasks (failed, shut down, replaced), newest first. */
export function taskHistory(service: ServiceInfo): TaskInfo[] {
  return service.tasks.filter((t) => t.desiredState !== 'running' && t.desiredState !== 'ready');
}

/** `comet_comet.1` for a replicated task, `mongo_mongo.NODE` for a global one, as `docker service ps` names them. */
export function taskName(service: ServiceInfo, task: TaskInfo): string {
  return `${service.name}.${task.slot ?? task.nodeName ?? task.id.slice(0, 12)}`;
}
