// status --watch streams only what changed between two readings.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { statusChanges } from '../../../src/core/status/changes';
import type { SwarmStatus } from '../../../src/core/status/collect';
import { buildSnapshot } from '../../../src/core/swarm/snapshot';

const engine = { endpoint: 'unix:///var/run/docker.sock', source: 'default' as const, isManager: true };

function status(replicas: number, running: number): SwarmStatus {
  const service = { ID: 's1', Spec: { Name: 'comet_comet', Mode: { Replicated: { Replicas: replicas } }, TaskTemplate: { ContainerSpec: { Image: 'telefonicaiot/fiware-sth-comet:2.2.0' } } } };
  const tasks = Array.from({ length: running }, (_, i) => ({ ID: `t${i}`, ServiceID: 's1', Slot: i + 1, DesiredState: 'running', Status: { State: 'running', Timestamp: '2026-12-03T10:00:00Z' } }));
  return { ok: true, engine, snapshot: buildSnapshot([service], tasks, [], new Date('2026-12-03T10:00:00Z')) };
}

test('the first reading announces the engine and every service', () => {
  const changes = statusChanges(undefined, status(2, 2));
  assert.deepEqual(changes.map((c) => c.kind), ['engine', 'service']);
  assert.deepEqual({ ...changes[1], service: undefined }, { kind: 'service', change: 'added', name: 'comet_comet', replicas: '2/2', service: undefined });
});

test('an unchanged reading yields nothing, a scale yields the service with its new count', () => {
  assert.deepEqual(statusChanges(status(2, 2), status(2, 2)), []);
  const [change] = statusChanges(status(2, 2), status(3, 2));
  assert.equal(change.kind, 'service');
  assert.equal(change.kind === 'service' && change.replicas, '2/3');
});

test('losing the engine is announced once, and its return once', () => {
  const down: SwarmStatus = { ok: false, engine, problem: { kind: 'unreachable', summary: 's', detail: 'd', nextSteps: [] } };
  assert.equal(statusChanges(status(2, 2), down).length, 1);
  assert.deepEqual(statusChanges(down, down), []);
  assert.equal(statusChanges(down, status(2, 2))[0].kind, 'engine');
});
