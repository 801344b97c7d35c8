// Compose files interpolated with the evaluated environment, and the Mongo image against the recipe's flags.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interpolate } from '../../../src/core/lint/interpolate';
import { applyFix, lintMini, only, span } from './lintHelpers';

test('a compose variable with no value and no default is a warning at the reference', () => {
  const comet = 'services:\n  comet:\n    image: "telefonicaiot/fiware-sth-comet:${COMET_VERSION}"\n';
  const [finding] = only(lintMini({ frontend: '', comet }), 'compose-unset-variable');
  assert.equal(finding.severity, 'warning');
  assert.deepEqual(span(finding), [2, 43, 2, 59]);
});

test('a compose variable set by frontend.env or defaulted is not reported', () => {
  const comet = 'services:\n  comet:\n    image: x:${COMET_VERSION}\n    command: ${OTHER:-a} $${LITERAL}\n';
  assert.deepEqual(only(lintMini({ frontend: 'COMET_VERSION=2.2.0\n', comet }), 'compose-unset-variable'), []);
});

test('a compose ${VAR:?message} with VAR unset is an error naming the message', () => {
  const comet = 'services:\n  comet:\n    image: x:${COMET_VERSION:?set COMET_VERSION}\n';
  const [finding] = only(lintMini({ frontend: '', comet }), 'compose-required-variable');
  assert.match(finding.message, /set COMET_VERSION/);
});

test('the Mongo compose file is interpolated with backend.env only, as deploy_back.sh does', () => {
  const mongo = 'services:\n  mongo:\n    image: mongo:${MONGO_VERSION}\n    entrypoint: [ "--bind_ip_all" ]\n';
  assert.equal(only(lintMini({ backend: '', frontend: 'MONGO_VERSION=3.2\n', mongo }), 'compose-unset-variable').length, 1);
});

test('compose interpolation handles defaults, nesting and $$ as docker stack deploy does', () => {
  const env = new Map([['A', { name: 'A', value: { text: 'a', known: true, segments: [] }, existenceKnown: true, origin: { kind: 'initial' as const } }]]);
  assert.equal(interpolate('${A}-${B:-${A}x}-$$A-${B-}', env).value, 'a-ax-$A-');
});

test('mongo >= 3.6 without --bind_ip is an error at the image: mongod listens on localhost only', () => {
  const mongo = 'services:\n  mongo:\n    image: mongo:${MONGO_VERSION:-3.2}\n    entrypoint: [ "/usr/bin/mongod", "--replSet", "rs" ]\n';
  const text = mongo;
  const [finding] = only(lintMini({ backend: 'MONGO_VERSION=3.6\n', mongo }), 'mongo-image-flags');
  assert.deepEqual(span(finding), [2, 11, 2, 38]);
  assert.match(applyFix(text, finding, 'mongo-docker-compose.yml'), /"rs", "--bind_ip_all" \]/);
});

test('mongo >= 4.2 with --smallfiles is an error at the flag: mongod exits', () => {
  const mongo = 'services:\n  mongo:\n    image: mongo:4.2\n    entrypoint: [ "/usr/bin/mongod", "--smallfiles", "--bind_ip_all" ]\n';
  const [finding] = only(lintMini({ backend: '', mongo }), 'mongo-image-flags');
  assert.deepEqual(span(finding), [3, 37, 3, 51]);
  assert.equal(applyFix(mongo, finding, 'mongo-docker-compose.yml'), mongo.replace('"--smallfiles", ', ''));
});

test("mongo >= 6.0 with a health check script that calls the mongo shell is an error: there is no mongo shell", () => {
  const mongo = 'services:\n  mongo:\n    image: mongo:6.0\n    entrypoint: [ "/usr/bin/mongod", "--bind_ip_all" ]\n    configs:\n      - mongo-healthcheck\n    healthcheck:\n      test: ["CMD", "bash", "/mongo-healthcheck"]\nconfigs:\n  mongo-healthcheck:\n    file: mongo-healthcheck\n';
  const findings = only(lintMini({ backend: '', mongo, otherFiles: { 'mongo-healthcheck': '#!/bin/bash\nmongo --quiet "$host/test" --eval "1"\n' } }), 'mongo-image-flags');
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /mongosh/);
});

test("the recipe's mongo 3.2 with --smallfiles and --bind_ip is fine", () => {
  const mongo = 'services:\n  mongo:\n    image: mongo:3.2\n    entrypoint: [ "/usr/bin/mongod", "--smallfiles", "--bind_ip", "0.0.0.0" ]\n';
  assert.deepEqual(only(lintMini({ backend: '', mongo }), 'mongo-image-flags'), []);
});
