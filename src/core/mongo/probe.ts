// Finds a way to a replica-set member from where Comet Swarm runs, and reads the set through it.
import type { DockerClient } from '../docker/client';
import { taskName } from '../swarm/groups';
import type { ServiceInfo, SwarmSnapshot, TaskInfo } from '../swarm/snapshot';
import { openExecTunnel } from './execTunnel';
import { readReplicaSet, type ReplicaSetReading } from './replicaSet';

export interface ProbeOptions {
  /** An explicit connection string (setting cometSwarm.mongo.uri) wins over the tunnel. */
  readonly explicitUri?: string;
  /** The swarm node ID of the engine the client talks to: `docker exec` reaches only its containers. */
  readonly localNodeId?: string;
  readonly timeoutMs?: number;
}

/** The mongod services of the snapshot, replica-set members first. */
export function mongoServices(snapshot: SwarmSnapshot): ServiceInfo[] {
  return snapshot.services.filter((s) => s.role === 'mongo');
}

/** mongod's port from its arguments (`--port N`), 27017 otherwise. */
export function mongodPort(args: readonly string[]): number {
  const index = args.indexOf('--port');
  const value = index >= 0 ? Number(args[index + 1]) : NaN;
  return Number.isInteger(value) && value > 0 && value < 65536 ? value : 27017;
}

/** A running mongod task whose container lives on the node this engine is, if any. */
export function pickLocalMongoTask(service: ServiceInfo, localNodeId: string | undefined): TaskInfo | undefined {
  return service.tasks.find(
    (t) => t.state === 'running' && t.desiredState === 'running' && t.containerId && (!localNodeId || t.nodeId === localNodeId),
  );
}

export async function probeReplicaSet(docker: DockerClient, service: ServiceInfo | undefined, options: ProbeOptions): Promise<ReplicaSetReading> {
  const timeoutMs = options.timeoutMs ?? 8_000;
  if (options.explicitUri) {
    return { ...(await readReplicaSet(options.explicitUri, { timeoutMs })), via: redactCredentials(options.explicitUri) };
  }
  if (!service) {
    return { status: { state: 'unreachable', message: 'No MongoDB service in this swarm.' }, via: 'none' };
  }
  const task = pickLocalMongoTask(service, options.localNodeId);
  if (!task?.containerId) {
    return {
      status: {
        state: 'unreachable',
        message: `No running ${service.name} task on the node Docker is reached through, so no container to reach mongod from. Set cometSwarm.mongo.uri to a connection string this machine can route to.`,
      },
      via: 'none',
    };
  }
  const stderr: string[] = [];
  const tunnel = await openExecTunnel(docker, { containerId: task.containerId, targetPort: mongodPort(service.args), onError: (m) => stderr.push(m) });
  const memberTask = taskName(service, task);
  try {
    // directConnection: the members' own addresses (overlay IPs) are not routable from here.
    const uri = `mongodb://${tunnel.host}:${tunnel.port}/?directConnection=true`;
    const reading = await readReplicaSet(uri, { timeoutMs });
    if (reading.status.state === 'unreachable' && stderr.length > 0) {
      return { ...reading, status: { state: 'unreachable', message: `${reading.status.message} (inside ${memberTask}: ${stderr[stderr.length - 1]})` }, via: `docker exec into ${memberTask}` };
    }
    return { ...reading, via: `docker exec into ${memberTask}` };
  } finally {
    await tunnel.close();
  }
}

export function redactCredentials(uri: string): string {
  return uri.replace(/\/\/([^@/]*)@/, '//***@');
}
