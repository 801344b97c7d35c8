// Values that keep the \r of CRLF line ends.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyFix, lintMini, only, span } from './lintHelpers';

test('a value ending in a carriage return is an error at the \\r with a fix to LF line ends', () => {
  const text = 'STACK_NAME=comet\r\nCOMET_VERSION=2.2.0\r\n';
  const findings = only(lintMini({ frontend: text }), 'carriage-return');
  assert.deepEqual(findings.map(span), [[0, 16, 0, 17], [1, 19, 1, 20]]);
  assert.equal(findings[0].severity, 'error');
  assert.equal(applyFix(text, findings[0], 'frontend.env'), 'STACK_NAME=comet\nCOMET_VERSION=2.2.0\n');
});

test('a blank CRLF line, which bash runs as a command, is a carriage-return error', () => {
  const [finding] = only(lintMini({ frontend: '# c\r\n\r\n' }), 'carriage-return');
  assert.deepEqual(span(finding), [1, 0, 1, 1]);
});
