// Whether Orion can reach the subscription's reference: a service answering to that name on a network Orion shares.
import type { ServiceInfo, SwarmSnapshot } from '../swarm/snapshot';

export interface ReferenceCheck {
  readonly host: string;
  /** `resolves`: a service answers to the name on a network Orion is on; `notShared`: one answers, but on no network Orion is on. */
  readonly verdict: 'resolves' | 'notShared' | 'unknownName' | 'noOrion' | 'notAName';
  /** Services that answer to the host name. */
  readonly services: readonly string[];
  readonly orionServices: readonly string[];
  readonly detail: string;
}

/** The names a service answers to inside the swarm: its full name, `tasks.<name>`, and on its stack's networks the name without the stack prefix. */
export function namesOf(service: ServiceInfo): string[] {
  const names = [service.name, `tasks.${service.name}`];
  if (service.stack && service.name.startsWith(`${service.stack}_`)) {
    const alias = service.name.slice(service.stack.length + 1);
    names.push(alias, `tasks.${alias}`);
  }
  return names.map((n) => n.toLowerCase());
}

export function checkReference(reference: string, snapshot: SwarmSnapshot): ReferenceCheck {
  let host: string;
  try {
    host = new URL(reference).hostname.toLowerCase();
  } catch {
    return { host: reference, verdict: 'notAName', services: [], orionServices: [], detail: `"${reference}" is not a URL` };
  }
  const orion = snapshot.services.filter((s) => s.role === 'orion');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(':')) {
    return { host, verdict: 'notAName', services: [], orionServices: orion.map((s) => s.name), detail: `${host} is an address, not a swarm name; task addresses change when tasks are rescheduled` };
  }
  if (orion.length === 0) return { host, verdict: 'noOrion', services: [], orionServices: [], detail: 'no Orion service in the swarm to check the name from' };
  const named = snapshot.services.filter((s) => namesOf(s).includes(host));
  const orionNetworks = new Set(orion.flatMap((s) => s.networkIds));
  const shared = named.filter((s) => s.networkIds.some((n) => orionNetworks.has(n)));
  const base = { host, services: named.map((s) => s.name), orionServices: orion.map((s) => s.name) };
  if (named.length === 0) {
    return { ...base, verdict: 'unknownName', detail: `no service in the swarm answers to "${host}" (services: ${snapshot.services.map((s) => s.name).join(', ') || 'none'})` };
  }
  if (shared.length === 0) {
    return { ...base, verdict: 'notShared', detail: `${named.map((s) => s.name).join(', ')} answers to "${host}" but shares no network with ${base.orionServices.join(', ')}` };
  }
  return { ...base, verdict: 'resolves', detail: `${shared.map((s) => s.name).join(', ')} answers to "${host}" on a network ${base.orionServices.join(', ')} is on` };
}
