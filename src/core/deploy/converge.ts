// Watches a deployed stack until it has converged or failed: replicas per service, task errors, the PRIMARY (back) or Comet's /version (front), and the failing service's last logs.
import type { DockerClient } from '../docker/client';
import type { DockerEndpoint } from '../docker/endpoint';
import { probeReplicaSet } from '../mongo/probe';
import { streamServiceLogs } from '../swarm/logs';
import { takeSnapshot, withDeadline, type ServiceInfo, type SwarmSnapshot, type TaskInfo } from '../swarm/snapshot';
import { askVersion, cometEndpoints, cometServicesOf } from './cometEndpoints';
import { abortableSleep } from './mongoService';
import type { DeployTarget } from './types';

export interface ServiceProgress {
  readonly name: string;
  readonly running: number;
  readonly desired: number;
}

export interface ConvergeOptions {
  readonly target: DeployTarget;
  readonly stackName: string;
  readonly engine: DockerEndpoint;
  /** Tasks older than this belong to an earlier deploy and say nothing about this one. */
  readonly since: Date;
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  /** How long success must hold: a Comet task that cannot reach Mongo runs a moment, then exits. */
  readonly stableMs?: number;
  readonly localNodeId?: string;
  readonly mongoUri?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (services: readonly ServiceProgress[], note: string) => void;
}

export type ConvergeResult =
  | { readonly ok: true; readonly services: readonly ServiceProgress[]; readonly message: string; readonly warning?: string }
  | { readonly ok: false; readonly services: readonly ServiceProgress[]; readonly reason: string; readonly failingService?: string; readonly taskErrors: readonly string[]; readonly logTail: readonly string[] };

const FAILED_STATES = new Set(['failed', 'rejected']);
/** An image that cannot be had will not appear by waiting. */
const DEFINITIVE = /No such image|manifest unknown|pull access denied|repository does not exist|invalid reference format/i;
/** Failed tasks of one service since the deploy that make a restart loop. */
const LOOP_COUNT = 3;

export function formatProgress(services: readonly ServiceProgress[]): string {
  return services.map((s) => `${s.name} ${s.running}/${s.desired}`).join(', ');
}

function describeTask(service: ServiceInfo, task: TaskInfo): string {
  const what = task.error ?? task.message ?? task.state;
  const exit = task.exitCode !== undefined && task.exitCode !== 0 && !/exit/.test(what) ? ` (exit code ${task.exitCode})` : '';
  return `${service.name}${task.slot ? `.${task.slot}` : ''} ${task.state}: ${what}${exit}`;
}

/** Failed tasks per service since the deploy, newest first. */
export function taskFailures(services: readonly ServiceInfo[], since: Date): Map<ServiceInfo, TaskInfo[]> {
  const out = new Map<ServiceInfo, TaskInfo[]>();
  for (const service of services) {
    const failed = service.tasks.filter((t) => FAILED_STATES.has(t.state) && Date.parse(t.updatedAt ?? '') >= since.getTime() - 1_000);
    if (failed.length > 0) out.set(service, failed);
  }
  return out;
}

/** A verdict from one snapshot: failed (definitive error or a restart loop), or the progress so far. */
export function judgeTasks(services: readonly ServiceInfo[], since: Date): { failing?: ServiceInfo; errors: string[] } {
  const failures = taskFailures(services, since);
  for (const [service, tasks] of failures) {
    const errors = tasks.slice(0, 5).map((t) => describeTask(service, t));
    if (tasks.some((t) => DEFINITIVE.test(t.error ?? ''))) return { failing: service, errors };
    if (tasks.length >= LOOP_COUNT) return { failing: service, errors: [`${service.name} restarted ${tasks.length} times since the deploy (a restart loop)`, ...errors] };
  }
  return { errors: [...failures].flatMap(([service, tasks]) => tasks.slice(0, 2).map((t) => describeTask(service, t))) };
}

async function logTail(docker: DockerClient, service: ServiceInfo, lines = 20): Promise<string[]> {
  const out: string[] = [];
  try {
    await withDeadline(`Reading the logs of ${service.name}`, 8_000, undefined, (signal) =>
      streamServiceLogs(docker, service.id, { follow: false, tail: lines, signal, onLine: (l) => out.push(l.text) }),
    );
  } catch (error) {
    out.push(`(logs not available: ${error instanceof Error ? error.message : String(error)})`);
  }
  return out.slice(-lines * 2);
}

export async function watchConvergence(docker: DockerClient, options: ConvergeOptions): Promise<ConvergeResult> {
  const timeoutMs = options.timeoutMs ?? (options.target === 'back' ? 300_000 : 180_000);
  const interval = options.intervalMs ?? 1_500;
  const stableMs = options.stableMs ?? 3_000;
  const deadline = Date.now() + timeoutMs;
  let progress: ServiceProgress[] = [];
  let note = 'waiting for the stack to appear';
  let heldSince = 0;
  let success: { message: string; warning?: string } | undefined;
  let lastSnapshot: SwarmSnapshot | undefined;
  const report = (n: string): void => {
    note = n;
    options.onProgress?.(progress, n);
  };
  for (;;) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('Cancelled');
    const snapshot = await takeSnapshot(docker, { deadlineMs: 10_000, ...(options.signal ? { signal: options.signal } : {}) });
    lastSnapshot = snapshot;
    const services = snapshot.services.filter((s) => s.stack === options.stackName);
    progress = services.map((s) => ({ name: s.name, running: s.running, desired: s.desired }));
    const verdict = judgeTasks(services, options.since);
    if (verdict.failing) {
      return { ok: false, services: progress, reason: `${verdict.failing.name} cannot start: ${verdict.errors[0]}`, failingService: verdict.failing.name, taskErrors: verdict.errors, logTail: await logTail(docker, verdict.failing) };
    }
    const behind = services.filter((s) => s.desired === 0 || s.running < s.desired);
    success = undefined;
    if (services.length === 0) {
      report('waiting for the stack to appear');
    } else if (behind.length > 0) {
      report(`${formatProgress(progress)}${verdict.errors.length ? ` (${verdict.errors[0]})` : ''}`);
    } else if (options.target === 'back') {
      const mongo = services.find((s) => s.role === 'mongo');
      if (!mongo) {
        success = { message: `All replicas of ${options.stackName} run; it has no mongod service to check for a PRIMARY.`, warning: 'no mongod service in the stack' };
      } else {
        const reading = await probeReplicaSet(docker, mongo, { ...(options.localNodeId ? { localNodeId: options.localNodeId } : {}), ...(options.mongoUri ? { explicitUri: options.mongoUri } : {}), timeoutMs: 5_000 });
        const s = reading.status;
        if (s.state === 'ok') success = { message: `${formatProgress(progress)}; set ${s.setName} has PRIMARY ${s.primary}.` };
        else report(`${formatProgress(progress)}; waiting for a PRIMARY: ${s.state === 'noPrimary' ? `set ${s.setName} has none yet` : s.message}`);
      }
    } else {
      const comets = cometServicesOf(snapshot, options.stackName);
      const endpoints = comets.flatMap((c) => cometEndpoints(snapshot, c, options.engine));
      if (comets.length === 0) {
        success = { message: `All replicas of ${options.stackName} run.`, warning: 'The stack has no STH-Comet service, so /version was not asked.' };
      } else if (endpoints.length === 0) {
        success = {
          message: `${formatProgress(progress)}.`,
          warning: `Neither ${comets.map((c) => c.name).join(', ')} nor a service in front of it publishes a port, so Comet's /version could not be asked from here; the replicas run, which is all that can be said.`,
        };
      } else {
        const check = await askVersion(endpoints);
        if (check.answered) success = { message: `${formatProgress(progress)}; STH-Comet ${check.answered.version} answers /version at ${check.answered.endpoint.url}${check.answered.endpoint.via !== comets[0].name ? ` (through ${check.answered.endpoint.via})` : ''}.` };
        else report(`${formatProgress(progress)}; /version does not answer yet (${check.tried.map((t) => `${t.endpoint.url}: ${t.reading.error}`).join('; ')})`);
      }
    }
    if (success) {
      heldSince ||= Date.now();
      if (Date.now() - heldSince >= stableMs) return { ok: true, services: progress, ...success };
      report(`${formatProgress(progress)}; checking that it holds`);
    } else {
      heldSince = 0;
    }
    const left = deadline - Date.now();
    if (left <= 0) break;
    await abortableSleep(Math.min(interval, left), options.signal);
  }
  // Out of time: say what was missing, with the errors and logs of the service furthest behind.
  const services = (lastSnapshot?.services ?? []).filter((s) => s.stack === options.stackName);
  const verdict = judgeTasks(services, options.since);
  const laggard = services.find((s) => s.running < s.desired) ?? services[0];
  let reason = `${options.stackName} did not converge within ${Math.round(timeoutMs / 1000)} s: ${note}.`;
  if (options.target === 'front' && /does not answer/.test(note)) {
    reason += ' If the port is published through the routing mesh (ingress) and the kernel of the nodes has no IPVS (some WSL2 and minimal kernels), the mesh accepts nothing: publish Comet in host mode or put a load balancer in front of it.';
  }
  return { ok: false, services: progress, reason, ...(laggard ? { failingService: laggard.name } : {}), taskErrors: verdict.errors, logTail: laggard ? await logTail(docker, laggard) : [] };
}
