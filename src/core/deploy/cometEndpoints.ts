// Where Comet's /version can be asked from here: its own published ports, or those of a service that fronts it (a load balancer naming it).
import type { DockerEndpoint } from '../docker/endpoint';
import { publishedEndpoints, readVersion, type VersionReading } from '../swarm/endpoints';
import type { ServiceInfo, SwarmSnapshot } from '../swarm/snapshot';

export interface CometEndpoint {
  readonly url: string;
  /** The service whose port it is: Comet's own, or the one in front of it. */
  readonly via: string;
  readonly publishMode: 'ingress' | 'host';
}

/** The Comet services of a stack, by image (fiware-sth-comet), else by the recipe's service name. */
export function cometServicesOf(snapshot: SwarmSnapshot, stack: string): ServiceInfo[] {
  const inStack = snapshot.services.filter((s) => s.stack === stack);
  const byRole = inStack.filter((s) => s.role === 'comet');
  return byRole.length > 0 ? byRole : inStack.filter((s) => s.name === `${stack}_comet`);
}

/**
 * A service fronts Comet when its settings name Comet's service (`STACK_comet`, `tasks.STACK_comet`)
 * and it publishes a port: an nginx, HAProxy or TCP balancer in front of dnsrr tasks, which is
 * what a swarm without a routing mesh needs.
 */
function frontsService(candidate: ServiceInfo, comet: ServiceInfo): boolean {
  if (candidate.id === comet.id) return false;
  const pattern = new RegExp(`(^|[^\\w.-])(tasks\\.)?${comet.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w.-])`);
  return [...candidate.env, ...candidate.args].some((value) => pattern.test(value));
}

export function cometEndpoints(snapshot: SwarmSnapshot, comet: ServiceInfo, engine: DockerEndpoint): CometEndpoint[] {
  const out: CometEndpoint[] = [];
  const add = (service: ServiceInfo, preferTarget?: number): void => {
    const ports = service.ports.filter((p) => p.publishedPort && p.protocol === 'tcp');
    const ordered = [...ports.filter((p) => p.targetPort === preferTarget), ...ports.filter((p) => p.targetPort !== preferTarget)];
    for (const port of ordered) {
      const [url] = publishedEndpoints({ ...service, ports: [port] }, engine);
      if (url) out.push({ url, via: service.name, publishMode: port.publishMode });
    }
  };
  add(comet, 8666);
  for (const candidate of snapshot.services) if (frontsService(candidate, comet)) add(candidate);
  return out;
}

export interface VersionCheck {
  /** The first endpoint that answered with a version. */
  readonly answered?: { readonly endpoint: CometEndpoint; readonly version: string };
  readonly tried: readonly { readonly endpoint: CometEndpoint; readonly reading: VersionReading }[];
}

export async function askVersion(endpoints: readonly CometEndpoint[], timeoutMs = 3_000): Promise<VersionCheck> {
  const tried: { endpoint: CometEndpoint; reading: VersionReading }[] = [];
  for (const endpoint of endpoints) {
    const reading = await readVersion(endpoint.url, timeoutMs);
    tried.push({ endpoint, reading });
    if (reading.version) return { answered: { endpoint, version: reading.version }, tried };
  }
  return { tried };
}
