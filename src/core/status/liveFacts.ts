// What the linter's live rules need to know, read from the swarm: names that resolve, networks, the set's name, images.
import type { DockerClient } from '../docker/client';
import type { LiveFacts } from '../lint/liveFacts';
import { withDeadline } from '../swarm/snapshot';
import type { SwarmStatus } from './collect';

interface ApiNetwork {
  Name: string;
  Scope?: string;
  Driver?: string;
}

interface ApiImage {
  RepoTags?: string[] | null;
}

/**
 * Built on a status the caller already has, plus two calls (networks, images). Images are read
 * from the engine Comet Swarm talks to; on a swarm of several nodes that is one node of many, so
 * they are left out rather than reported as missing elsewhere.
 */
export async function gatherLiveFacts(docker: DockerClient, status: Extract<SwarmStatus, { ok: true }>, deadlineMs = 3_000): Promise<LiveFacts> {
  const singleNode = status.snapshot.nodes.length === 1;
  const [networks, images] = await withDeadline('Reading networks and images', deadlineMs, undefined, () =>
    Promise.all([docker.listNetworks() as Promise<ApiNetwork[]>, singleNode ? (docker.listImages() as Promise<ApiImage[]>) : Promise.resolve(undefined)]),
  );
  const services = status.snapshot.services;
  // A stack's service answers on the stack's networks to its name without the stack prefix (Orion reaches `comet`).
  const aliases = services.filter((s) => s.stack && s.name.startsWith(`${s.stack}_`)).map((s) => s.name.slice(s.stack!.length + 1));
  const rs = status.replicaSet?.status;
  const liveSetName = rs ? (rs.state === 'ok' || rs.state === 'noPrimary' ? rs.setName : rs.state === 'notInitiated' ? null : undefined) : undefined;
  return {
    serviceNames: services.map((s) => s.name),
    networkAliases: [...new Set(aliases)],
    networks: networks.map((n) => ({ name: n.Name, scope: n.Scope ?? 'local', driver: n.Driver ?? '' })),
    ...(liveSetName !== undefined ? { liveSetName } : {}),
    ...(images && singleNode
      ? { imagesOnNodes: [{ node: status.snapshot.nodes[0].hostname, images: images.flatMap((i) => i.RepoTags ?? []).filter((t) => t !== '<none>:<none>') }] }
      : {}),
  };
}

export interface LiveFactsReading {
  readonly facts?: LiveFacts;
  /** Why there are no facts, for the one information finding that says so. */
  readonly reason?: string;
}

/** Facts when the swarm answered, else the reason the live checks cannot run, worded for that finding. */
export async function liveFactsFromStatus(docker: DockerClient, status: SwarmStatus): Promise<LiveFactsReading> {
  if (!status.ok) return { reason: `Live checks did not run: ${status.problem.summary}. Only the files were checked.` };
  try {
    return { facts: await gatherLiveFacts(docker, status) };
  } catch (error) {
    return { reason: `Live checks did not run: ${error instanceof Error ? error.message : String(error)}. Only the files were checked.` };
  }
}
