// Reads the docker CLI's contexts (`docker context use NAME`) from its config folder, as the CLI does.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export interface DockerContext {
  readonly name: string;
  /** The context's docker endpoint, e.g. tcp://192.168.99.100:2376 or unix:///var/run/docker.sock. */
  readonly host: string;
  readonly skipTlsVerify: boolean;
  /** Folder holding ca.pem, cert.pem and key.pem when the context has TLS material. */
  readonly tlsPath?: string;
}

/** $DOCKER_CONFIG, else ~/.docker. */
export function dockerConfigDir(env: NodeJS.ProcessEnv, homeDir: string): string {
  return env.DOCKER_CONFIG?.trim() || path.join(homeDir, '.docker');
}

/** DOCKER_CONTEXT wins over config.json's currentContext; "default" means no context. */
export function currentContextName(env: NodeJS.ProcessEnv, homeDir: string): string | undefined {
  const fromEnv = env.DOCKER_CONTEXT?.trim();
  if (fromEnv) return fromEnv === 'default' ? undefined : fromEnv;
  try {
    const config = JSON.parse(fs.readFileSync(path.join(dockerConfigDir(env, homeDir), 'config.json'), 'utf8')) as { currentContext?: unknown };
    const name = typeof config.currentContext === 'string' ? config.currentContext.trim() : '';
    return name && name !== 'default' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The CLI stores each context under the SHA-256 of its name, so that any name is a valid folder. */
function contextDigest(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

export class DockerContextError extends Error {}

export function readDockerContext(name: string, env: NodeJS.ProcessEnv, homeDir: string): DockerContext {
  const configDir = dockerConfigDir(env, homeDir);
  const metaFile = path.join(configDir, 'contexts', 'meta', contextDigest(name), 'meta.json');
  let meta: { Name?: string; Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } };
  try {
    meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
  } catch {
    throw new DockerContextError(`Docker context "${name}" does not exist (no ${metaFile})`);
  }
  const host = meta.Endpoints?.docker?.Host;
  if (!host) throw new DockerContextError(`Docker context "${name}" has no docker endpoint`);
  const tlsPath = path.join(configDir, 'contexts', 'tls', contextDigest(name), 'docker');
  return {
    name,
    host,
    skipTlsVerify: meta.Endpoints?.docker?.SkipTLSVerify === true,
    ...(fs.existsSync(path.join(tlsPath, 'ca.pem')) || fs.existsSync(path.join(tlsPath, 'cert.pem')) ? { tlsPath } : {}),
  };
}

/** Every context the CLI knows, for a pick list. */
export function listDockerContexts(env: NodeJS.ProcessEnv, homeDir: string): DockerContext[] {
  const metaDir = path.join(dockerConfigDir(env, homeDir), 'contexts', 'meta');
  let digests: string[];
  try {
    digests = fs.readdirSync(metaDir);
  } catch {
    return [];
  }
  const contexts: DockerContext[] = [];
  for (const digest of digests) {
    try {
      const meta = JSON.parse(fs.readFileSync(path.join(metaDir, digest, 'meta.json'), 'utf8')) as { Name?: string };
      if (meta.Name) contexts.push(readDockerContext(meta.Name, env, homeDir));
    } catch {
      // A half-written context is skipped, as `docker context ls` skips it.
    }
  }
  return contexts.sort((a, b) => a.name.localeCompare(b.name));
}
