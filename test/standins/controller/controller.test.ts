// Tests of the controller stand-in against replica_ctrl.py's behaviour: env, task IPs, initiate, reconfigure.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { DockerApi, type SwarmTask } from './docker-api';
import {
  readControllerEnv, getTasksIps, createMongoConfig, runController, updateConfig, OperationFailure,
  type ControllerDeps, type MongoAdmin, type ReplicaConfig, type Timings,
} from './replica';

const FAST: Timings = { serviceCheckMs: 1, serviceCheckTries: 10, watchMs: 1, electionWaitMs: 1, electionTries: 3 };

function task(id: string, state: string, nets: Record<string, string>): SwarmTask {
  return {
    ID: id, ServiceID: 'svc', DesiredState: 'running', Status: { State: state },
    NetworksAttachments: Object.entries(nets).map(([name, addr]) => ({ Network: { Spec: { Name: name } }, Addresses: [addr] })),
  };
}

/** A fake mongod per IP, recording the commands it gets. */
class FakeMongos implements MongoAdmin {
  config?: ReplicaConfig;
  primary?: string;
  calls: { ip: string; cmd: Record<string, unknown> }[] = [];
  down = new Set<string>();
  async command(ip: string, _port: number, cmd: Record<string, unknown>) {
    if (this.down.has(ip)) throw new Error(`connect ECONNREFUSED ${ip}`);
    this.calls.push({ ip, cmd });
    if ('replSetGetConfig' in cmd) {
      if (!this.config) throw new OperationFailure('no replset config has been received');
      return { config: structuredClone(this.config), ok: 1 };
    }
    if ('replSetInitiate' in cmd) {
      if (this.config) throw new OperationFailure('already initialized');
      this.config = structuredClone(cmd.replSetInitiate as ReplicaConfig);
      this.primary = ip;
      return { ok: 1 };
    }
    if ('replSetReconfig' in cmd) {
      this.config = structuredClone(cmd.replSetReconfig as ReplicaConfig);
      return { ok: 1 };
    }
    throw new OperationFailure(`no such command: ${Object.keys(cmd)[0]}`);
  }
  async isPrimary(ip: string) {
    if (this.down.has(ip)) throw new Error(`connect ECONNREFUSED ${ip}`);
    return this.primary === ip;
  }
}

function deps(tasks: () => SwarmTask[], mongo: MongoAdmin, abort?: AbortController): ControllerDeps & { lines: string[] } {
  const lines: string[] = [];
  let sleeps = 0;
  return {
    lines,
    docker: {
      listServices: async () => [{ ID: 'svc', Spec: { Name: 'mongo-rs_mongo' } }, { ID: 'other', Spec: { Name: 'comet_comet' } }],
      listTasks: async (filters) => (filters.service?.[0] === 'svc' ? tasks() : []),
    },
    mongo,
    log: { info: (m) => lines.push(`INFO:${m}`), debug: () => undefined, warning: (m) => lines.push(`WARNING:${m}`), error: (m) => lines.push(`ERROR:${m}`) },
    sleep: async () => { if (++sleeps > 20) abort?.abort(); },
  };
}

const SETTINGS = { overlayNetworkName: 'backend', mongoServiceName: 'mongo-rs_mongo', replicasetName: 'rs', mongoPort: 27017 };

test('the four variables of the recipe are required, MONGO_PORT as an integer', () => {
  const env = { OVERLAY_NETWORK_NAME: 'backend', MONGO_SERVICE_NAME: 'mongo-rs_mongo', REPLICASET_NAME: 'rs', MONGO_PORT: '27017' };
  assert.deepEqual(readControllerEnv(env), SETTINGS);
  assert.throws(() => readControllerEnv({ ...env, OVERLAY_NETWORK_NAME: undefined }), /KeyError: 'OVERLAY_NETWORK_NAME'/);
  assert.throws(() => readControllerEnv({ ...env, REPLICASET_NAME: '' }), /Missing required ENV variables/);
});

test('task IPs are taken from the named overlay network only, without the prefix length', () => {
  const tasks = [task('a', 'running', { ingress: '10.0.0.5/24', backend: '10.0.1.3/24' }), task('b', 'running', { frontend: '10.0.2.3/24' })];
  assert.deepEqual(getTasksIps(tasks, 'backend'), ['10.0.1.3']);
});

test('the first configuration numbers members from 0 at version 1', () => {
  assert.deepEqual(createMongoConfig(['10.0.1.3', '10.0.1.4'], 'rs', 27017), {
    _id: 'rs', version: 1, members: [{ _id: 0, host: '10.0.1.3:27017' }, { _id: 1, host: '10.0.1.4:27017' }],
  });
});

test('from scratch, the set is initiated on the first running task with every running task as member', async () => {
  const mongo = new FakeMongos();
  const abort = new AbortController();
  const tasks = [task('a', 'running', { backend: '10.0.1.3/24' }), task('b', 'running', { backend: '10.0.1.4/24' }), task('c', 'running', { backend: '10.0.1.5/24' }), task('d', 'starting', { backend: '10.0.1.6/24' })];
  const d = deps(() => tasks, mongo, abort);
  assert.equal(await runController(d, SETTINGS, FAST, abort.signal), 0);
  const initiate = mongo.calls.find((c) => 'replSetInitiate' in c.cmd)!;
  assert.equal(initiate.ip, '10.0.1.3');
  assert.deepEqual((initiate.cmd.replSetInitiate as ReplicaConfig).members.map((m) => m.host), ['10.0.1.3:27017', '10.0.1.4:27017', '10.0.1.5:27017']);
  assert.ok(d.lines.includes('INFO:No previous valid configuration, starting replicaset from scratch'));
  assert.ok(d.lines.includes('INFO:Mongo service is up and running'));
});

test('a set found already configured is not initiated again', async () => {
  const mongo = new FakeMongos();
  mongo.config = createMongoConfig(['10.0.1.3', '10.0.1.4'], 'rs', 27017);
  mongo.primary = '10.0.1.4';
  const abort = new AbortController();
  const tasks = [task('a', 'running', { backend: '10.0.1.3/24' }), task('b', 'running', { backend: '10.0.1.4/24' })];
  await runController(deps(() => tasks, mongo, abort), SETTINGS, FAST, abort.signal);
  assert.equal(mongo.calls.filter((c) => 'replSetInitiate' in c.cmd || 'replSetReconfig' in c.cmd).length, 0);
});

test('a new task is added with the next _id and version + 1, without force while the primary stays', async () => {
  const mongo = new FakeMongos();
  mongo.config = createMongoConfig(['10.0.1.3', '10.0.1.4'], 'rs', 27017);
  mongo.primary = '10.0.1.3';
  await updateConfig(deps(() => [], mongo), '10.0.1.3', new Set(['10.0.1.3', '10.0.1.4']), new Set(['10.0.1.3', '10.0.1.4', '10.0.1.9']), 27017, FAST);
  const reconfig = mongo.calls.find((c) => 'replSetReconfig' in c.cmd)!;
  assert.equal(reconfig.cmd.force, false);
  assert.equal(mongo.config!.version, 2);
  assert.deepEqual(mongo.config!.members.at(-1), { _id: 2, host: '10.0.1.9:27017' });
});

test('when the primary is the member that went away, the reconfiguration is forced on a surviving member', async () => {
  const mongo = new FakeMongos();
  mongo.config = createMongoConfig(['10.0.1.3', '10.0.1.4', '10.0.1.5'], 'rs', 27017);
  mongo.primary = undefined; // nobody elected yet
  mongo.down.add('10.0.1.3');
  await updateConfig(deps(() => [], mongo), '10.0.1.3', new Set(['10.0.1.3', '10.0.1.4', '10.0.1.5']), new Set(['10.0.1.4', '10.0.1.5', '10.0.1.6']), 27017, FAST);
  const reconfig = mongo.calls.find((c) => 'replSetReconfig' in c.cmd)!;
  assert.equal(reconfig.cmd.force, true);
  assert.equal(reconfig.ip, '10.0.1.4');
  assert.deepEqual(mongo.config!.members.map((m) => m.host), ['10.0.1.4:27017', '10.0.1.5:27017', '10.0.1.6:27017']);
  assert.deepEqual(mongo.config!.members.map((m) => m._id), [1, 2, 3]);
});

test('a mongo service that never gets a running task makes the controller give up with exit 1', async () => {
  const d = deps(() => [], new FakeMongos());
  assert.equal(await runController(d, SETTINGS, FAST), 1);
  assert.ok(d.lines.includes('ERROR:Expired attempts waiting for mongo service (mongo-rs_mongo)'));
});

test('the Docker API client asks the engine socket for the service tasks with the desired-state filter', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctrl-'));
  const socketPath = path.join(dir, 'docker.sock');
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(decodeURIComponent(req.url ?? ''));
    res.setHeader('Content-Type', 'application/json');
    res.end(req.url?.startsWith('/services') ? '[{"ID":"svc","Spec":{"Name":"mongo-rs_mongo"}}]' : '[]');
  });
  await new Promise<void>((r) => server.listen(socketPath, () => r()));
  try {
    const api = new DockerApi({ socketPath });
    assert.equal((await api.listServices())[0].Spec.Name, 'mongo-rs_mongo');
    await api.listTasks({ service: ['svc'], 'desired-state': ['running'] });
    assert.equal(seen[1], '/tasks?filters={"service":["svc"],"desired-state":["running"]}');
  } finally {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
