// Which Mongo service a front end relies on, and waiting (bounded, cancellable) until its replica set has a PRIMARY.
import type { DockerClient } from '../docker/client';
import { probeReplicaSet } from '../mongo/probe';
import type { ReplicaSetReading } from '../mongo/replicaSet';
import { takeSnapshot, type ServiceInfo, type SwarmSnapshot } from '../swarm/snapshot';
import type { ProgressReporter } from './types';

/** The hosts of a MONGO_SERVICE_URI (`a:27017,b`), without ports and without the `tasks.` prefix. */
export function uriServiceNames(uri: string | undefined): string[] {
  if (!uri) return [];
  return uri
    .split(',')
    .map((h) => h.trim().replace(/:\d+$/, '').replace(/^tasks\./, ''))
    .filter(Boolean);
}

/**
 * The service MONGO_SERVICE_URI names (by full name, or by the short name it answers to on a
 * stack network), else `<backend STACK_NAME>_mongo`, else nothing: the front end must not be
 * judged against some other Mongo that happens to run in the swarm.
 */
export function pickMongoService(snapshot: SwarmSnapshot, mongoServiceUri: string | undefined, mongoStackName: string | undefined): ServiceInfo | undefined {
  const mongo = snapshot.services.filter((s) => s.role === 'mongo');
  for (const host of uriServiceNames(mongoServiceUri)) {
    const exact = mongo.find((s) => s.name === host);
    if (exact) return exact;
  }
  return mongoStackName ? mongo.find((s) => s.name === `${mongoStackName}_mongo`) : undefined;
}

/** The name the front end expects, for messages when nothing is found. */
export function expectedMongoName(mongoServiceUri: string | undefined, mongoStackName: string | undefined): string {
  return uriServiceNames(mongoServiceUri)[0] ?? (mongoStackName ? `${mongoStackName}_mongo` : 'the Mongo service');
}

export type PrimaryWait =
  | { readonly ok: true; readonly service: ServiceInfo; readonly reading: ReplicaSetReading; readonly setName: string; readonly primary: string }
  | { readonly ok: false; readonly reason: string; readonly service?: ServiceInfo; readonly reading?: ReplicaSetReading };

export interface PrimaryWaitOptions {
  readonly mongoServiceUri?: string;
  readonly mongoStackName?: string;
  readonly localNodeId?: string;
  readonly explicitUri?: string;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressReporter;
}

function describeReading(reading: ReplicaSetReading): string {
  const s = reading.status;
  switch (s.state) {
    case 'ok':
      return `PRIMARY ${s.primary}`;
    case 'noPrimary':
      return `set ${s.setName} has no PRIMARY yet (${s.members.map((m) => `${m.name} ${m.stateStr}`).join(', ') || 'no members'})`;
    default:
      return s.message;
  }
}

/**
 * Polls until the set has a PRIMARY or the deadline passes: a set is usable only once the
 * controller has initiated it and an election is over, and STH-Comet started earlier exits with
 * "no primary found in replicaset" and restarts in a loop.
 */
export async function waitForPrimary(docker: DockerClient, options: PrimaryWaitOptions): Promise<PrimaryWait> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 2_000;
  const expected = expectedMongoName(options.mongoServiceUri, options.mongoStackName);
  let last: PrimaryWait = { ok: false, reason: `No service ${expected} in the swarm: deploy the back end (the Mongo stack) first.` };
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('Cancelled');
    const snapshot = await takeSnapshot(docker, { deadlineMs: 10_000, ...(options.signal ? { signal: options.signal } : {}) });
    const service = pickMongoService(snapshot, options.mongoServiceUri, options.mongoStackName);
    if (!service) {
      last = { ok: false, reason: `No service ${expected} in the swarm: deploy the back end (the Mongo stack) first.` };
      options.onProgress?.(`Waiting for ${expected} to be deployed`);
    } else if (service.running === 0) {
      last = { ok: false, service, reason: `${service.name} runs no task yet (0/${service.desired}).` };
      options.onProgress?.(`Waiting for ${service.name}: 0/${service.desired} running`);
    } else {
      const reading = await probeReplicaSet(docker, service, {
        ...(options.explicitUri ? { explicitUri: options.explicitUri } : {}),
        ...(options.localNodeId ? { localNodeId: options.localNodeId } : {}),
        timeoutMs: 5_000,
      });
      if (reading.status.state === 'ok') {
        return { ok: true, service, reading, setName: reading.status.setName, primary: reading.status.primary };
      }
      last = { ok: false, service, reading, reason: `${service.name} (${service.running}/${service.desired} running): ${describeReading(reading)}.` };
      options.onProgress?.(`Waiting for a PRIMARY in ${service.name}: ${describeReading(reading)}`);
    }
    const left = deadline - Date.now();
    if (left <= 0) return last;
    await sleep(Math.min(interval, left), options.signal);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('Cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export { sleep as abortableSleep };
