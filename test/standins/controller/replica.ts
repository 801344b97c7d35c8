// The replica-set controller's logic, step for step as smartsdk/mongo-rs-controller-swarm's replica_ctrl.py does it.
import type { DockerApi, SwarmService, SwarmTask } from './docker-api';

export interface ControllerSettings {
  overlayNetworkName: string;
  mongoServiceName: string;
  replicasetName: string;
  mongoPort: number;
}

/** Reads the four variables the original requires; a missing one is fatal there too. */
export function readControllerEnv(env: NodeJS.ProcessEnv = process.env): ControllerSettings {
  const names = ['OVERLAY_NETWORK_NAME', 'MONGO_SERVICE_NAME', 'REPLICASET_NAME', 'MONGO_PORT'] as const;
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value === undefined) throw new Error(`KeyError: '${name}'`);
    values[name] = value;
  }
  if (!Object.values(values).every(Boolean)) throw new Error(`Missing required ENV variables. ${JSON.stringify(values)}`);
  const mongoPort = Number.parseInt(values.MONGO_PORT, 10);
  if (!Number.isInteger(mongoPort)) throw new Error(`ValueError: invalid literal for int() with base 10: '${values.MONGO_PORT}'`);
  return {
    overlayNetworkName: values.OVERLAY_NETWORK_NAME,
    mongoServiceName: values.MONGO_SERVICE_NAME,
    replicasetName: values.REPLICASET_NAME,
    mongoPort,
  };
}

export interface MemberConfig {
  _id: number;
  host: string;
  [key: string]: unknown;
}

export interface ReplicaConfig {
  _id: string;
  members: MemberConfig[];
  version: number;
  [key: string]: unknown;
}

/** Talks to one mongod directly (no replica-set discovery), as pymongo's MongoClient(ip, port) does. */
export interface MongoAdmin {
  /** Runs an admin command; rejects with the server's error (OperationFailure) or a connection error. */
  command(ip: string, port: number, cmd: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Whether the server accepts writes (pymongo's `is_primary`). */
  isPrimary(ip: string, port: number): Promise<boolean>;
}

/** A server answered with an error (pymongo's OperationFailure), as opposed to not answering. */
export class OperationFailure extends Error {}

export interface Logger {
  info(msg: string): void;
  debug(msg: string): void;
  warning(msg: string): void;
  error(msg: string): void;
}

export interface ControllerDeps {
  docker: Pick<DockerApi, 'listServices' | 'listTasks'>;
  mongo: MongoAdmin;
  log: Logger;
  sleep(ms: number): Promise<void>;
}

export async function getMongoService(deps: ControllerDeps, name: string): Promise<SwarmService | undefined> {
  const found = (await deps.docker.listServices()).filter((s) => s.Spec.Name === name);
  if (found.length > 1) throw new Error(`Unexpected: multiple docker services with the same name '${name}'`);
  if (found.length === 0) {
    deps.log.error(`Error: Could not find mongo service with name ${name}. Did you correctly deploy the stack with both services?`);
  }
  return found[0];
}

export async function getRunningTasks(deps: ControllerDeps, service: SwarmService): Promise<SwarmTask[]> {
  const tasks = await deps.docker.listTasks({ service: [service.ID], 'desired-state': ['running'] });
  return tasks.filter((t) => t.Status.State === 'running');
}

export async function isServiceUp(deps: ControllerDeps, service: SwarmService | undefined): Promise<boolean> {
  return !!service && (await getRunningTasks(deps, service)).length > 0;
}

/** Each task's address on the overlay network, without the prefix length. */
export function getTasksIps(tasks: SwarmTask[], overlayNetworkName: string): string[] {
  const ips: string[] = [];
  for (const t of tasks) {
    for (const n of t.NetworksAttachments ?? []) {
      if (n.Network.Spec.Name === overlayNetworkName && n.Addresses.length) ips.push(n.Addresses[0].split('/')[0]);
    }
  }
  return ips;
}

export function createMongoConfig(ips: Iterable<string>, replicasetName: string, port: number): ReplicaConfig {
  return {
    _id: replicasetName,
    members: [...ips].map((ip, i) => ({ _id: i, host: `${ip}:${port}` })),
    version: 1,
  };
}

export async function initReplica(deps: ControllerDeps, ips: Set<string>, replicasetName: string, port: number): Promise<void> {
  const config = createMongoConfig(ips, replicasetName, port);
  deps.log.debug(`Initial config: ${JSON.stringify(config)}`);
  const primary = [...ips][0];
  let res: Record<string, unknown>;
  try {
    res = await deps.mongo.command(primary, port, { replSetInitiate: config });
  } catch (err) {
    if (!(err instanceof OperationFailure)) throw err;
    deps.log.debug(`replSetInitiate already configured, forcing configuration (${err.message})`);
    res = await deps.mongo.command(primary, port, { replSetReconfig: config, force: true });
  }
  deps.log.info(`replSetInitiate: ${JSON.stringify(res)}`);
}

/** Members' IPs from the first node that has a configuration. */
export async function gatherConfiguredMembersIps(deps: ControllerDeps, ips: string[], port: number): Promise<Set<string>> {
  const current = new Set<string>();
  for (const ip of ips) {
    try {
      const res = await deps.mongo.command(ip, port, { replSetGetConfig: 1 });
      for (const m of (res.config as ReplicaConfig).members) current.add(m.host.split(':')[0]);
      break;
    } catch (err) {
      if (err instanceof OperationFailure) deps.log.debug(`no configuration found in node ${ip} (${err.message})`);
      else deps.log.debug(`cannot connect to ${ip} to get configuration, failed (${(err as Error).message})`);
    }
  }
  deps.log.debug(`Current members in mongo configurations: ${JSON.stringify([...current])}`);
  return current;
}

export async function getPrimaryIp(deps: ControllerDeps, ips: Iterable<string>, port: number): Promise<string | undefined> {
  const primaries: string[] = [];
  for (const ip of ips) {
    try {
      if (await deps.mongo.isPrimary(ip, port)) primaries.push(ip);
    } catch (err) {
      deps.log.debug(`cannot connect to ${ip} check if primary, failed (${(err as Error).message})`);
    }
  }
  if (primaries.length > 1) deps.log.warning(`Multiple primaries were found (${JSON.stringify(primaries)}). Let's use the first.`);
  if (primaries.length) deps.log.info(`Primary is: ${primaries[0]}`);
  return primaries[0];
}

export interface Timings {
  /** Between the original's checks that the service is up (5 s, 10 tries). */
  serviceCheckMs: number;
  serviceCheckTries: number;
  /** Between two looks at the tasks' IPs (10 s). */
  watchMs: number;
  /** Between the checks for a newly elected primary (10 s, 3 tries). */
  electionWaitMs: number;
  electionTries: number;
}

export const ORIGINAL_TIMINGS: Timings = { serviceCheckMs: 5_000, serviceCheckTries: 10, watchMs: 10_000, electionWaitMs: 10_000, electionTries: 3 };

export async function updateConfig(
  deps: ControllerDeps, primaryIp: string | undefined, currentIps: Set<string>, newIps: Set<string>, port: number, timings: Timings,
): Promise<void> {
  const toRemove = [...currentIps].filter((ip) => !newIps.has(ip));
  const toAdd = [...newIps].filter((ip) => !currentIps.has(ip));
  if (!toRemove.length && !toAdd.length) throw new Error('AssertionError: nothing to change');
  let force = false;
  if (primaryIp === undefined || toRemove.includes(primaryIp)) {
    deps.log.debug(`Primary (${primaryIp ?? 'None'}) no longer available`);
    force = true;
    primaryIp = undefined;
    for (let attempts = timings.electionTries; attempts > 0 && !primaryIp; attempts--) {
      await deps.sleep(timings.electionWaitMs);
      primaryIp = await getPrimaryIp(deps, newIps, port);
      deps.log.debug('No new primary yet automatically elected...');
    }
    if (!primaryIp) {
      const oldMembers = [...newIps].filter((ip) => !toAdd.includes(ip));
      primaryIp = oldMembers.length ? oldMembers[0] : [...newIps][0];
      deps.log.debug(`Choosing ${primaryIp} as the new primary`);
    }
  }
  const res = await deps.mongo.command(primaryIp, port, { replSetGetConfig: 1 });
  const config = res.config as ReplicaConfig;
  deps.log.debug(`Old Members: ${JSON.stringify(config.members)}`);
  if (toRemove.length) {
    deps.log.info(`To remove: ${JSON.stringify(toRemove)}`);
    config.members = config.members.filter((m) => !toRemove.includes(m.host.split(':')[0]));
  }
  if (toAdd.length) {
    deps.log.info(`To add: ${JSON.stringify(toAdd)}`);
    const offset = config.members.length ? Math.max(...config.members.map((m) => m._id)) + 1 : 0;
    toAdd.forEach((ip, i) => config.members.push({ _id: offset + i, host: `${ip}:${port}` }));
  }
  config.version += 1;
  deps.log.debug(`New config: ${JSON.stringify(config)}`);
  const applied = await deps.mongo.command(primaryIp, port, { replSetReconfig: config, force });
  deps.log.info(`new replSetReconfig: ${JSON.stringify(applied)}`);
}

/**
 * Configures the set (from scratch, or by forcing what it finds), then watches the tasks' IPs and
 * reconfigures on every change. Runs until `signal` aborts (the original runs forever).
 */
export async function manageReplica(
  deps: ControllerDeps, service: SwarmService, s: ControllerSettings, timings: Timings, signal?: AbortSignal,
): Promise<void> {
  const tasksIps = getTasksIps(await getRunningTasks(deps, service), s.overlayNetworkName);
  deps.log.debug(`Mongo tasks ips: ${JSON.stringify(tasksIps)}`);
  let currentIps = await gatherConfiguredMembersIps(deps, tasksIps, s.mongoPort);
  deps.log.debug(`Current mongo ips: ${JSON.stringify([...currentIps])}`);
  let primaryIp = await getPrimaryIp(deps, currentIps, s.mongoPort);
  deps.log.debug(`Current primary ip: ${primaryIp ?? 'None'}`);
  if (currentIps.size === 0) {
    deps.log.info('No previous valid configuration, starting replicaset from scratch');
    currentIps = new Set(tasksIps);
    await initReplica(deps, currentIps, s.replicasetName, s.mongoPort);
  }
  while (!signal?.aborted) {
    await deps.sleep(timings.watchMs);
    if (signal?.aborted) break;
    const newIps = new Set(getTasksIps(await getRunningTasks(deps, service), s.overlayNetworkName));
    const changed = [...newIps].some((ip) => !currentIps.has(ip)) || [...currentIps].some((ip) => !newIps.has(ip));
    if (changed) await updateConfig(deps, primaryIp, currentIps, newIps, s.mongoPort, timings);
    currentIps = newIps;
    primaryIp = await getPrimaryIp(deps, newIps, s.mongoPort);
  }
}

/** The original's main: wait (bounded) for the mongo service to have running tasks, then manage. Returns the exit code. */
export async function runController(deps: ControllerDeps, s: ControllerSettings, timings: Timings = ORIGINAL_TIMINGS, signal?: AbortSignal): Promise<number> {
  deps.log.info(`Waiting mongo service (and tasks) (${s.mongoServiceName}) to start`);
  let service: SwarmService | undefined;
  let down = true;
  let attempts = timings.serviceCheckTries;
  while (attempts && down) {
    await deps.sleep(timings.serviceCheckMs);
    service = await getMongoService(deps, s.mongoServiceName);
    down = !(await isServiceUp(deps, service));
    attempts--;
  }
  if (attempts <= 0 || !service) {
    // As in the original, using up the last try counts as expiry even when it succeeded.
    deps.log.error(`Expired attempts waiting for mongo service (${s.mongoServiceName})`);
    return 1;
  }
  deps.log.info('Mongo service is up and running');
  await manageReplica(deps, service, s, timings, signal);
  return 0;
}
