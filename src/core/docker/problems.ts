// Turns a failed Engine API call into what went wrong and what the user can do about it.
import { formatEndpoint, type DockerEndpoint } from './endpoint';

export type EngineProblemKind =
  | 'unreachable'
  | 'permissionDenied'
  | 'notSwarmManager'
  | 'notInSwarm'
  | 'tlsCertificateMismatch'
  | 'tlsFailure'
  | 'apiVersion'
  | 'timeout'
  | 'unknown';

/** What the user can do next; the adapters map each to a command or a link. */
export type NextStep =
  | 'startDocker'
  | 'configureConnection'
  | 'connectDockerMachine'
  | 'initSwarm'
  | 'useManagerNode'
  | 'regenerateCertificates'
  | 'fixSocketPermissions'
  | 'retry';

export interface EngineProblem {
  readonly kind: EngineProblemKind;
  /** One line naming the endpoint, fit for a tree row. */
  readonly summary: string;
  /** The engine's or the OS's own words, kept verbatim: users search for them. */
  readonly detail: string;
  readonly nextSteps: readonly NextStep[];
}

interface ErrorLike {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
  json?: unknown;
}

export class DeadlineError extends Error {
  constructor(readonly what: string, readonly ms: number) {
    super(`${what} got no answer within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

export function describeEngineProblem(error: unknown, endpoint: DockerEndpoint): EngineProblem {
  const where = formatEndpoint(endpoint);
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  const detail = engineMessage(e) || String(error);

  if (error instanceof DeadlineError || code === 'ETIMEDOUT') {
    return { kind: 'timeout', summary: `Docker at ${where} did not answer in time`, detail, nextSteps: ['retry', 'configureConnection'] };
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return {
      kind: 'permissionDenied',
      summary: `Permission denied on ${where}`,
      detail,
      nextSteps: ['fixSocketPermissions', 'configureConnection'],
    };
  }
  if (['ENOENT', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET'].includes(code)) {
    return {
      kind: 'unreachable',
      summary: `Docker is not reachable at ${where}`,
      detail,
      nextSteps: endpoint.kind === 'socket' ? ['startDocker', 'connectDockerMachine', 'configureConnection'] : ['connectDockerMachine', 'configureConnection', 'retry'],
    };
  }
  // Node words a certificate that names another address this way; the docker CLI says `x509: certificate is valid for A, not B`.
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || /x509: certificate is valid for|does not match certificate's altnames/i.test(detail)) {
    return {
      kind: 'tlsCertificateMismatch',
      summary: `The TLS certificate of ${where} does not name that address`,
      detail,
      nextSteps: ['regenerateCertificates', 'configureConnection'],
    };
  }
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /certificate|SSL routines|self[- ]signed/i.test(detail)) {
    return { kind: 'tlsFailure', summary: `TLS with ${where} failed`, detail, nextSteps: ['configureConnection', 'regenerateCertificates'] };
  }
  if (/not part of a swarm|Use "docker swarm init" or "docker swarm join"/i.test(detail)) {
    return { kind: 'notInSwarm', summary: `The engine at ${where} is not part of a swarm`, detail, nextSteps: ['connectDockerMachine', 'initSwarm', 'configureConnection'] };
  }
  if (/not a swarm manager/i.test(detail)) {
    return { kind: 'notSwarmManager', summary: `The engine at ${where} is not a swarm manager`, detail, nextSteps: ['useManagerNode', 'connectDockerMachine', 'configureConnection'] };
  }
  if (/client version .* is too (new|old)|minimum supported API version|maximum supported API version/i.test(detail)) {
    return { kind: 'apiVersion', summary: `The engine at ${where} speaks another API version`, detail, nextSteps: ['configureConnection'] };
  }
  return { kind: 'unknown', summary: `Docker at ${where} answered with an error`, detail, nextSteps: ['retry', 'configureConnection'] };
}

/** The engine puts its reason in a JSON `message`; dockerode wraps it in "(HTTP code N) ...". */
function engineMessage(e: ErrorLike): string {
  const json = e.json as { message?: unknown } | undefined;
  if (json && typeof json.message === 'string') return json.message.trim();
  return typeof e.message === 'string' ? e.message.trim() : '';
}
