// Where the flow reaches Orion and Comet from this machine: settings first, else the swarm's published ports.
import type { DockerEndpoint } from '../docker/endpoint';
import type { ServiceInfo, SwarmSnapshot } from '../swarm/snapshot';
import { RECIPE_DEFAULTS } from './defaults';

export interface FlowEndpoints {
  readonly orionUrl: string;
  readonly cometUrl: string;
  /** Where each came from, for the form to say so. */
  readonly orionSource: EndpointSource;
  readonly cometSource: EndpointSource;
}

export type EndpointSource = 'setting' | 'swarm' | 'default';

/** The address published ports answer on: the engine's host for a TCP engine (a docker-machine VM), else this machine. */
export function engineAddress(endpoint: DockerEndpoint | undefined): string {
  return endpoint?.kind === 'tcp' || endpoint?.kind === 'ssh' ? endpoint.host : '127.0.0.1';
}

function publishedUrl(services: readonly ServiceInfo[], role: 'orion' | 'comet', targetPort: number, address: string): string | undefined {
  // The recipe's own service first; a rehearsal or user may front it with another service publishing the same port.
  const candidates = [...services.filter((s) => s.role === role), ...services.filter((s) => s.role !== role)];
  for (const s of candidates) {
    const port = s.ports.find((p) => p.targetPort === targetPort && p.publishedPort && p.protocol === 'tcp');
    if (port) return `http://${address.includes(':') ? `[${address}]` : address}:${port.publishedPort}`;
  }
  return undefined;
}

export function detectEndpoints(
  snapshot: SwarmSnapshot | undefined,
  docker: DockerEndpoint | undefined,
  settings: { readonly orionUrl?: string; readonly cometUrl?: string } = {},
): FlowEndpoints {
  const address = engineAddress(docker);
  const services = snapshot?.services ?? [];
  const orionSwarm = publishedUrl(services, 'orion', 1026, address);
  const cometSwarm = publishedUrl(services, 'comet', 8666, address);
  return {
    orionUrl: settings.orionUrl || orionSwarm || RECIPE_DEFAULTS.orionUrl,
    cometUrl: settings.cometUrl || cometSwarm || RECIPE_DEFAULTS.cometUrl,
    orionSource: settings.orionUrl ? 'setting' : orionSwarm ? 'swarm' : 'default',
    cometSource: settings.cometUrl ? 'setting' : cometSwarm ? 'swarm' : 'default',
  };
}
