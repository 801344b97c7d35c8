// Which part of the recipe a service plays, from the image names and arguments users really deploy.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyService, imageRepository, imageTag } from '../../../src/core/swarm/roles';

test('image references lose registry, tag, digest and library/', () => {
  assert.equal(imageRepository('telefonicaiot/fiware-sth-comet:2.2.0@sha256:abc'), 'telefonicaiot/fiware-sth-comet');
  assert.equal(imageRepository('docker.io/library/mongo:3.2'), 'mongo');
  assert.equal(imageRepository('localhost:5000/fiware/orion:1.12.0'), 'fiware/orion');
  assert.equal(imageTag('registry:5000/mongo'), undefined);
  assert.equal(imageTag('mongo:3.2@sha256:abc'), '3.2');
});

test('the recipe\'s images get their roles', () => {
  assert.equal(classifyService('telefonicaiot/fiware-sth-comet:2.2.0', []), 'comet');
  assert.equal(classifyService('fiware/sth-comet:2.11.0', []), 'comet');
  assert.equal(classifyService('fiware/orion:1.12.0', ['-dbhost', 'mongo']), 'orion');
  assert.equal(classifyService('mongo:3.2', ['/usr/bin/mongod', '--replSet', 'rs']), 'mongo');
  assert.equal(classifyService('martel/mongo-replica-ctrl:latest', ['python', '/src/replica_ctrl.py']), 'mongoController');
});

test('a mongod in a custom image is recognised by --replSet', () => {
  assert.equal(classifyService('acme/db:7', ['mongod', '--replSet', 'rs']), 'mongo');
});

test('Orion-LD and unrelated images are not mistaken for the recipe\'s parts', () => {
  assert.equal(classifyService('fiware/orion-ld:1.4.0', []), 'other');
  assert.equal(classifyService('mongo-express:1.0', []), 'other');
  assert.equal(classifyService('nginx:1.25', []), 'other');
});
