// Which engine events the explorer reacts to, from the JSON lines GET /events streams.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEngineEvent } from '../../../src/core/swarm/events';

test('a service update is kept with its id and name', () => {
  const line = JSON.stringify({ Type: 'service', Action: 'update', Actor: { ID: 'svc1', Attributes: { name: 'comet_comet', 'replicas.new': '3', 'replicas.old': '2' } }, scope: 'swarm', timeNano: 1 });
  assert.deepEqual(parseEngineEvent(line), { type: 'service', action: 'update', id: 'svc1', name: 'comet_comet', timeNano: 1 });
});

test('a container event carries the swarm service it runs a task of', () => {
  const line = JSON.stringify({ Type: 'container', Action: 'die', Actor: { ID: 'c1', Attributes: { 'com.docker.swarm.service.id': 'svc1', name: 'comet_comet.1.abc', exitCode: '1' } } });
  assert.deepEqual(parseEngineEvent(line), { type: 'container', action: 'die', id: 'c1', serviceId: 'svc1', name: 'comet_comet.1.abc' });
});

test('containers outside the swarm, other types and broken lines are ignored', () => {
  assert.equal(parseEngineEvent(JSON.stringify({ Type: 'container', Action: 'start', Actor: { ID: 'c2', Attributes: { name: 'builder' } } })), undefined);
  assert.equal(parseEngineEvent(JSON.stringify({ Type: 'image', Action: 'pull', Actor: { ID: 'mongo:3.2' } })), undefined);
  assert.equal(parseEngineEvent('{"Type":"service",'), undefined);
});
