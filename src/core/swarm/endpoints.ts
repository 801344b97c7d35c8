// Where a published service port answers from this machine, and what Orion's or Comet's /version says there.
import type { DockerEndpoint } from '../docker/endpoint';
import type { ServiceInfo, SwarmSnapshot } from './snapshot';

/**
 * Published ports answer on every node through the routing mesh (ingress) or on the task's node
 * (host mode). From this machine the engine's own address is the one node known to be reachable:
 * the VM's IP for a docker-machine swarm, loopback for a local engine.
 */
export function publishedEndpoints(service: ServiceInfo, engine: DockerEndpoint): string[] {
  const host = engine.kind === 'tcp' || engine.kind === 'ssh' ? engine.host : '127.0.0.1';
  return service.ports
    .filter((p) => p.publishedPort && p.protocol === 'tcp')
    .map((p) => `http://${host.includes(':') ? `[${host}]` : host}:${p.publishedPort}`);
}

/** The HTTP port a role's service listens on inside the swarm. */
export const ROLE_PORTS: Partial<Record<ServiceInfo['role'], number>> = { comet: 8666, orion: 1026 };

export interface ServiceEndpoint {
  readonly url: string;
  /** The service whose port it is: the service's own, or one in front of it. */
  readonly via: string;
  readonly publishMode: 'ingress' | 'host';
}

/**
 * A service fronts another when its settings name it (`STACK_name`, `tasks.STACK_name`) and it
 * publishes a port: an nginx, HAProxy or TCP balancer in front of dnsrr tasks, which is what a
 * swarm without a routing mesh needs.
 */
export function frontsService(candidate: ServiceInfo, target: ServiceInfo): boolean {
  if (candidate.id === target.id) return false;
  const pattern = new RegExp(`(^|[^\\w.-])(tasks\\.)?${target.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w.-])`);
  return [...candidate.env, ...candidate.args].some((value) => pattern.test(value));
}

/** Where a service answers from here: its own published ports (its role's port first), then those of services fronting it. */
export function serviceEndpoints(snapshot: SwarmSnapshot, service: ServiceInfo, engine: DockerEndpoint): ServiceEndpoint[] {
  const out: ServiceEndpoint[] = [];
  const add = (owner: ServiceInfo, preferTarget?: number): void => {
    const ports = owner.ports.filter((p) => p.publishedPort && p.protocol === 'tcp');
    const ordered = [...ports.filter((p) => p.targetPort === preferTarget), ...ports.filter((p) => p.targetPort !== preferTarget)];
    for (const port of ordered) {
      const [url] = publishedEndpoints({ ...owner, ports: [port] }, engine);
      if (url) out.push({ url, via: owner.name, publishMode: port.publishMode });
    }
  };
  add(service, ROLE_PORTS[service.role]);
  for (const candidate of snapshot.services) if (frontsService(candidate, service)) add(candidate);
  return out;
}

export interface VersionReading {
  readonly url: string;
  readonly version?: string;
  readonly error?: string;
}

/** Reads `/version`: Orion answers {"orion":{"version":...}}, STH-Comet {"version":...}. */
export async function readVersion(baseUrl: string, timeoutMs = 3_000): Promise<VersionReading> {
  const url = `${baseUrl}/version`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { request } = require('undici') as typeof import('undici');
  try {
    const response = await request(url, { method: 'GET', headersTimeout: timeoutMs, bodyTimeout: timeoutMs, headers: { accept: 'application/json' } });
    const text = await response.body.text();
    if (response.statusCode !== 200) return { url, error: `HTTP ${response.statusCode}` };
    const json = JSON.parse(text) as { orion?: { version?: unknown }; version?: unknown };
    const version = json.orion?.version ?? json.version;
    return typeof version === 'string' ? { url, version } : { url, error: 'no version in the answer' };
  } catch (error) {
    return { url, error: error instanceof Error ? (error as { code?: string }).code ?? error.message : String(error) };
  }
}
