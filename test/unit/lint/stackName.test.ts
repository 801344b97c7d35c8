// The Comet stack must not take the Mongo stack's name.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintMini, only, span } from './lintHelpers';

test("STACK_NAME in frontend.env equal to backend.env's is an error at frontend.env's value", () => {
  const [finding] = only(lintMini({ backend: 'STACK_NAME=mongo-rs\n', frontend: 'STACK_NAME="mongo-rs"\n' }), 'stack-name-clash');
  assert.equal(finding.file, 'frontend.env');
  assert.deepEqual(span(finding), [0, 11, 0, 21]);
});

test("frontend.env without STACK_NAME keeps backend.env's, which is an error with a fix adding STACK_NAME=comet", () => {
  const [finding] = only(lintMini({ backend: 'STACK_NAME=mongo-rs\n', frontend: 'COMET_VERSION=2.2.0\n' }), 'stack-name-clash');
  assert.equal(finding.fixes?.[0].edits[0].newText, 'STACK_NAME=comet\n');
});
