// The recipe's shared overlay networks: which exist and with what scope, and creating them as tools/create_networks.sh does.
import type { DockerClient } from '../docker/client';

/** tools/create_networks.sh creates these two, in this order. */
export const RECIPE_NETWORKS = ['backend', 'frontend'] as const;

export interface NetworkState {
  readonly name: string;
  readonly scope: string;
  readonly driver: string;
}

export async function listNetworks(docker: DockerClient): Promise<NetworkState[]> {
  const networks = (await docker.listNetworks()) as { Name: string; Scope?: string; Driver?: string }[];
  return networks.map((n) => ({ name: n.Name, scope: n.Scope ?? 'local', driver: n.Driver ?? '' }));
}

export type NetworkVerdict = { readonly name: string; readonly state: 'ok' } | { readonly name: string; readonly state: 'missing' } | { readonly name: string; readonly state: 'wrongScope'; readonly scope: string; readonly driver: string };

/** A stack can attach only to swarm-scoped networks; a local bridge of the same name makes the deploy fail ("not in the right scope"). */
export function judgeNetworks(wanted: readonly string[], existing: readonly NetworkState[]): NetworkVerdict[] {
  return wanted.map((name) => {
    const found = existing.find((n) => n.name === name);
    if (!found) return { name, state: 'missing' };
    if (found.scope !== 'swarm') return { name, state: 'wrongScope', scope: found.scope, driver: found.driver };
    return { name, state: 'ok' };
  });
}

/** The MTU create_networks.sh passes: `${DOCKER_MTU:-1400}`. */
export function recipeMtu(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_MTU ? env.DOCKER_MTU : '1400';
}

/** The command line create_networks.sh runs for one network, for messages and logs. */
export function createNetworkCommand(name: string, mtu = '1400'): string {
  return `docker network create -d overlay --attachable --opt com.docker.network.driver.mtu=${mtu} ${name}`;
}

export interface CreatedNetworks {
  readonly created: readonly string[];
  readonly existing: readonly string[];
}

/**
 * `docker network create -d overlay --attachable --opt com.docker.network.driver.mtu=MTU NAME`
 * through the Engine API, for each missing name. Networks already there are kept as they are
 * (the script would fail its line for them); a wrong-scope one is the user's to remove, since
 * something may be attached to it.
 */
export async function createRecipeNetworks(docker: DockerClient, names: readonly string[], env: NodeJS.ProcessEnv): Promise<CreatedNetworks> {
  const verdicts = judgeNetworks(names, await listNetworks(docker));
  const wrong = verdicts.filter((v) => v.state === 'wrongScope');
  if (wrong.length > 0) {
    throw new Error(wrong.map((v) => `network "${v.name}" exists as a ${v.state === 'wrongScope' ? `${v.scope}-scoped ${v.driver}` : ''} network: remove it first (docker network rm ${v.name}) so it can be created as a swarm overlay`).join('; '));
  }
  const created: string[] = [];
  for (const verdict of verdicts) {
    if (verdict.state !== 'missing') continue;
    await docker.createNetwork({
      Name: verdict.name,
      Driver: 'overlay',
      Attachable: true,
      CheckDuplicate: true,
      Options: { 'com.docker.network.driver.mtu': recipeMtu(env) },
    });
    created.push(verdict.name);
  }
  return { created, existing: verdicts.filter((v) => v.state === 'ok').map((v) => v.name) };
}
