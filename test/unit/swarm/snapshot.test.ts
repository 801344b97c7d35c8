// The snapshot joins services, tasks and nodes as the Engine API returns them.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupServices, replicaCount, serviceHealth } from '../../../src/core/swarm/groups';
import { buildSnapshot } from '../../../src/core/swarm/snapshot';

const node = { ID: 'n1', Description: { Hostname: 'ms-manager0', Engine: { EngineVersion: '24.0.7' } }, Spec: { Role: 'manager', Availability: 'active' }, Status: { State: 'ready', Addr: '192.168.99.100' }, ManagerStatus: { Leader: true } };

const comet = {
  ID: 's-comet',
  Spec: {
    Name: 'comet_comet',
    Labels: { 'com.docker.stack.namespace': 'comet' },
    Mode: { Replicated: { Replicas: 2 } },
    TaskTemplate: { ContainerSpec: { Image: 'telefonicaiot/fiware-sth-comet:2.2.0@sha256:0123', Env: ['DB_URI=mongo-rs_mongo'] }, Networks: [{ Target: 'net-front' }] },
    EndpointSpec: { Mode: 'vip', Ports: [{ Protocol: 'tcp', TargetPort: 8666, PublishedPort: 8666, PublishMode: 'ingress' }] },
  },
  Endpoint: { Ports: [{ Protocol: 'tcp', TargetPort: 8666, PublishedPort: 8666, PublishMode: 'ingress' }] },
};
const mongo = {
  ID: 's-mongo',
  Spec: { Name: 'mongo-rs_mongo', Labels: { 'com.docker.stack.namespace': 'mongo-rs' }, Mode: { Global: {} }, TaskTemplate: { ContainerSpec: { Image: 'mongo:3.2', Command: ['/usr/bin/mongod', '--replSet', 'rs'] } } },
};

function task(id: string, serviceId: string, state: string, desired: string, extra: object = {}): object {
  return { ID: id, ServiceID: serviceId, NodeID: 'n1', DesiredState: desired, Status: { State: state, Timestamp: `2026-12-03T10:00:0${id.length % 10}Z` }, ...extra };
}

const tasks = [
  task('t1', 's-comet', 'running', 'running', { Slot: 1, Status: { State: 'running', Timestamp: '2026-12-03T10:00:05Z', ContainerStatus: { ContainerID: 'c1' } } }),
  task('t2', 's-comet', 'starting', 'running', { Slot: 2, Status: { State: 'starting', Timestamp: '2026-12-03T10:00:06Z' } }),
  task('t0', 's-comet', 'failed', 'shutdown', { Slot: 2, Status: { State: 'failed', Err: 'task: non-zero exit (1)', Timestamp: '2026-12-03T10:00:01Z', ContainerStatus: { ExitCode: 1 } } }),
  task('t3', 's-mongo', 'running', 'running', { NetworksAttachments: [{ Network: { Spec: { Name: 'backend' } }, Addresses: ['10.0.1.7/24'] }] }),
];

test('replicas count only current tasks that run; history stays with the service', () => {
  const snapshot = buildSnapshot([comet, mongo], tasks, [node], new Date('2026-12-03T10:01:00Z'));
  const [cometService, mongoService] = snapshot.services;
  assert.equal(cometService.name, 'comet_comet');
  assert.equal(replicaCount(cometService), '1/2');
  assert.equal(serviceHealth(cometService), 'converging');
  assert.equal(cometService.image, 'telefonicaiot/fiware-sth-comet:2.2.0');
  assert.equal(cometService.stack, 'comet');
  assert.deepEqual(cometService.ports, [{ protocol: 'tcp', targetPort: 8666, publishedPort: 8666, publishMode: 'ingress' }]);
  assert.deepEqual(cometService.tasks.map((t) => t.id), ['t2', 't1', 't0']);
  assert.equal(cometService.tasks[2].error, 'task: non-zero exit (1)');
  assert.equal(cometService.tasks[2].exitCode, 1);
  assert.equal(cometService.tasks[1].nodeName, 'ms-manager0');
  assert.equal(mongoService.mode, 'global');
  assert.equal(replicaCount(mongoService), '1/1');
  assert.deepEqual(mongoService.tasks[0].addresses, [{ network: 'backend', ip: '10.0.1.7' }]);
});

test('groups come in the recipe\'s order, with empty groups kept', () => {
  const snapshot = buildSnapshot([comet, mongo], tasks, [node], new Date());
  assert.deepEqual(groupServices(snapshot).map((g) => [g.key, g.services.map((s) => s.name)]), [
    ['comet', ['comet_comet']],
    ['mongo', ['mongo-rs_mongo']],
    ['orion', []],
    ['other', []],
  ]);
});

test('nodes carry role, leadership and address', () => {
  const [n] = buildSnapshot([], [], [node], new Date()).nodes;
  assert.deepEqual(n, { id: 'n1', hostname: 'ms-manager0', role: 'manager', availability: 'active', state: 'ready', address: '192.168.99.100', leader: true, engineVersion: '24.0.7' });
});

test('a service scaled to zero is neither converged nor down', () => {
  const zero = { ...comet, Spec: { ...comet.Spec, Mode: { Replicated: { Replicas: 0 } } } };
  assert.equal(serviceHealth(buildSnapshot([zero], [], [], new Date()).services[0]), 'scaledToZero');
});
