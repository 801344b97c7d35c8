// Unknown, misspelt and duplicate keys.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyFix, lintMini, only, span } from './lintHelpers';

test('a misspelt key is a warning that suggests the intended key', () => {
  const text = 'REPLICASET_NAM=rs\n';
  const [finding] = only(lintMini({ frontend: text }), 'unknown-key');
  assert.equal(finding.severity, 'warning');
  assert.deepEqual(span(finding), [0, 0, 0, 14]);
  assert.equal(applyFix(text, finding, 'frontend.env'), 'REPLICASET_NAME=rs\n');
});

test("STH-Comet's own REPLICA_SET in frontend.env is a warning to use REPLICASET_NAME", () => {
  const [finding] = only(lintMini({ frontend: 'REPLICA_SET=rs\n' }), 'unknown-key');
  assert.match(finding.message, /Rename it to REPLICASET_NAME/);
});

test("STH-Comet's own DB_URI in frontend.env is a warning to use MONGO_SERVICE_URI", () => {
  const [finding] = only(lintMini({ frontend: 'DB_URI=mongo\n' }), 'unknown-key');
  assert.equal(finding.fixes?.[0].edits[0].newText, 'MONGO_SERVICE_URI');
});

test('a key nothing reads, and like no known key, is information only', () => {
  const [finding] = only(lintMini({ frontend: 'TOTALLY_DIFFERENT_SETTING=1\n' }), 'unknown-key');
  assert.equal(finding.severity, 'information');
});

test('a helper key read by another assignment is not unknown', () => {
  assert.deepEqual(only(lintMini({ frontend: 'HOST=mongo\nMONGO_SERVICE_URI=$HOST:27017\n' }), 'unknown-key'), []);
});

test('a key assigned twice in one file is a warning on the earlier one saying the last wins', () => {
  const text = 'STACK_NAME=a\nSTACK_NAME=comet\n';
  const [finding] = only(lintMini({ frontend: text }), 'duplicate-key');
  assert.deepEqual(span(finding), [0, 0, 0, 10]);
  assert.match(finding.message, /last assignment wins/);
  assert.equal(applyFix(text, finding, 'frontend.env'), 'STACK_NAME=comet\n');
});

test('appending to a key is not a duplicate', () => {
  assert.deepEqual(only(lintMini({ frontend: 'A=1\nA+=2\nB=x\nB=$B:y\n' }), 'duplicate-key'), []);
});
