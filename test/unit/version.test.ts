// Version comparison as the flow and the linter use it for Orion, STH-Comet and mongod.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { versionAtLeast } from '../../src/core/version';

test('versions compare part by part, not as text', () => {
  assert.equal(versionAtLeast('1.12.0', '1.9.0'), true);
  assert.equal(versionAtLeast('3.9.0', '3.10.0'), false);
  assert.equal(versionAtLeast('3.10.0', '3.10'), true);
  assert.equal(versionAtLeast('4.0.0-next', '4.0.0'), true);
  assert.equal(versionAtLeast(undefined, '1.0.0'), false);
});
