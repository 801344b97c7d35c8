// The environment that points the docker CLI (and so the user's scripts) at the engine Comet Swarm talks to.
import type { DockerEndpoint } from '../docker/endpoint';

/**
 * What `eval $(docker-machine env NAME)` would have set. VS Code started from the desktop never
 * saw those variables, so the scripts get them from the connection instead. DOCKER_CONTEXT is
 * cleared: DOCKER_HOST must win over a context the user's CLI happens to have selected.
 */
export function dockerCliEnv(endpoint: DockerEndpoint): Record<string, string | undefined> {
  switch (endpoint.kind) {
    case 'socket':
      return {
        DOCKER_HOST: endpoint.socketPath.startsWith('//') ? `npipe://${endpoint.socketPath}` : `unix://${endpoint.socketPath}`,
        DOCKER_TLS_VERIFY: undefined,
        DOCKER_CERT_PATH: undefined,
        DOCKER_CONTEXT: undefined,
      };
    case 'tcp':
      return {
        DOCKER_HOST: `tcp://${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`,
        DOCKER_TLS_VERIFY: endpoint.tls?.verify ? '1' : undefined,
        DOCKER_CERT_PATH: endpoint.tls ? endpoint.tls.certPath : undefined,
        DOCKER_CONTEXT: undefined,
      };
    case 'ssh':
      return {
        DOCKER_HOST: `ssh://${endpoint.username ? `${endpoint.username}@` : ''}${endpoint.host}:${endpoint.port}`,
        DOCKER_TLS_VERIFY: undefined,
        DOCKER_CERT_PATH: undefined,
        DOCKER_CONTEXT: undefined,
      };
  }
}

/** `base` with `changes` applied; an undefined value removes the variable. */
export function withEnv(base: NodeJS.ProcessEnv, changes: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) out[k] = v;
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}
