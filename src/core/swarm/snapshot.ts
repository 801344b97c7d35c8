// One consistent picture of a swarm, built from exactly three Engine API calls.
import type { DockerClient } from '../docker/client';
import { DeadlineError } from '../docker/problems';
import { classifyService, type ServiceRole } from './roles';

export interface PublishedPort {
  readonly protocol: string;
  readonly targetPort: number;
  readonly publishedPort?: number;
  readonly publishMode: 'ingress' | 'host';
}

export interface TaskAddress {
  readonly network: string;
  /** Without the prefix length. */
  readonly ip: string;
}

export interface TaskInfo {
  readonly id: string;
  readonly serviceId: string;
  /** Replicated services number their tasks; global ones have none. */
  readonly slot?: number;
  readonly nodeId?: string;
  readonly nodeName?: string;
  readonly state: string;
  readonly desiredState: string;
  readonly message?: string;
  readonly error?: string;
  readonly exitCode?: number;
  readonly containerId?: string;
  readonly updatedAt?: string;
  readonly addresses: readonly TaskAddress[];
}

export interface ServiceInfo {
  readonly id: string;
  readonly name: string;
  /** The stack that deployed it (label com.docker.stack.namespace). */
  readonly stack?: string;
  readonly mode: 'replicated' | 'global' | 'job';
  readonly desired: number;
  readonly running: number;
  readonly image: string;
  readonly args: readonly string[];
  readonly env: readonly string[];
  readonly ports: readonly PublishedPort[];
  /** IDs of the networks the service is attached to; names come with each task's addresses. */
  readonly networkIds: readonly string[];
  readonly endpointMode: 'vip' | 'dnsrr';
  readonly role: ServiceRole;
  /** Newest first, so the current task of each slot comes before its history. */
  readonly tasks: readonly TaskInfo[];
}

export interface NodeInfo {
  readonly id: string;
  readonly hostname: string;
  readonly role: 'manager' | 'worker';
  readonly availability: string;
  readonly state: string;
  readonly address?: string;
  readonly leader: boolean;
  readonly engineVersion?: string;
}

export interface SwarmSnapshot {
  readonly takenAt: string;
  readonly nodes: readonly NodeInfo[];
  readonly services: readonly ServiceInfo[];
}

export interface SnapshotOptions {
  readonly deadlineMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Lists services, tasks and nodes in parallel and joins them in memory. The docker CLI needs a
 * `service ps` per service for the same picture; three calls keep a refresh cheap at any size.
 */
export async function takeSnapshot(docker: DockerClient, options: SnapshotOptions = {}): Promise<SwarmSnapshot> {
  const deadlineMs = options.deadlineMs ?? 10_000;
  const [services, tasks, nodes] = await withDeadline('Listing services, tasks and nodes', deadlineMs, options.signal, (abortSignal) =>
    Promise.all([
      docker.listServices({ abortSignal } as object) as Promise<unknown[]>,
      docker.listTasks({ abortSignal } as object) as Promise<unknown[]>,
      docker.listNodes({ abortSignal } as object) as Promise<unknown[]>,
    ]),
  );
  return buildSnapshot(services, tasks, nodes, new Date());
}

/** Pure join of the three API answers; kept apart from I/O so it can be tested on recorded JSON. */
export function buildSnapshot(rawServices: unknown[], rawTasks: unknown[], rawNodes: unknown[], now: Date): SwarmSnapshot {
  const nodes = rawNodes.map(toNode).sort((a, b) => a.hostname.localeCompare(b.hostname));
  const nodeNames = new Map(nodes.map((n) => [n.id, n.hostname]));
  const tasksByService = new Map<string, TaskInfo[]>();
  for (const raw of rawTasks) {
    const task = toTask(raw, nodeNames);
    const list = tasksByService.get(task.serviceId) ?? [];
    list.push(task);
    tasksByService.set(task.serviceId, list);
  }
  const services = rawServices
    .map((raw) => toService(raw, tasksByService))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { takenAt: now.toISOString(), nodes, services };
}

function toService(raw: unknown, tasksByService: Map<string, TaskInfo[]>): ServiceInfo {
  const s = raw as ApiService;
  const spec = s.Spec ?? {};
  const container = spec.TaskTemplate?.ContainerSpec ?? {};
  const image = stripDigest(container.Image ?? '');
  const args = [...(container.Command ?? []), ...(container.Args ?? [])];
  const tasks = (tasksByService.get(s.ID) ?? []).sort(newestFirst);
  const current = tasks.filter((t) => t.desiredState === 'running');
  const mode = spec.Mode?.Global ? 'global' : spec.Mode?.ReplicatedJob || spec.Mode?.GlobalJob ? 'job' : 'replicated';
  // A global service wants one task per eligible node; the scheduler says how many by the tasks it keeps desired-running.
  const desired = mode === 'replicated' ? spec.Mode?.Replicated?.Replicas ?? 0 : current.length;
  const ports = (s.Endpoint?.Ports ?? spec.EndpointSpec?.Ports ?? []).map((p) => ({
    protocol: p.Protocol ?? 'tcp',
    targetPort: p.TargetPort ?? 0,
    ...(p.PublishedPort ? { publishedPort: p.PublishedPort } : {}),
    publishMode: p.PublishMode === 'host' ? ('host' as const) : ('ingress' as const),
  }));
  return {
    id: s.ID,
    name: spec.Name ?? s.ID,
    ...(spec.Labels?.['com.docker.stack.namespace'] ? { stack: spec.Labels['com.docker.stack.namespace'] } : {}),
    mode,
    desired,
    running: current.filter((t) => t.state === 'running').length,
    image,
    args,
    env: container.Env ?? [],
    ports,
    networkIds: (spec.TaskTemplate?.Networks ?? spec.Networks ?? []).map((n) => n.Target ?? '').filter(Boolean),
    endpointMode: spec.EndpointSpec?.Mode === 'dnsrr' ? 'dnsrr' : 'vip',
    role: classifyService(image, args),
    tasks,
  };
}

function toTask(raw: unknown, nodeNames: Map<string, string>): TaskInfo {
  const t = raw as ApiTask;
  const status = t.Status ?? {};
  const nodeName = t.NodeID ? nodeNames.get(t.NodeID) : undefined;
  return {
    id: t.ID,
    serviceId: t.ServiceID ?? '',
    ...(typeof t.Slot === 'number' && t.Slot > 0 ? { slot: t.Slot } : {}),
    ...(t.NodeID ? { nodeId: t.NodeID } : {}),
    ...(nodeName ? { nodeName } : {}),
    state: status.State ?? 'unknown',
    desiredState: t.DesiredState ?? 'unknown',
    ...(status.Message ? { message: status.Message } : {}),
    ...(status.Err ? { error: status.Err } : {}),
    ...(typeof status.ContainerStatus?.ExitCode === 'number' ? { exitCode: status.ContainerStatus.ExitCode } : {}),
    ...(status.ContainerStatus?.ContainerID ? { containerId: status.ContainerStatus.ContainerID } : {}),
    ...(status.Timestamp ?? t.UpdatedAt ? { updatedAt: status.Timestamp ?? t.UpdatedAt } : {}),
    addresses: (t.NetworksAttachments ?? []).flatMap((a) =>
      (a.Addresses ?? []).map((cidr) => ({ network: a.Network?.Spec?.Name ?? a.Network?.ID ?? '', ip: cidr.split('/')[0] })),
    ),
  };
}

function toNode(raw: unknown): NodeInfo {
  const n = raw as ApiNode;
  return {
    id: n.ID,
    hostname: n.Description?.Hostname ?? n.ID,
    role: n.Spec?.Role === 'manager' ? 'manager' : 'worker',
    availability: n.Spec?.Availability ?? 'unknown',
    state: n.Status?.State ?? 'unknown',
    ...(n.Status?.Addr ? { address: n.Status.Addr } : {}),
    leader: n.ManagerStatus?.Leader === true,
    ...(n.Description?.Engine?.EngineVersion ? { engineVersion: n.Description.Engine.EngineVersion } : {}),
  };
}

function newestFirst(a: TaskInfo, b: TaskInfo): number {
  return (b.updatedAt ?? '').localeCompare(a.updatedAt ?? '');
}

function stripDigest(image: string): string {
  return image.split('@')[0];
}

/** Runs work with an abort signal that fires at the deadline or when the caller cancels. */
export async function withDeadline<T>(what: string, ms: number, outer: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  // Settles before the work is aborted: a client that rejects at once on abort must not have its
  // own "aborted" error win the race over the deadline or the caller's reason.
  const stopped = new Promise<never>((_, reject) => {
    const stop = (reason: unknown): void => {
      reject(reason);
      controller.abort(reason);
    };
    timer = setTimeout(() => stop(new DeadlineError(what, ms)), ms);
    onAbort = () => stop(outer?.reason ?? new Error('Cancelled'));
    if (outer?.aborted) onAbort();
    else outer?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([stopped, work(controller.signal)]);
  } finally {
    clearTimeout(timer);
    if (onAbort) outer?.removeEventListener('abort', onAbort);
  }
}

// The parts of the Engine API's answers that the snapshot reads (API v1.41+).
interface ApiService {
  ID: string;
  Spec?: {
    Name?: string;
    Labels?: Record<string, string>;
    Mode?: { Replicated?: { Replicas?: number }; Global?: object; ReplicatedJob?: object; GlobalJob?: object };
    TaskTemplate?: { ContainerSpec?: { Image?: string; Command?: string[]; Args?: string[]; Env?: string[] }; Networks?: { Target?: string }[] };
    Networks?: { Target?: string }[];
    EndpointSpec?: { Mode?: string; Ports?: ApiPort[] };
  };
  Endpoint?: { Ports?: ApiPort[] };
}
interface ApiPort {
  Protocol?: string;
  TargetPort?: number;
  PublishedPort?: number;
  PublishMode?: string;
}
interface ApiTask {
  ID: string;
  ServiceID?: string;
  Slot?: number;
  NodeID?: string;
  DesiredState?: string;
  UpdatedAt?: string;
  Status?: { State?: string; Message?: string; Err?: string; Timestamp?: string; ContainerStatus?: { ContainerID?: string; ExitCode?: number } };
  NetworksAttachments?: { Network?: { ID?: string; Spec?: { Name?: string } }; Addresses?: string[] }[];
}
interface ApiNode {
  ID: string;
  Description?: { Hostname?: string; Engine?: { EngineVersion?: string } };
  Spec?: { Role?: string; Availability?: string };
  Status?: { State?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean };
}
