// Starting a local swarm of docker-machine VMs with miniswarm, as the recipe's first step: the tools it needs and the command it runs.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { ScriptSpec } from './scripts';

export const MINISWARM_HELP = 'https://github.com/aelsabbahy/miniswarm';
export const DOCKER_MACHINE_HELP = 'https://github.com/docker/machine/releases';

/** The executable's path on PATH, as a shell would find it; undefined when there is none. */
export function findExecutable(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const ext of extensions) {
      const candidate = join(dir, name + ext);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // Not here.
      }
    }
  }
  return undefined;
}

export interface MiniswarmTools {
  readonly miniswarm?: string;
  readonly dockerMachine?: string;
  /** What is missing and where to get it, one line each. */
  readonly missing: readonly { readonly name: string; readonly help: string }[];
}

/** miniswarm drives docker-machine (with VirtualBox); both must be on PATH. */
export function miniswarmTools(env: NodeJS.ProcessEnv): MiniswarmTools {
  const miniswarm = findExecutable('miniswarm', env);
  const dockerMachine = findExecutable('docker-machine', env);
  return {
    ...(miniswarm ? { miniswarm } : {}),
    ...(dockerMachine ? { dockerMachine } : {}),
    missing: [...(miniswarm ? [] : [{ name: 'miniswarm', help: MINISWARM_HELP }]), ...(dockerMachine ? [] : [{ name: 'docker-machine', help: DOCKER_MACHINE_HELP }])],
  };
}

/** A node count a user typed: 1 to 9 (each node is a VM). */
export function parseNodeCount(text: string): number | undefined {
  const trimmed = text.trim();
  return /^[1-9]$/.test(trimmed) ? Number(trimmed) : undefined;
}

export function miniswarmStartSpec(nodes: number, cwd: string): ScriptSpec {
  return { label: `miniswarm start ${nodes}`, command: 'miniswarm', args: ['start', String(nodes)], cwd, env: {} };
}
