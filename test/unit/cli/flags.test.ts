// The CLI's flag parser refuses what it does not know instead of ignoring it.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFlags, UsageError } from '../../../src/cli/flags';

test('booleans, string values in both spellings, and positionals', () => {
  const f = parseFlags(['--json', '--host', 'tcp://a:2375', '--mongo-uri=mongodb://x/?a=b', 'dir'], { booleans: ['json'], strings: ['host', 'mongo-uri'] });
  assert.deepEqual([...f.booleans], ['json']);
  assert.equal(f.strings.get('host'), 'tcp://a:2375');
  assert.equal(f.strings.get('mongo-uri'), 'mongodb://x/?a=b');
  assert.deepEqual(f.positionals, ['dir']);
});

test('an unknown option is a usage error naming it', () => {
  assert.throws(() => parseFlags(['--jsn'], { booleans: ['json'] }), (e: unknown) => e instanceof UsageError && /--jsn/.test(e.message));
});

test('a string option without its value is a usage error', () => {
  assert.throws(() => parseFlags(['--host'], { strings: ['host'] }), /--host needs a value/);
});
