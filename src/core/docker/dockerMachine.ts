// Asks docker-machine for a VM's connection, as `eval $(docker-machine env NAME)` does in a terminal.
import { execFile } from 'child_process';

export interface DockerMachineConnection {
  readonly machineName: string;
  readonly host: string;
  readonly tlsVerify: boolean;
  readonly certPath?: string;
}

export type DockerMachineFailure =
  | { readonly kind: 'notInstalled'; readonly message: string }
  | { readonly kind: 'noSuchMachine'; readonly message: string }
  | { readonly kind: 'machineStopped'; readonly message: string }
  | { readonly kind: 'certificateMismatch'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

export type DockerMachineResult = { readonly ok: true; readonly connection: DockerMachineConnection } | { readonly ok: false; readonly failure: DockerMachineFailure };

/** The recipe's manager VM, as `miniswarm start` names it. */
export const DEFAULT_MACHINE = 'ms-manager0';

/** Parses `docker-machine env --shell bash NAME`: `export KEY="value"` lines. */
export function parseDockerMachineEnv(output: string, machineName: string): DockerMachineConnection | undefined {
  const values = new Map<string, string>();
  for (const line of output.split(/\r?\n/)) {
    const m = /^\s*export\s+([A-Z_]+)="(.*)"\s*$/.exec(line);
    if (m) values.set(m[1], m[2]);
  }
  const host = values.get('DOCKER_HOST');
  if (!host) return undefined;
  const certPath = values.get('DOCKER_CERT_PATH');
  return {
    machineName: values.get('DOCKER_MACHINE_NAME') ?? machineName,
    host,
    tlsVerify: (values.get('DOCKER_TLS_VERIFY') ?? '') !== '' && values.get('DOCKER_TLS_VERIFY') !== '0',
    ...(certPath ? { certPath } : {}),
  };
}

/** docker-machine's own words, mapped to what the user can do about them. */
export function classifyDockerMachineError(stderr: string): DockerMachineFailure {
  const message = stderr.trim();
  if (/Host does not exist/i.test(message)) return { kind: 'noSuchMachine', message };
  if (/is not running|Host is not running|state: Stopped/i.test(message)) return { kind: 'machineStopped', message };
  if (/x509: certificate is valid for|regenerate-certs/i.test(message)) return { kind: 'certificateMismatch', message };
  return { kind: 'failed', message };
}

export function dockerMachineEnv(machineName: string, options: { executable?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<DockerMachineResult> {
  const executable = options.executable ?? 'docker-machine';
  return new Promise((resolve) => {
    execFile(executable, ['env', '--shell', 'bash', machineName], { timeout: options.timeoutMs ?? 30_000, env: options.env ?? process.env }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        resolve({ ok: false, failure: { kind: 'notInstalled', message: `${executable} was not found on PATH` } });
        return;
      }
      if (error) {
        resolve({ ok: false, failure: classifyDockerMachineError(String(stderr) || error.message) });
        return;
      }
      const connection = parseDockerMachineEnv(String(stdout), machineName);
      resolve(connection ? { ok: true, connection } : { ok: false, failure: { kind: 'failed', message: `docker-machine printed no DOCKER_HOST for ${machineName}` } });
    });
  });
}
