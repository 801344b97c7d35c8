// Deploys the recipe (Mongo, Comet, Orion) onto the local one-node swarm with the smallest override this machine needs, and waits until it has converged.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import { DockerApi, type SwarmService, type SwarmTask } from '../standins/controller/docker-api';
import { connectMongo } from '../standins/sth/driver';
import { ensureEngine, ensureSwarm } from './engine';
import { buildImages, mongoStandinPresent, MONGOD_ENTRY, REPO_ROOT } from './images';
import { step } from './lib/log';
import { run, docker } from './lib/run';
import { readCreated, recordCreated, forgetCreated, withLock } from './lib/state';
import { openExecTunnel } from './lib/tunnel';
import { waitFor } from './lib/wait';

/** The users' recipe: ../shared/recipe beside the checkout (read-only; never written). */
export const RECIPE_DIR = process.env.COMET_RECIPE_DIR ?? path.resolve(REPO_ROOT, '..', 'shared', 'recipe');
export const OVERRIDES_DIR = path.join(__dirname, 'overrides');

export const STACKS = {
  /** backend.env STACK_NAME */
  mongo: 'mongo-rs',
  /** frontend.env STACK_NAME */
  comet: 'comet',
  /** context-broker-ha has no deploy script; this is the name the rehearsal gives it. */
  orion: 'orion',
  /** The rehearsal's own stand-in for the routing mesh. */
  lb: 'rehearsal-lb',
} as const;

/** Every service of the rehearsal and how many tasks it runs once converged. */
export const EXPECTED_SERVICES: Record<string, number> = {
  'mongo-rs_mongo': 3,
  'mongo-rs_controller': 1,
  'comet_comet': 2,
  'orion_orion': 2,
  'rehearsal-lb_comet': 1,
  'rehearsal-lb_orion': 1,
};

export const COMET_URL = 'http://127.0.0.1:8666';
export const ORION_URL = 'http://127.0.0.1:1026';
const NETWORKS = ['backend', 'frontend'];
const MONGO_VOLUME = 'mongodata';

const api = new DockerApi();

// ---------------------------------------------------------------- networks and volume

interface NetworkInfo { Name: string; Scope: string; Driver: string; Attachable: boolean }

async function inspectNetwork(name: string): Promise<NetworkInfo | undefined> {
  try {
    return await api.request<NetworkInfo>('GET', `/networks/${encodeURIComponent(name)}`);
  } catch {
    return undefined;
  }
}

/**
 * Creates `backend` and `frontend` with the recipe's own tools/create_networks.sh. Swarm-scoped
 * overlays already there are kept; a wrong-scope leftover is replaced only if the rehearsal made it.
 */
export async function ensureNetworks(): Promise<void> {
  const missing: string[] = [];
  for (const name of NETWORKS) {
    const net = await inspectNetwork(name);
    if (!net) { missing.push(name); continue; }
    if (net.Scope === 'swarm' && net.Driver === 'overlay') { step(`network ${name} exists (swarm overlay)`); continue; }
    if (!readCreated().networks.includes(name)) {
      throw new Error(`network ${name} exists as a ${net.Scope}-scoped ${net.Driver} network that the rehearsal did not create; remove it or rename it first`);
    }
    step(`network ${name} is a ${net.Scope}-scoped ${net.Driver} leftover of the rehearsal: removing it`);
    await docker(['network', 'rm', name], { timeoutMs: 60_000 });
    missing.push(name);
  }
  if (!missing.length) return;
  step(`creating networks ${missing.join(', ')} with tools/create_networks.sh`);
  // The script creates both and stops at nothing; one that exists already just fails its line.
  await run('sh', [path.join(RECIPE_DIR, 'tools', 'create_networks.sh')], { cwd: path.join(RECIPE_DIR, 'tools'), allowFail: true, timeoutMs: 120_000 });
  for (const name of missing) {
    const net = await inspectNetwork(name);
    if (!net || net.Scope !== 'swarm') throw new Error(`tools/create_networks.sh did not create the swarm network ${name}`);
    recordCreated('networks', name);
  }
}

/** The Mongo stack mounts the external volume `mongodata`; the users create it, so does the rehearsal. */
export async function ensureMongoVolume(): Promise<void> {
  const r = await docker(['volume', 'inspect', MONGO_VOLUME], { allowFail: true, timeoutMs: 15_000 });
  if (r.code === 0) { step(`volume ${MONGO_VOLUME} exists`); return; }
  step(`creating volume ${MONGO_VOLUME}`);
  await docker(['volume', 'create', MONGO_VOLUME], { timeoutMs: 30_000 });
  recordCreated('volumes', MONGO_VOLUME);
}

// ---------------------------------------------------------------- stacks

/** Reads an override's `x-rehearsal.remove-ports`: services whose published ports the override cannot remove. */
function portsToRemove(overrideFile: string): string[] {
  const doc = YAML.parse(fs.readFileSync(overrideFile, 'utf8')) as { 'x-rehearsal'?: { 'remove-ports'?: string[] } };
  return doc['x-rehearsal']?.['remove-ports'] ?? [];
}


/** Removes the `ports` of the named services in a compose file, leaving every other key as the recipe has it. */
function removePorts(composeFile: string, services: string[]): void {
  if (!services.length) return;
  const doc = YAML.parseDocument(fs.readFileSync(composeFile, 'utf8'));
  for (const name of services) doc.deleteIn(['services', name, 'ports']);
  fs.writeFileSync(composeFile, doc.toString());
}

interface DeployOptions {
  /** Folder the deploy script runs in. */
  cwd: string;
  /** Env files sourced in order with allexport, as the recipe's deploy scripts do. */
  envFiles: string[];
  composeFiles: string[];
  /** Stack name; by default the env files' STACK_NAME, as in the recipe. */
  stackName?: string;
}

/**
 * Runs the recipe's deploy script logic: source the env files with allexport, then `docker stack deploy`.
 * `--resolve-image never`: every image is local, and asking a registry for digests would send traffic off this machine.
 */
async function deployStack(o: DeployOptions): Promise<void> {
  const sources = o.envFiles.map((f) => `. ./${f}`).join('\n');
  const script = `set -e\nset -o allexport\n${sources}\nset +o allexport\nexec docker stack deploy --resolve-image never "$@" "\${REHEARSAL_STACK_NAME:-$STACK_NAME}"`;
  const args = o.composeFiles.flatMap((f) => ['-c', f]);
  const env: NodeJS.ProcessEnv = { ...process.env, ...(o.stackName ? { REHEARSAL_STACK_NAME: o.stackName } : {}) };
  // The recipe's variables must come from its env files only, not from whoever runs this.
  for (const k of ['STACK_NAME', 'MONGO_SERVICE_URI', 'REPLICASET_NAME', 'MONGO_VERSION', 'COMET_VERSION', 'ORION_VERSION', 'ORION_LOG_LEVEL', 'BACKEND_NETWORK_NAME', 'DOCKER_MTU']) delete env[k];
  await run('bash', ['-c', script, 'deploy', ...args], { cwd: o.cwd, env, timeoutMs: 180_000 });
}

/** deploy_back.sh without its download (the recipe folder already has the file), plus the override. */
export async function deployMongoStack(): Promise<void> {
  step(`deploying stack ${STACKS.mongo} (sth-ha/mongo-docker-compose.yml + overrides/mongo.yml)`);
  recordCreated('stacks', STACKS.mongo);
  await deployStack({
    cwd: path.join(RECIPE_DIR, 'sth-ha'),
    envFiles: ['backend.env'],
    composeFiles: ['mongo-docker-compose.yml', path.join(OVERRIDES_DIR, 'mongo.yml')],
  });
}

/**
 * A temp copy of a recipe folder (its files made writable) whose docker-compose.yml lost the ports
 * the override lists under `x-rehearsal.remove-ports`, and whose env files got `envChanges`.
 * The caller removes it after deploying (configs and env files are read at deploy time only).
 */
export function prepareRecipeCopy(folder: string, overrideFile: string, envChanges: Record<string, Record<string, string>> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `comet-swarm-rehearsal-${folder}-`));
  fs.cpSync(path.join(RECIPE_DIR, folder), dir, { recursive: true });
  for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o755);
  removePorts(path.join(dir, 'docker-compose.yml'), portsToRemove(overrideFile));
  for (const [file, changes] of Object.entries(envChanges)) {
    if (Object.keys(changes).length) editEnvFile(path.join(dir, file), changes);
  }
  return dir;
}

/** Rewrites assignments of an env file (adding those it lacks); values are shell text, written as given. */
function editEnvFile(file: string, changes: Record<string, string>): void {
  let text = fs.readFileSync(file, 'utf8');
  for (const [key, value] of Object.entries(changes)) {
    const line = new RegExp(`^${key}=.*$`, 'm');
    text = line.test(text) ? text.replace(line, () => `${key}=${value}`) : `${text.replace(/\n?$/, '\n')}${key}=${value}\n`;
  }
  fs.writeFileSync(file, text);
}

/** deploy_front.sh (backend.env THEN frontend.env) from a copy of sth-ha whose compose file lost its ingress port. */
async function deployCometFrom(frontendChanges: Record<string, string>, stackName?: string): Promise<void> {
  const override = path.join(OVERRIDES_DIR, 'comet.yml');
  const dir = prepareRecipeCopy('sth-ha', override, { 'frontend.env': frontendChanges });
  try {
    await deployStack({ cwd: dir, envFiles: ['backend.env', 'frontend.env'], composeFiles: ['docker-compose.yml', override], stackName });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function deployCometStack(): Promise<void> {
  step(`deploying stack ${STACKS.comet} (sth-ha/docker-compose.yml without its ingress port + overrides/comet.yml)`);
  recordCreated('stacks', STACKS.comet);
  await deployCometFrom({});
}

/** Orion from context-broker-ha: source settings.env, deploy with the override. */
export async function deployOrionStack(): Promise<void> {
  step(`deploying stack ${STACKS.orion} (context-broker-ha/docker-compose.yml without its ingress port + overrides/orion.yml)`);
  recordCreated('stacks', STACKS.orion);
  const override = path.join(OVERRIDES_DIR, 'orion.yml');
  const dir = prepareRecipeCopy('context-broker-ha', override);
  try {
    await deployStack({ cwd: dir, envFiles: ['settings.env'], composeFiles: ['docker-compose.yml', override], stackName: STACKS.orion });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function deployLoadBalancers(): Promise<void> {
  step(`deploying stack ${STACKS.lb} (host-mode 8666 and 1026 in front of tasks.comet_comet and tasks.orion_orion)`);
  recordCreated('stacks', STACKS.lb);
  await docker(['stack', 'deploy', '--resolve-image', 'never', '-c', path.join(OVERRIDES_DIR, 'lb.yml'), STACKS.lb], { timeoutMs: 180_000 });
}

/**
 * Deploys the Comet stack again under another name from a temp copy of sth-ha whose frontend.env
 * gets `changes` (shell text, e.g. `{ MONGO_SERVICE_URI: 'mongodb://mongo-rs_mongo' }`). Its service
 * is `<stackName>_comet`; it publishes no port.
 */
export async function deployCometVariant(stackName: string, changes: Record<string, string>): Promise<string> {
  if (Object.values(STACKS).includes(stackName as never)) throw new Error(`${stackName} is one of the rehearsal's own stacks`);
  step(`deploying Comet variant stack ${stackName} with frontend.env changes ${JSON.stringify(changes)}`);
  recordCreated('stacks', stackName);
  await deployCometFrom({ ...changes, STACK_NAME: stackName }, stackName);
  return `${stackName}_comet`;
}

/** Removes a stack and waits (bounded) until none of its services or containers is left. */
export async function removeStack(stackName: string, timeoutMs = 120_000): Promise<void> {
  step(`removing stack ${stackName}`);
  await docker(['stack', 'rm', stackName], { allowFail: true, timeoutMs: 60_000 });
  await waitFor(`stack ${stackName} to be gone`, async () => {
    const services = await docker(['service', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stackName}`], { timeoutMs: 15_000 });
    const containers = await docker(['ps', '-aq', '--filter', `label=com.docker.stack.namespace=${stackName}`], { timeoutMs: 15_000 });
    const networks = await docker(['network', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stackName}`], { timeoutMs: 15_000 });
    return !services.stdout.trim() && !containers.stdout.trim() && !networks.stdout.trim();
  }, { timeoutMs, intervalMs: 1_000 });
  forgetCreated('stacks', stackName);
}

export async function removeCometVariant(stackName: string): Promise<void> {
  await removeStack(stackName);
}

// ---------------------------------------------------------------- state of the rehearsal

export interface ServiceState {
  name: string;
  stack: string;
  image: string;
  mode: 'replicated' | 'global';
  desired: number;
  running: number;
  endpointMode: string;
  /** Last error of a task that is not running, if any. */
  lastError?: string;
}

/** One call for services and one for tasks. */
export async function servicesState(): Promise<ServiceState[]> {
  const [services, tasks] = await Promise.all([api.listServices(), api.listTasks({ 'desired-state': ['running'] })]);
  const all = await api.listTasks({});
  return services.map((s: SwarmService) => {
    const mine = tasks.filter((t: SwarmTask) => t.ServiceID === s.ID);
    // Only a recent failure says something about now; rejected tasks of an old spec linger for long.
    const recent = Date.now() - 60_000;
    const failed = all
      .filter((t) => t.ServiceID === s.ID && t.Status.Err && Date.parse(t.Status.Timestamp ?? '') > recent)
      .sort((a, b) => (b.Status.Timestamp ?? '').localeCompare(a.Status.Timestamp ?? ''));
    return {
      name: s.Spec.Name,
      stack: s.Spec.Labels?.['com.docker.stack.namespace'] ?? '',
      image: s.Spec.TaskTemplate?.ContainerSpec?.Image ?? '',
      mode: s.Spec.Mode?.Global ? 'global' : 'replicated',
      desired: s.Spec.Mode?.Replicated?.Replicas ?? mine.length,
      running: mine.filter((t) => t.Status.State === 'running').length,
      endpointMode: s.Spec.EndpointSpec?.Mode ?? 'vip',
      lastError: failed[0]?.Status.Err,
    };
  });
}

export interface MemberState { name: string; stateStr: string; health: number }
export interface ReplicaSetState { set: string; members: MemberState[] }

/** The ids of the running containers of a swarm service on this node. */
export async function serviceContainers(service: string): Promise<string[]> {
  const r = await docker(['ps', '-q', '--filter', `label=com.docker.swarm.service.name=${service}`, '--filter', 'status=running'], { timeoutMs: 15_000 });
  return r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

/**
 * replSetGetStatus as the official driver gets it, through a `docker exec` tunnel into a running
 * mongo container (bash's /dev/tcp to its 127.0.0.1:27017), the way the product reaches Mongo.
 */
export async function replicaSetStatus(service = `${STACKS.mongo}_mongo`): Promise<ReplicaSetState> {
  const [container] = await serviceContainers(service);
  if (!container) throw new Error(`no running container of ${service}`);
  const tunnel = await openExecTunnel(container);
  try {
    const client = await connectMongo(`mongodb://127.0.0.1:${tunnel.port}/admin`, {
      useUnifiedTopology: true, directConnection: true, serverSelectionTimeoutMS: 5_000, connectTimeoutMS: 5_000, socketTimeoutMS: 10_000,
    });
    try {
      const status = await client.db('admin').command({ replSetGetStatus: 1 }) as { set: string; members: MemberState[] };
      return { set: status.set, members: status.members.map((m) => ({ name: m.name, stateStr: m.stateStr, health: m.health })) };
    } finally {
      await client.close(true).catch(() => undefined);
    }
  } finally {
    await tunnel.close();
  }
}

async function httpJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(3_000) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

export interface Convergence {
  services: ServiceState[];
  replicaSet: ReplicaSetState;
  comet: unknown;
  orion: unknown;
}

/** Waits until every service runs all its tasks, the set has 1 PRIMARY + 2 SECONDARY, and Comet and Orion answer on 127.0.0.1. */
export async function waitConverged(timeoutMs = 300_000, stableMs = 5_000): Promise<Convergence> {
  let lastStatus = '';
  let heldSince = 0;
  const report = (s: string) => { if (s !== lastStatus) { lastStatus = s; step(`waiting: ${s}`); } };
  const say = (s: string) => { heldSince = 0; report(s); };
  return waitFor('the rehearsal to converge', async () => {
    const services = await servicesState();
    const behind = Object.entries(EXPECTED_SERVICES).map(([name, want]) => {
      const s = services.find((x) => x.name === name);
      return !s ? `${name} missing` : s.running !== want ? `${name} ${s.running}/${want}${s.lastError ? ` (${s.lastError})` : ''}` : '';
    }).filter(Boolean);
    if (behind.length) { say(behind.join(', ')); return undefined; }
    let replicaSet: ReplicaSetState;
    try {
      replicaSet = await replicaSetStatus();
    } catch (err) {
      say(`replica set: ${(err as Error).message.split('\n')[0]}`);
      return undefined;
    }
    const states = replicaSet.members.map((m) => m.stateStr).sort();
    if (states.join(',') !== 'PRIMARY,SECONDARY,SECONDARY') { say(`replica set members: ${states.join(', ') || 'none'}`); return undefined; }
    let comet: unknown;
    let orion: unknown;
    try {
      comet = await httpJson(`${COMET_URL}/version`);
      orion = await httpJson(`${ORION_URL}/version`);
    } catch (err) {
      say(`http: ${(err as Error).message}`);
      return undefined;
    }
    // A Comet task started before the set had a primary dies a moment later: ask for a steady state.
    if (!heldSince) heldSince = Date.now();
    if (Date.now() - heldSince < stableMs) { report(`all up; checking that it stays so for ${stableMs / 1000} s`); return undefined; }
    return { services, replicaSet, comet, orion };
  }, { timeoutMs, intervalMs: 1_000 });
}

/**
 * The rehearsal's stacks that would not converge by themselves, with the reason:
 * - fewer live tasks than replicas: what an engine restart leaves, since the containers stop with
 *   exit 0 and the recipe's `restart_policy: on-failure` does not restart a task that completed;
 * - an update in progress: the recipe's Mongo update_config replaces one task per 1m30s;
 * - running containers on an older build of their image tag (the spec names the tag only).
 */
export async function stuckStacks(): Promise<Map<string, string>> {
  const [services, specs, tasks] = await Promise.all([servicesState(), api.listServices(), api.listTasks({})]);
  const stuck = new Map<string, string>();
  for (const s of services) {
    if (!Object.keys(EXPECTED_SERVICES).includes(s.name) || stuck.has(s.stack)) continue;
    const spec = specs.find((x) => x.Spec.Name === s.name) as (SwarmService & { UpdateStatus?: { State?: string } }) | undefined;
    const live = tasks.filter((t) => t.ServiceID === spec?.ID && !['shutdown', 'remove'].includes(t.DesiredState)).length;
    let why = live < s.desired ? `${s.name} has ${live} of ${s.desired} tasks alive` : '';
    if (!why && ['updating', 'rollback_started'].includes(spec?.UpdateStatus?.State ?? '')) why = `${s.name} is in a rolling update`;
    const containers = why ? [] : await serviceContainers(s.name);
    if (containers.length) {
      const image = await docker(['image', 'inspect', '--format', '{{.Id}}', s.image.split('@')[0]], { allowFail: true, timeoutMs: 15_000 });
      const used = await docker(['inspect', '--format', '{{.Image}}', ...containers], { allowFail: true, timeoutMs: 15_000 });
      if (image.code === 0 && used.code === 0 && used.stdout.split('\n').filter(Boolean).some((i) => i.trim() !== image.stdout.trim())) {
        why = `${s.name} runs an older build of ${s.image}`;
      }
    }
    if (why) stuck.set(s.stack, why);
  }
  return stuck;
}

const DEPLOY: Record<string, () => Promise<void>> = {
  [STACKS.mongo]: deployMongoStack,
  [STACKS.comet]: deployCometStack,
  [STACKS.orion]: deployOrionStack,
  [STACKS.lb]: deployLoadBalancers,
};

/** Removes and deploys again the stacks that would not converge by themselves (all tasks start at once). */
async function redeployStuckStacks(): Promise<void> {
  const stuck = await stuckStacks();
  // Comet's driver keeps the old members' addresses: a new set needs new Comet tasks too.
  if (stuck.has(STACKS.mongo) && !stuck.has(STACKS.comet)) stuck.set(STACKS.comet, 'its replica set is deployed anew');
  if (!stuck.size) return;
  for (const [stack, why] of stuck) step(`stack ${stack} would not converge by itself (${why}): deploying it anew`);
  await Promise.all([...stuck.keys()].map((stack) => removeStack(stack)));
  for (const stack of Object.values(STACKS)) if (stuck.has(stack)) await DEPLOY[stack]();
}

export interface UpOptions {
  /** Deadline for convergence after deploying. */
  timeoutMs?: number;
}

/** Everything, idempotently: engine, swarm, images, networks, volume, the four stacks, then convergence. */
export async function up(opts: UpOptions = {}): Promise<Convergence> {
  return withLock('up', 900_000, async () => {
    await ensureEngine();
    await ensureSwarm();
    await buildImages();
    if (!mongoStandinPresent()) throw new Error(`the Mongo member stand-in (${path.relative(REPO_ROOT, MONGOD_ENTRY)}) is missing: mongo:3.2 cannot be built, the set could never converge`);
    await ensureNetworks();
    await ensureMongoVolume();
    await deployMongoStack();
    await deployCometStack();
    await deployOrionStack();
    await deployLoadBalancers();
    await redeployStuckStacks();
    const converged = await waitConverged(opts.timeoutMs);
    step(`converged: Comet ${JSON.stringify(converged.comet)} on ${COMET_URL}, Orion ${(converged.orion as { orion?: { version?: string } }).orion?.version} on ${ORION_URL}, set ${converged.replicaSet.set}: ${converged.replicaSet.members.map((m) => `${m.name} ${m.stateStr}`).join(', ')}`);
    return converged;
  });
}

if (require.main === module) {
  const started = Date.now();
  up().then(() => {
    step(`rehearsal is up (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    process.exit(0);
  }, (err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
