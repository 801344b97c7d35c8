// Where Comet's /version can be asked from here: its own published ports, or those of a service that fronts it (a load balancer naming it).
import type { DockerEndpoint } from '../docker/endpoint';
import { readVersion, serviceEndpoints, type ServiceEndpoint, type VersionReading } from '../swarm/endpoints';
import type { ServiceInfo, SwarmSnapshot } from '../swarm/snapshot';

export type CometEndpoint = ServiceEndpoint;

/** The Comet services of a stack, by image (fiware-sth-comet), else by the recipe's service name. */
export function cometServicesOf(snapshot: SwarmSnapshot, stack: string): ServiceInfo[] {
  const inStack = snapshot.services.filter((s) => s.stack === stack);
  const byRole = inStack.filter((s) => s.role === 'comet');
  return byRole.length > 0 ? byRole : inStack.filter((s) => s.name === `${stack}_comet`);
}

export function cometEndpoints(snapshot: SwarmSnapshot, comet: ServiceInfo, engine: DockerEndpoint): CometEndpoint[] {
  // Comet's own 8666 first, even for a service found by name whose image is not recognised.
  return serviceEndpoints(snapshot, { ...comet, role: 'comet' }, engine);
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
