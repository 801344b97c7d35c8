// Changes to the swarm the explorer offers: scale, rolling restart, stack removal, and what a stack holds.
import type { DockerClient } from '../docker/client';
import type { SwarmSnapshot } from './snapshot';

export class ServiceActionError extends Error {}

interface ServiceSpecEnvelope {
  Version?: { Index?: number };
  Spec?: { Mode?: { Replicated?: { Replicas?: number }; Global?: object }; TaskTemplate?: { ForceUpdate?: number } } & Record<string, unknown>;
}

/** Parses what a user typed as a replica count; undefined when it is not one. */
export function parseReplicaCount(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,4}$/.test(trimmed)) return undefined;
  const n = Number(trimmed);
  return n <= 1000 ? n : undefined;
}

/**
 * Updates the service's spec at the version just read, as `docker service scale` does; a
 * concurrent change makes the engine refuse with "update out of sequence" rather than lose it.
 */
export async function scaleService(docker: DockerClient, serviceId: string, replicas: number): Promise<void> {
  const service = docker.getService(serviceId);
  const current = (await service.inspect()) as ServiceSpecEnvelope;
  if (!current.Spec?.Mode?.Replicated) {
    throw new ServiceActionError('Only replicated services can be scaled: a global service runs one task per node.');
  }
  const spec = { ...current.Spec, Mode: { Replicated: { Replicas: replicas } } };
  await service.update({ version: current.Version?.Index, ...spec } as object);
}

/** A rolling restart without a spec change: bumps ForceUpdate, as `docker service update --force` does. */
export async function forceUpdateService(docker: DockerClient, serviceId: string): Promise<void> {
  const service = docker.getService(serviceId);
  const current = (await service.inspect()) as ServiceSpecEnvelope;
  const template = current.Spec?.TaskTemplate ?? {};
  const spec = { ...current.Spec, TaskTemplate: { ...template, ForceUpdate: (template.ForceUpdate ?? 0) + 1 } };
  await service.update({ version: current.Version?.Index, ...spec } as object);
}

export interface StackContents {
  readonly services: readonly { id: string; name: string }[];
  readonly networks: readonly { id: string; name: string }[];
  readonly configs: readonly { id: string; name: string }[];
  readonly secrets: readonly { id: string; name: string }[];
}

const STACK_LABEL = 'com.docker.stack.namespace';

/** What `docker stack rm NAME` would remove: everything labelled with the stack's namespace. */
export async function stackContents(docker: DockerClient, stack: string): Promise<StackContents> {
  const filters = JSON.stringify({ label: [`${STACK_LABEL}=${stack}`] });
  const [services, networks, configs, secrets] = await Promise.all([
    docker.listServices({ filters } as object) as Promise<{ ID: string; Spec?: { Name?: string } }[]>,
    docker.listNetworks({ filters } as object) as Promise<{ Id: string; Name: string }[]>,
    docker.listConfigs({ filters } as object) as Promise<{ ID: string; Spec?: { Name?: string } }[]>,
    docker.listSecrets({ filters } as object) as Promise<{ ID: string; Spec?: { Name?: string } }[]>,
  ]);
  return {
    services: services.map((s) => ({ id: s.ID, name: s.Spec?.Name ?? s.ID })),
    networks: networks.map((n) => ({ id: n.Id, name: n.Name })),
    configs: configs.map((c) => ({ id: c.ID, name: c.Spec?.Name ?? c.ID })),
    secrets: secrets.map((s) => ({ id: s.ID, name: s.Spec?.Name ?? s.ID })),
  };
}

/**
 * Removes services first, then networks, configs and secrets, as the docker CLI does. External
 * networks carry no stack label, so the recipe's shared frontend/backend networks stay.
 */
export async function removeStack(docker: DockerClient, contents: StackContents): Promise<string[]> {
  const failures: string[] = [];
  const attempt = async (what: string, work: () => Promise<unknown>): Promise<void> => {
    try {
      await work();
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status !== 404) failures.push(`${what}: ${(error as Error).message}`);
    }
  };
  await Promise.all(contents.services.map((s) => attempt(`service ${s.name}`, () => docker.getService(s.id).remove())));
  await Promise.all(contents.networks.map((n) => attempt(`network ${n.name}`, () => docker.getNetwork(n.id).remove())));
  await Promise.all(contents.configs.map((c) => attempt(`config ${c.name}`, () => docker.getConfig(c.id).remove())));
  await Promise.all(contents.secrets.map((s) => attempt(`secret ${s.name}`, () => docker.getSecret(s.id).remove())));
  return failures;
}

/** The stacks of a snapshot, for pick lists. */
export function stacksOf(snapshot: SwarmSnapshot): string[] {
  return [...new Set(snapshot.services.map((s) => s.stack).filter((s): s is string => !!s))].sort();
}
