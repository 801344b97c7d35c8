// REPLICASET_NAME against itself, backend.env and the Mongo stack's --replSet.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintMini, only, span } from './lintHelpers';

const MONGO_COMPOSE = 'services:\n  mongo:\n    image: mongo:3.2\n    entrypoint: [ "/usr/bin/mongod", "--replSet", "${REPLICASET_NAME:-rs}", "--bind_ip", "0.0.0.0" ]\n';

test('an empty REPLICASET_NAME is an error', () => {
  const [finding] = only(lintMini({ frontend: 'REPLICASET_NAME=\n' }), 'replicaset-empty');
  assert.equal(finding.severity, 'error');
  assert.deepEqual(span(finding), [0, 16, 0, 16]);
});

test("REPLICASET_NAME different from backend.env's is an error with a fix to backend.env's name", () => {
  const [finding] = only(lintMini({ backend: 'REPLICASET_NAME=rs\n', frontend: 'REPLICASET_NAME=rs0\n' }), 'replicaset-mismatch-backend');
  assert.equal(finding.file, 'frontend.env');
  assert.deepEqual(span(finding), [0, 16, 0, 19]);
  assert.equal(finding.fixes?.[0].edits[0].newText, 'rs');
});

test("REPLICASET_NAME different from mongod's --replSet in the Mongo compose file is an error", () => {
  const mongo = MONGO_COMPOSE.replace('${REPLICASET_NAME:-rs}', 'rs9');
  const [finding] = only(lintMini({ backend: 'REPLICASET_NAME=rs\n', frontend: '', mongo }), 'replicaset-mismatch-compose');
  assert.equal(finding.related?.[0].file, 'mongo-docker-compose.yml');
  assert.match(finding.message, /"rs9"/);
});

test('REPLICASET_NAME equal everywhere gives no replica-set finding', () => {
  const findings = lintMini({ backend: 'REPLICASET_NAME=rs\n', frontend: 'REPLICASET_NAME=${REPLICASET_NAME:-rs}\n', mongo: MONGO_COMPOSE });
  assert.deepEqual(findings.filter((finding) => finding.code.startsWith('replicaset')), []);
});
