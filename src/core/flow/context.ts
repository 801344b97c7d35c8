// What the swarm tells the flow before it runs: where Orion and Comet answer, and whether the reference reaches Comet.
import { createDockerClient } from '../docker/client';
import type { ResolvedEndpoint } from '../docker/endpoint';
import { takeSnapshot, type SwarmSnapshot } from '../swarm/snapshot';
import { detectEndpoints, type FlowEndpoints } from './endpoints';

export interface SwarmContext {
  readonly endpoints: FlowEndpoints;
  /** Undefined when the engine could not be read; the flow then runs on settings or defaults. */
  readonly snapshot?: SwarmSnapshot;
}

/** One snapshot with a short deadline; a swarm that cannot be read leaves the flow to its defaults. */
export async function readSwarmContext(resolved: ResolvedEndpoint | undefined, settings: { orionUrl?: string; cometUrl?: string }, deadlineMs = 5000): Promise<SwarmContext> {
  let snapshot: SwarmSnapshot | undefined;
  if (resolved) {
    try {
      snapshot = await takeSnapshot(createDockerClient(resolved.endpoint, { timeoutMs: deadlineMs }), { deadlineMs });
    } catch {
      snapshot = undefined;
    }
  }
  return { endpoints: detectEndpoints(snapshot, resolved?.endpoint, settings), ...(snapshot ? { snapshot } : {}) };
}
