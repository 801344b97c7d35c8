// Everything the explorer and `comet-swarm status` show, gathered in one pass with a fixed number of calls.
import type { DockerClient } from '../docker/client';
import { formatEndpoint, type ResolvedEndpoint } from '../docker/endpoint';
import { describeEngineProblem, type EngineProblem } from '../docker/problems';
import { mongoServices, probeReplicaSet } from '../mongo/probe';
import type { ReplicaSetReading } from '../mongo/replicaSet';
import { takeSnapshot, withDeadline, type SwarmSnapshot } from '../swarm/snapshot';

export interface EngineInfo {
  /** As the user would write it in DOCKER_HOST. */
  readonly endpoint: string;
  readonly source: ResolvedEndpoint['source'];
  readonly serverVersion?: string;
  readonly nodeId?: string;
  readonly nodeName?: string;
  readonly isManager: boolean;
}

export type SwarmStatus =
  | { readonly ok: true; readonly engine: EngineInfo; readonly snapshot: SwarmSnapshot; readonly replicaSet?: ReplicaSetReading }
  | { readonly ok: false; readonly engine: Pick<EngineInfo, 'endpoint' | 'source'>; readonly problem: EngineProblem };

const REPLICA_SET_DEADLINE_MS = 20_000;

export interface CollectOptions {
  readonly mongoUri?: string;
  /** Skip the replica set (a tunnel and a driver connection) when only the services are wanted. */
  readonly withReplicaSet?: boolean;
  readonly deadlineMs?: number;
  readonly signal?: AbortSignal;
}

interface ApiInfo {
  ServerVersion?: string;
  Name?: string;
  Swarm?: { NodeID?: string; LocalNodeState?: string; ControlAvailable?: boolean; Error?: string };
}

/** Engine failures come back as a status with a problem; a read cancelled through `signal` rejects with the caller's reason. */
export async function collectStatus(docker: DockerClient, resolved: ResolvedEndpoint, options: CollectOptions = {}): Promise<SwarmStatus> {
  const endpoint = formatEndpoint(resolved.endpoint);
  const deadlineMs = options.deadlineMs ?? 10_000;
  const failed = (error: unknown): SwarmStatus => {
    // A caller that gave up (a newer refresh superseded this one) learns it by a rejection: it is no engine problem to show.
    if (options.signal?.aborted) throw error;
    return { ok: false, engine: { endpoint, source: resolved.source }, problem: describeEngineProblem(error, resolved.endpoint) };
  };
  let info: ApiInfo;
  try {
    info = await withDeadline('Reading engine info', deadlineMs, options.signal, (abortSignal) =>
      // @types/dockerode omits info's options; dockerode passes abortSignal on to the request.
      (docker as unknown as { info(opts: object): Promise<ApiInfo> }).info({ abortSignal }),
    );
  } catch (error) {
    return failed(error);
  }
  // The engine's own words for these states, so that the advice matches what `docker` would print.
  const swarmState = info.Swarm?.LocalNodeState ?? 'inactive';
  if (swarmState !== 'active') {
    return failed(new Error('This node is not part of a swarm. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.'));
  }
  if (info.Swarm?.ControlAvailable !== true) {
    return failed(new Error("This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager."));
  }
  let snapshot: SwarmSnapshot;
  try {
    snapshot = await takeSnapshot(docker, { deadlineMs, ...(options.signal ? { signal: options.signal } : {}) });
  } catch (error) {
    return failed(error);
  }
  const nodeId = info.Swarm?.NodeID;
  const engine: EngineInfo = {
    endpoint,
    source: resolved.source,
    ...(info.ServerVersion ? { serverVersion: info.ServerVersion } : {}),
    ...(nodeId ? { nodeId } : {}),
    ...(info.Name ? { nodeName: info.Name } : {}),
    isManager: true,
  };
  if (options.withReplicaSet === false) return { ok: true, engine, snapshot };
  const mongo = mongoServices(snapshot);
  if (mongo.length === 0 && !options.mongoUri) return { ok: true, engine, snapshot };
  let replicaSet: ReplicaSetReading;
  try {
    // The probe has its own timeouts; this bound and the caller's signal keep a superseded read from holding the next one back.
    replicaSet = await withDeadline('Reading the replica set', REPLICA_SET_DEADLINE_MS, options.signal, () =>
      probeReplicaSet(docker, mongo[0], {
        ...(options.mongoUri ? { explicitUri: options.mongoUri } : {}),
        ...(nodeId ? { localNodeId: nodeId } : {}),
      }),
    );
  } catch (error) {
    if (options.signal?.aborted) throw error;
    replicaSet = { status: { state: 'unreachable', message: error instanceof Error ? error.message : String(error) }, via: 'none' };
  }
  return { ok: true, engine, snapshot, replicaSet };
}
