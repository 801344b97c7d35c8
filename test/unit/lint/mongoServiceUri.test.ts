// One test per MONGO_SERVICE_URI rule, each with the smallest frontend.env that shows it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyFix, lintMini, only, span } from './lintHelpers';

test('MONGO_SERVICE_URI with a mongodb:// scheme is an error at the scheme', () => {
  const text = 'MONGO_SERVICE_URI=mongodb://mongo-rs_mongo\n';
  const [finding] = only(lintMini({ frontend: text }), 'mongo-uri-scheme');
  assert.equal(finding.severity, 'error');
  assert.deepEqual(span(finding), [0, 18, 0, 28]);
  assert.equal(applyFix(text, finding, 'frontend.env'), 'MONGO_SERVICE_URI=mongo-rs_mongo\n');
});

test('MONGO_SERVICE_URI with a path is an error at the path', () => {
  const [finding] = only(lintMini({ frontend: 'MONGO_SERVICE_URI=mongo-rs_mongo/sth\n' }), 'mongo-uri-path');
  assert.equal(finding.severity, 'error');
  assert.deepEqual(span(finding), [0, 32, 0, 36]);
});

test('MONGO_SERVICE_URI with a query is an error that points at REPLICASET_NAME', () => {
  const [finding] = only(lintMini({ frontend: 'MONGO_SERVICE_URI=mongo?replicaSet=rs\n' }), 'mongo-uri-query');
  assert.deepEqual(span(finding), [0, 23, 0, 37]);
  assert.match(finding.message, /REPLICASET_NAME/);
});

test('MONGO_SERVICE_URI with credentials is an error at user:password@', () => {
  const [finding] = only(lintMini({ frontend: 'MONGO_SERVICE_URI=me:secret@mongo\n' }), 'mongo-uri-credentials');
  assert.deepEqual(span(finding), [0, 18, 0, 28]);
});

test('quotes that survive bash in MONGO_SERVICE_URI are an error at each quote', () => {
  const text = `MONGO_SERVICE_URI='"mongo"'\n`;
  const findings = only(lintMini({ frontend: text }), 'mongo-uri-quotes');
  assert.deepEqual(findings.map(span), [[0, 19, 0, 20], [0, 25, 0, 26]]);
});

test('quotes that bash removes from MONGO_SERVICE_URI are not reported', () => {
  assert.deepEqual(only(lintMini({ frontend: 'MONGO_SERVICE_URI=${U:-"mongo-rs_mongo"}\n' }), 'mongo-uri-quotes'), []);
});

test('an empty MONGO_SERVICE_URI is an error when no compose default takes over', () => {
  const [finding] = only(lintMini({ frontend: 'MONGO_SERVICE_URI=\n' }), 'mongo-uri-empty');
  assert.equal(finding.severity, 'error');
});

test("an empty MONGO_SERVICE_URI is a warning when docker-compose.yml's default takes over", () => {
  const comet = 'services:\n  comet:\n    image: x\n    environment:\n      - DB_URI=${MONGO_SERVICE_URI:-mongo-rs_mongo}\n';
  const [finding] = only(lintMini({ frontend: 'MONGO_SERVICE_URI=\n', comet }), 'mongo-uri-empty');
  assert.equal(finding.severity, 'warning');
});

test('an invalid host in MONGO_SERVICE_URI is an error at the host', () => {
  const [finding] = only(lintMini({ frontend: 'MONGO_SERVICE_URI="mongo rs"\n' }), 'mongo-uri-host');
  assert.deepEqual(span(finding), [0, 19, 0, 27]);
});

test('an invalid port in MONGO_SERVICE_URI is an error at the port', () => {
  const [finding] = only(lintMini({ frontend: 'MONGO_SERVICE_URI=mongo:99999\n' }), 'mongo-uri-port');
  assert.deepEqual(span(finding), [0, 24, 0, 29]);
});

test('a host list with ports is a valid MONGO_SERVICE_URI', () => {
  const findings = lintMini({ frontend: 'MONGO_SERVICE_URI=a:27017,b:27017\n' }).filter((finding) => finding.code.startsWith('mongo-uri'));
  assert.deepEqual(findings, []);
});

test('a bad MONGO_SERVICE_URI inherited from backend.env is reported where backend.env writes it', () => {
  const findings = only(lintMini({ backend: 'MONGO_SERVICE_URI=mongodb://m\n', frontend: 'MONGO_SERVICE_URI=${MONGO_SERVICE_URI:-"m"}\n' }), 'mongo-uri-scheme');
  assert.equal(findings[0].file, 'backend.env');
  assert.deepEqual(span(findings[0]), [0, 18, 0, 28]);
});

test('a broken MONGO_SERVICE_URI default that backend.env overrides is a warning on the default, not an error', () => {
  const findings = lintMini({ backend: 'MONGO_SERVICE_URI="mongo-rs_mongo"\n', frontend: 'MONGO_SERVICE_URI=${MONGO_SERVICE_URI:-"mongodb://mongo-rs_mongo"}\n' });
  assert.deepEqual(only(findings, 'mongo-uri-scheme'), [], 'the value in effect is backend.env\'s, which is fine');
  const [finding] = only(findings, 'mongo-uri-unused-default');
  assert.equal(finding.severity, 'warning');
  assert.equal(finding.file, 'frontend.env');
  assert.deepEqual(span(finding), [0, 18, 0, 66]);
  assert.match(finding.message, /^This default is not used now .* MONGO_SERVICE_URI must not start with mongodb:\/\//);
});

test('a sound unused MONGO_SERVICE_URI default says nothing', () => {
  const findings = lintMini({ backend: 'MONGO_SERVICE_URI="mongo-rs_mongo"\n', frontend: 'MONGO_SERVICE_URI=${MONGO_SERVICE_URI:-"mongo-rs_mongo"}\n' });
  assert.deepEqual(only(findings, 'mongo-uri-unused-default'), []);
});
