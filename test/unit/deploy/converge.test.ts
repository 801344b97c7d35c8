// What a snapshot says about a deploy in progress: a definitive task error, a restart loop, and where Comet's /version can be asked.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { cometEndpoints } from '../../../src/core/deploy/cometEndpoints';
import { judgeTasks } from '../../../src/core/deploy/converge';
import type { ServiceInfo, TaskInfo } from '../../../src/core/swarm/snapshot';

const since = new Date('2026-01-01T00:00:00Z');
const at = (s: number): string => new Date(since.getTime() + s * 1000).toISOString();

function service(name: string, tasks: Partial<TaskInfo>[], extra: Partial<ServiceInfo> = {}): ServiceInfo {
  return {
    id: name, name, stack: 's', mode: 'replicated', desired: 2, running: 0, image: 'telefonicaiot/fiware-sth-comet:2.2.0', args: [], env: [], ports: [], networkIds: [], endpointMode: 'vip', role: 'comet',
    tasks: tasks.map((t, i) => ({ id: `${name}${i}`, serviceId: name, state: 'running', desiredState: 'running', addresses: [], ...t })),
    ...extra,
  };
}

test('"No such image" fails the deploy at once, naming the service', () => {
  const verdict = judgeTasks([service('s_comet', [{ state: 'rejected', error: 'No such image: telefonicaiot/fiware-sth-comet:9.9', updatedAt: at(2) }])], since);
  assert.equal(verdict.failing?.name, 's_comet');
  assert.deepEqual(verdict.errors, ['s_comet rejected: No such image: telefonicaiot/fiware-sth-comet:9.9']);
});

test('three failed tasks since the deploy are a restart loop; failures before it do not count', () => {
  const failed = (s: number): Partial<TaskInfo> => ({ state: 'failed', error: 'task: non-zero exit (1)', exitCode: 1, updatedAt: at(s) });
  assert.equal(judgeTasks([service('s_comet', [failed(-60), failed(-50), failed(3)])], since).failing, undefined);
  const loop = judgeTasks([service('s_comet', [failed(1), failed(5), failed(9)])], since);
  assert.equal(loop.failing?.name, 's_comet');
  assert.equal(loop.errors[0], 's_comet restarted 3 times since the deploy (a restart loop)');
});

test('/version is asked on Comet\'s own published port first, then on a service whose settings name Comet', () => {
  const comet = service('s_comet', [], { ports: [{ protocol: 'tcp', targetPort: 8666, publishedPort: 8666, publishMode: 'ingress' }] });
  const lb = service('s_lb', [], { role: 'other', env: ['LB_TARGET_HOST=tasks.s_comet'], ports: [{ protocol: 'tcp', targetPort: 8666, publishedPort: 18666, publishMode: 'host' }] });
  const unrelated = service('x_lb', [], { role: 'other', env: ['LB_TARGET_HOST=tasks.s_comet2'], ports: [{ protocol: 'tcp', targetPort: 80, publishedPort: 80, publishMode: 'host' }] });
  const snapshot = { takenAt: '', nodes: [], services: [comet, lb, unrelated] };
  assert.deepEqual(cometEndpoints(snapshot, comet, { kind: 'tcp', host: '192.168.99.100', port: 2376 }).map((e) => `${e.url} ${e.via} ${e.publishMode}`), [
    'http://192.168.99.100:8666 s_comet ingress',
    'http://192.168.99.100:18666 s_lb host',
  ]);
  assert.deepEqual(cometEndpoints({ ...snapshot, services: [{ ...comet, ports: [] }] }, { ...comet, ports: [] }, { kind: 'socket', socketPath: '/var/run/docker.sock' }), []);
});
