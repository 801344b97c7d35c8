// The first check of every deploy step: the engine answers, is in a swarm, and is a manager.
import type { DockerClient } from '../docker/client';
import { formatEndpoint, type ResolvedEndpoint } from '../docker/endpoint';
import { describeEngineProblem } from '../docker/problems';
import { withDeadline } from '../swarm/snapshot';
import type { CheckResult } from './types';

export interface EngineInfoAnswer {
  Name?: string;
  Swarm?: { NodeID?: string; LocalNodeState?: string; ControlAvailable?: boolean };
}

export interface EngineCheck {
  readonly check: CheckResult;
  readonly info: EngineInfoAnswer;
  readonly nodeId?: string;
}

export async function checkEngine(docker: DockerClient, resolved: ResolvedEndpoint, signal?: AbortSignal): Promise<EngineCheck> {
  const where = formatEndpoint(resolved.endpoint);
  const fail = (message: string, info: EngineInfoAnswer = {}): EngineCheck => ({ check: { id: 'engine', title: 'Docker engine', status: 'error', message }, info });
  let info: EngineInfoAnswer;
  try {
    info = await withDeadline('Reading engine info', 20_000, signal, () => docker.info() as Promise<EngineInfoAnswer>);
  } catch (error) {
    const problem = describeEngineProblem(error, resolved.endpoint);
    return fail(`${problem.summary}: ${problem.detail}`);
  }
  if (info.Swarm?.LocalNodeState !== 'active') {
    return fail(`The engine at ${where} is not part of a swarm. Run "docker swarm init" (or start one with miniswarm), or point Comet Swarm at the swarm manager.`, info);
  }
  if (info.Swarm.ControlAvailable !== true) {
    return fail(`The engine at ${where} is a worker, not a swarm manager: stacks are deployed from a manager. Point Comet Swarm at a manager node (for miniswarm, ms-manager0).`, info);
  }
  return {
    check: { id: 'engine', title: 'Docker engine', status: 'ok', message: `${info.Name ?? where} is a swarm manager (${where}).` },
    info,
    ...(info.Swarm.NodeID ? { nodeId: info.Swarm.NodeID } : {}),
  };
}
