// Where the Docker Engine is, resolved the way the docker CLI resolves it.
import * as os from 'os';
import * as path from 'path';
import { currentContextName, DockerContextError, readDockerContext } from './contexts';

export type DockerEndpoint =
  | { readonly kind: 'socket'; readonly socketPath: string }
  | {
      readonly kind: 'tcp';
      readonly host: string;
      readonly port: number;
      /** Present when the engine speaks TLS (DOCKER_TLS_VERIFY, or a cert path given in settings). */
      readonly tls?: { readonly verify: boolean; readonly certPath: string };
    }
  | { readonly kind: 'ssh'; readonly host: string; readonly port: number; readonly username?: string };

/** User settings that override the environment; undefined means "not set". */
export interface DockerConnectionSettings {
  readonly host?: string;
  readonly tlsVerify?: boolean;
  readonly certPath?: string;
}

export interface ResolvedEndpoint {
  readonly endpoint: DockerEndpoint;
  /** Which input decided it, so messages can say where to change it. */
  readonly source: 'setting' | 'environment' | 'context' | 'default';
  /** The docker CLI context it came from, when source is 'context'. */
  readonly contextName?: string;
}

export const DEFAULT_SOCKET = '/var/run/docker.sock';

export class EndpointSyntaxError extends Error {}

/**
 * The docker CLI's order: an explicit host (`docker -H`, here the setting) over DOCKER_HOST, over
 * the current context (DOCKER_CONTEXT, else config.json's currentContext), over the local socket.
 * TLS follows DOCKER_TLS_VERIFY and DOCKER_CERT_PATH (default ~/.docker), which is what
 * `eval $(docker-machine env NAME)` sets.
 */
export function resolveDockerEndpoint(
  settings: DockerConnectionSettings,
  env: NodeJS.ProcessEnv,
  homeDir: string = os.homedir(),
): ResolvedEndpoint {
  const fromSetting = nonEmpty(settings.host);
  const fromEnv = nonEmpty(env.DOCKER_HOST);
  const raw = fromSetting ?? fromEnv;
  if (!raw) {
    const contextName = currentContextName(env, homeDir);
    if (!contextName) return { endpoint: { kind: 'socket', socketPath: DEFAULT_SOCKET }, source: 'default' };
    let context;
    try {
      context = readDockerContext(contextName, env, homeDir);
    } catch (error) {
      throw error instanceof DockerContextError ? new EndpointSyntaxError(error.message) : error;
    }
    const endpoint = parseDockerHost(context.host, context.tlsPath !== undefined && !context.skipTlsVerify, context.tlsPath ?? '');
    return { endpoint, source: 'context', contextName };
  }

  const tlsVerify = settings.tlsVerify ?? (nonEmpty(env.DOCKER_TLS_VERIFY) !== undefined && env.DOCKER_TLS_VERIFY !== '0');
  const certPath = nonEmpty(settings.certPath) ?? nonEmpty(env.DOCKER_CERT_PATH) ?? path.join(homeDir, '.docker');
  return { endpoint: parseDockerHost(raw, tlsVerify, certPath), source: fromSetting ? 'setting' : 'environment' };
}

export function parseDockerHost(raw: string, tlsVerify: boolean, certPath: string): DockerEndpoint {
  const value = raw.trim();
  if (value.startsWith('unix://')) {
    const socketPath = value.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw new EndpointSyntaxError(`"${raw}" is not an absolute unix socket path`);
    return { kind: 'socket', socketPath };
  }
  if (value.startsWith('/')) return { kind: 'socket', socketPath: value };
  // Docker Desktop on Windows: npipe:////./pipe/docker_engine is the pipe //./pipe/docker_engine.
  if (value.startsWith('npipe://')) return { kind: 'socket', socketPath: value.slice('npipe://'.length).replace(/\\/g, '/') };
  const url = tryUrl(value.includes('://') ? value : `tcp://${value}`);
  if (!url || !url.hostname) throw new EndpointSyntaxError(`"${raw}" is not a Docker host (expected unix:///path, npipe:////./pipe/name, tcp://host:port or ssh://user@host)`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  switch (url.protocol) {
    case 'tcp:':
    case 'http:':
    case 'https:': {
      const tls = tlsVerify || url.protocol === 'https:';
      // 2376 is the TLS port and 2375 the plain one, as the docker CLI assumes.
      const port = url.port ? Number(url.port) : tls ? 2376 : 2375;
      return tls ? { kind: 'tcp', host, port, tls: { verify: tlsVerify, certPath } } : { kind: 'tcp', host, port };
    }
    case 'ssh:':
      return { kind: 'ssh', host, port: url.port ? Number(url.port) : 22, ...(url.username ? { username: decodeURIComponent(url.username) } : {}) };
    default:
      throw new EndpointSyntaxError(`"${raw}" uses ${url.protocol.replace(':', '')}://, which Comet Swarm cannot reach (use unix://, tcp:// or ssh://)`);
  }
}

/** The endpoint as a user would write it in DOCKER_HOST. */
export function formatEndpoint(endpoint: DockerEndpoint): string {
  switch (endpoint.kind) {
    case 'socket':
      return endpoint.socketPath.startsWith('//') ? `npipe://${endpoint.socketPath}` : `unix://${endpoint.socketPath}`;
    case 'tcp':
      return `tcp://${formatHost(endpoint.host)}:${endpoint.port}${endpoint.tls ? ' (TLS)' : ''}`;
    case 'ssh':
      return `ssh://${endpoint.username ? `${endpoint.username}@` : ''}${formatHost(endpoint.host)}:${endpoint.port}`;
  }
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function tryUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * The variables that make the docker CLI (in a terminal or a task) talk to the same engine;
 * null means "unset it", so a DOCKER_HOST inherited by VS Code cannot point elsewhere.
 */
export function endpointEnvironment(resolved: ResolvedEndpoint): Record<string, string | null> {
  const { endpoint } = resolved;
  if (resolved.source === 'context' && resolved.contextName) return { DOCKER_HOST: null, DOCKER_TLS_VERIFY: null, DOCKER_CERT_PATH: null, DOCKER_CONTEXT: resolved.contextName };
  switch (endpoint.kind) {
    case 'socket':
      return { DOCKER_HOST: formatEndpoint(endpoint), DOCKER_TLS_VERIFY: null, DOCKER_CERT_PATH: null };
    case 'ssh':
      return { DOCKER_HOST: formatEndpoint(endpoint), DOCKER_TLS_VERIFY: null, DOCKER_CERT_PATH: null };
    case 'tcp':
      return {
        DOCKER_HOST: `tcp://${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`,
        DOCKER_TLS_VERIFY: endpoint.tls?.verify ? '1' : null,
        DOCKER_CERT_PATH: endpoint.tls ? endpoint.tls.certPath : null,
      };
  }
}
