// Creates a dockerode client for an endpoint; dockerode itself loads on first use.
import * as fs from 'fs';
import * as path from 'path';
import type Dockerode from 'dockerode';
import type { DockerEndpoint } from './endpoint';

export type DockerClient = Dockerode;

export interface DockerClientOptions {
  /** Per-request socket timeout. The engine answers list calls in milliseconds; a stuck one must not freeze a view. */
  readonly timeoutMs?: number;
}

export const DEFAULT_DOCKER_TIMEOUT_MS = 15_000;

export function createDockerClient(endpoint: DockerEndpoint, options: DockerClientOptions = {}): DockerClient {
  // Loaded here rather than at the top so that activating the extension costs nothing until the
  // first Docker call: dockerode pulls in ssh2 and its crypto stack.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Docker = require('dockerode') as typeof Dockerode;
  const timeout = options.timeoutMs ?? DEFAULT_DOCKER_TIMEOUT_MS;
  switch (endpoint.kind) {
    case 'socket':
      return new Docker({ socketPath: endpoint.socketPath, timeout });
    case 'tcp': {
      if (!endpoint.tls) return new Docker({ host: endpoint.host, port: endpoint.port, protocol: 'http', timeout });
      const read = (name: string): Buffer | undefined => readIfPresent(path.join(endpoint.tls!.certPath, name));
      return new Docker({
        host: endpoint.host,
        port: endpoint.port,
        protocol: 'https',
        ca: read('ca.pem'),
        cert: read('cert.pem'),
        key: read('key.pem'),
        timeout,
      });
    }
    case 'ssh':
      return new Docker({ host: endpoint.host, port: endpoint.port, username: endpoint.username, protocol: 'ssh', timeout });
  }
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    // A missing file surfaces as a TLS handshake error, which problems.ts turns into advice.
    return undefined;
  }
}
