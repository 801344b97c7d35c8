// The reference URL checked against the swarm: a service answering to the name on a network Orion shares.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkReference, namesOf } from '../../../src/core/flow/reference';
import { detectEndpoints } from '../../../src/core/flow/endpoints';
import type { ServiceInfo, SwarmSnapshot } from '../../../src/core/swarm/snapshot';

function service(name: string, stack: string, role: ServiceInfo['role'], networkIds: string[], ports: ServiceInfo['ports'] = []): ServiceInfo {
  return { id: name, name, stack, mode: 'replicated', desired: 1, running: 1, image: '', args: [], env: [], ports, networkIds, endpointMode: 'vip', role, tasks: [] };
}

const SWARM: SwarmSnapshot = {
  takenAt: '2024-01-01T00:00:00Z',
  nodes: [],
  services: [
    service('comet_comet', 'comet', 'comet', ['frontend', 'backend'], [{ protocol: 'tcp', targetPort: 8666, publishedPort: 8666, publishMode: 'ingress' }]),
    service('orion_orion', 'orion', 'orion', ['frontend', 'backend'], [{ protocol: 'tcp', targetPort: 1026, publishedPort: 1026, publishMode: 'ingress' }]),
    service('lonely_comet2', 'lonely', 'comet', ['elsewhere']),
  ],
};

test('a service answers to its name without the stack prefix', () => {
  assert.deepEqual(namesOf(SWARM.services[0]), ['comet_comet', 'tasks.comet_comet', 'comet', 'tasks.comet']);
});

test('http://comet:8666/notify resolves: comet_comet shares frontend and backend with Orion', () => {
  assert.equal(checkReference('http://comet:8666/notify', SWARM).verdict, 'resolves');
});

test('a name no service answers to is unknown, naming what the swarm has', () => {
  const r = checkReference('http://sth:8666/notify', SWARM);
  assert.equal(r.verdict, 'unknownName');
  assert.match(r.detail, /comet_comet/);
});

test('a service on no network Orion is on is not shared', () => {
  assert.equal(checkReference('http://comet2:8666/notify', SWARM).verdict, 'notShared');
});

test('endpoints: published ports on 127.0.0.1 for a local socket, on the VM for a tcp DOCKER_HOST, settings first', () => {
  assert.deepEqual(detectEndpoints(SWARM, { kind: 'socket', socketPath: '/var/run/docker.sock' }), { orionUrl: 'http://127.0.0.1:1026', cometUrl: 'http://127.0.0.1:8666', orionSource: 'swarm', cometSource: 'swarm' });
  assert.equal(detectEndpoints(SWARM, { kind: 'tcp', host: '192.168.99.100', port: 2376 }).orionUrl, 'http://192.168.99.100:1026');
  assert.equal(detectEndpoints(SWARM, undefined, { cometUrl: 'http://lb:9000' }).cometUrl, 'http://lb:9000');
  assert.equal(detectEndpoints(undefined, undefined).orionSource, 'default');
});
