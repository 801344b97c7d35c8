// Proves the rehearsal converged: the recipe's services with their roles and counts, a set with 1 PRIMARY + 2 SECONDARY, Comet and Orion on 127.0.0.1.
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { DockerApi } from '../standins/controller/docker-api';
import { docker } from '../rehearsal/lib/run';
import { waitFor } from '../rehearsal/lib/wait';
import {
  up, servicesState, replicaSetStatus, deployCometVariant, removeCometVariant, serviceContainers,
  COMET_URL, ORION_URL, type ServiceState,
} from '../rehearsal/up';

let services: ServiceState[] = [];
const api = new DockerApi();

before(async () => {
  // No skip when Docker is missing: up() installs and starts it, and fails loudly if it cannot.
  await up();
  services = await servicesState();
}, { timeout: 900_000 });

function service(name: string): ServiceState {
  const s = services.find((x) => x.name === name);
  assert.ok(s, `service ${name} is deployed (have: ${services.map((x) => x.name).join(', ')})`);
  return s;
}

test('the Comet stack runs 2 STH-Comet 2.2.0 tasks, reachable by name through dnsrr', () => {
  const comet = service('comet_comet');
  assert.equal(comet.stack, 'comet');
  assert.match(comet.image, /^telefonicaiot\/fiware-sth-comet:2\.2\.0/);
  assert.equal(comet.mode, 'replicated');
  assert.equal(comet.desired, 2);
  assert.equal(comet.running, 2);
  assert.equal(comet.endpointMode, 'dnsrr');
});

test('the Mongo stack runs 3 mongod members with --replSet rs and one controller', async () => {
  const mongo = service('mongo-rs_mongo');
  assert.equal(mongo.stack, 'mongo-rs');
  assert.match(mongo.image, /^mongo:3\.2/);
  assert.equal(mongo.running, 3);
  const [spec] = (await api.listServices()).filter((s) => s.Spec.Name === 'mongo-rs_mongo');
  const container = (spec.Spec.TaskTemplate as { ContainerSpec?: { Command?: string[] } }).ContainerSpec;
  assert.deepEqual(container?.Command, ['/usr/bin/mongod', '--replSet', 'rs', '--journal', '--smallfiles', '--bind_ip', '0.0.0.0']);
  const controller = service('mongo-rs_controller');
  assert.match(controller.image, /^martel\/mongo-replica-ctrl:latest/);
  assert.equal(controller.running, 1);
});

test('Orion runs 2 tasks of fiware/orion:1.12.0 from context-broker-ha', () => {
  const orion = service('orion_orion');
  assert.equal(orion.stack, 'orion');
  assert.match(orion.image, /^fiware\/orion:1\.12\.0/);
  assert.equal(orion.running, 2);
});

test('the replica set rs has exactly one PRIMARY and two SECONDARY, all healthy (driver through docker exec)', async () => {
  const status = await replicaSetStatus();
  assert.equal(status.set, 'rs');
  assert.deepEqual(status.members.map((m) => m.stateStr).sort(), ['PRIMARY', 'SECONDARY', 'SECONDARY']);
  assert.ok(status.members.every((m) => m.health === 1), JSON.stringify(status.members));
  assert.ok(status.members.every((m) => /^10\.\d+\.\d+\.\d+:27017$/.test(m.name)), 'members are the tasks\' overlay IPs');
});

test('the mongo image carries what the product relies on: bash /dev/tcp, cat, hostname --ip-address, the mongo shell probe', async () => {
  const [container] = await serviceContainers('mongo-rs_mongo');
  const ip = await docker(['exec', container, 'hostname', '--ip-address'], { timeoutMs: 15_000 });
  assert.match(ip.stdout.trim(), /^\d+\.\d+\.\d+\.\d+/);
  const tcp = await docker(['exec', container, 'bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/27017 && echo open | cat'], { timeoutMs: 15_000 });
  assert.equal(tcp.stdout.trim(), 'open');
  const probe = await docker(['exec', container, 'bash', '/mongo-healthcheck'], { allowFail: true, timeoutMs: 30_000 });
  assert.equal(probe.code, 0, `health probe: ${probe.stdout}${probe.stderr}`);
});

test('Comet answers GET /version on 127.0.0.1:8666 as STH-Comet 2.2.0', async () => {
  const res = await fetch(`${COMET_URL}/version`, { signal: AbortSignal.timeout(5_000) });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { version: '2.2.0' });
});

test('Orion answers GET /version on 127.0.0.1:1026 as Orion 1.12.0', async () => {
  const res = await fetch(`${ORION_URL}/version`, { signal: AbortSignal.timeout(5_000) });
  assert.equal(res.status, 200);
  const body = await res.json() as { orion: { version: string } };
  assert.equal(body.orion.version, '1.12.0');
});

test('a frontend.env whose MONGO_SERVICE_URI has a mongodb:// prefix makes the Comet tasks exit 1 and restart', { timeout: 240_000 }, async () => {
  const stack = 'comet-scheme';
  const name = await deployCometVariant(stack, { MONGO_SERVICE_URI: 'mongodb://mongo-rs_mongo' });
  try {
    const failed = await waitFor('failed tasks of the variant', async () => {
      const [svc] = (await api.listServices()).filter((s) => s.Spec.Name === name);
      if (!svc) return undefined;
      const tasks = await api.listTasks({ service: [svc.ID] });
      const dead = tasks.filter((t) => t.Status.State === 'failed');
      return dead.length >= 2 ? dead : undefined;
    }, { timeoutMs: 180_000, intervalMs: 1_000 });
    assert.ok(failed.every((t) => t.Status.ContainerStatus?.ExitCode === 1), JSON.stringify(failed.map((t) => t.Status)));
    const logs = await docker(['service', 'logs', '--raw', name], { timeoutMs: 30_000 });
    assert.match(logs.stdout + logs.stderr, /DB_URI|Database URI set to value: mongodb:\/\/mongo-rs_mongo/);
    assert.match(logs.stdout + logs.stderr, /failed to connect to server \[mongodb:27017\]/);
  } finally {
    await removeCometVariant(stack);
  }
});

test('a REPLICASET_NAME that is not the set\'s name makes STH-Comet exit with the driver\'s replica-set error', { timeout: 240_000 }, async () => {
  const stack = 'comet-rsname';
  const name = await deployCometVariant(stack, { REPLICASET_NAME: 'wrong' });
  try {
    const logs = await waitFor('the variant to log its connection error', async () => {
      const r = await docker(['service', 'logs', '--raw', name], { allowFail: true, timeoutMs: 30_000 });
      const text = r.stdout + r.stderr;
      return /lvl=ERROR/.test(text) ? text : undefined;
    }, { timeoutMs: 180_000, intervalMs: 2_000 });
    assert.match(logs, /Establishing connection to the database at mongodb:\/\/@mongo-rs_mongo\/sth_testservice\?replicaSet=wrong/);
    assert.match(logs, /no primary found in replicaset or invalid replica set name/);
  } finally {
    await removeCometVariant(stack);
  }
});
