// Where a published service port answers from this machine, and what Orion's or Comet's /version says there.
import type { DockerEndpoint } from '../docker/endpoint';
import type { ServiceInfo } from './snapshot';

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

/** The endpoint of the role's own port when published, else the first published one. */
export function serviceEndpoint(service: ServiceInfo, engine: DockerEndpoint): string | undefined {
  const target = ROLE_PORTS[service.role];
  const own = service.ports.find((p) => p.targetPort === target && p.publishedPort);
  const endpoints = publishedEndpoints(own ? { ...service, ports: [own] } : service, engine);
  return endpoints[0];
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
