// Live rules against plain LiveFacts objects.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LiveFacts } from '../../../src/core/lint/liveFacts';
import { applyFix, lintMini, only, span } from './lintHelpers';

const SWARM: LiveFacts = {
  serviceNames: ['mongo-rs_mongo', 'mongo-rs_controller'],
  networkAliases: ['mongo', 'controller'],
  networks: [{ name: 'backend', scope: 'swarm', driver: 'overlay' }, { name: 'frontend', scope: 'local', driver: 'bridge' }],
  liveSetName: 'rs',
  imagesOnNodes: [{ node: 'ms-manager0', images: ['telefonicaiot/fiware-sth-comet:2.2.0', 'mongo:3.2'] }],
};
const COMET = 'services:\n  comet:\n    image: telefonicaiot/fiware-sth-comet:${COMET_VERSION:-2.2.0}\nnetworks:\n  frontend:\n    external: true\n  backend:\n    external: true\n  missing:\n    external:\n      name: other\n';

test('a MONGO_SERVICE_URI host no service answers to is an error suggesting the closest name', () => {
  const text = 'MONGO_SERVICE_URI=mongo_mongo\n';
  const [finding] = only(lintMini({ frontend: text }, { live: SWARM }), 'mongo-uri-unknown-host');
  assert.deepEqual(span(finding), [0, 18, 0, 29]);
  assert.match(finding.message, /did you mean mongo-rs_mongo/);
  assert.equal(applyFix(text, finding, 'frontend.env'), 'MONGO_SERVICE_URI=mongo-rs_mongo\n');
});

test('service names, network aliases and tasks. names all answer', () => {
  assert.deepEqual(only(lintMini({ frontend: 'MONGO_SERVICE_URI=mongo-rs_mongo,mongo:27017,tasks.mongo-rs_mongo\n' }, { live: SWARM }), 'mongo-uri-unknown-host'), []);
});

test('REPLICASET_NAME different from the live set name is an error with a fix to the live name', () => {
  const [finding] = only(lintMini({ frontend: 'REPLICASET_NAME=rs0\n' }, { live: SWARM }), 'replicaset-mismatch-live');
  assert.equal(finding.fixes?.[0].edits[0].newText, 'rs');
});

test('a live set that was never initiated is a warning on REPLICASET_NAME', () => {
  const [finding] = only(lintMini({ frontend: 'REPLICASET_NAME=rs\n' }, { live: { ...SWARM, liveSetName: null } }), 'replicaset-not-initiated');
  assert.equal(finding.severity, 'warning');
});

test('an external network missing from the swarm is an error with the command that creates it', () => {
  const [finding] = only(lintMini({ frontend: '', comet: COMET }, { live: SWARM }), 'network-missing');
  assert.deepEqual(span(finding), [8, 2, 8, 9]);
  assert.equal(finding.fixes?.[0].command, 'docker network create -d overlay --attachable other');
});

test('an external network that is not swarm-scoped is an error', () => {
  const [finding] = only(lintMini({ frontend: '', comet: COMET }, { live: SWARM }), 'network-scope');
  assert.match(finding.message, /"frontend" is a local-scoped bridge network/);
});

test('a COMET_VERSION whose image is on no node is a warning at the image', () => {
  const [finding] = only(lintMini({ frontend: 'COMET_VERSION=9.9.9\n', comet: COMET }, { live: SWARM }), 'comet-image-missing');
  assert.equal(finding.related?.[0].file, 'frontend.env');
  assert.deepEqual(only(lintMini({ frontend: 'COMET_VERSION=2.2.0\n', comet: COMET }, { live: SWARM }), 'comet-image-missing'), []);
});

test('without LiveFacts one information finding says live checks did not run, with the caller\'s reason', () => {
  const findings = only(lintMini({ frontend: 'MONGO_SERVICE_URI=mongo_mongo\n' }, { liveUnavailableReason: 'Docker is not reachable' }), 'live-checks-skipped');
  assert.equal(findings.length, 1);
  assert.equal(findings[0].severity, 'information');
  assert.equal(findings[0].message, 'Docker is not reachable');
});
