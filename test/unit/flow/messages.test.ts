// Messages from the check-flow webview are checked on receipt: anything off-shape is dropped.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFromWebview, formFromState } from '../../../src/flowView/messages';

const FORM = { orionUrl: 'http://127.0.0.1:1026', cometUrl: 'http://127.0.0.1:8666', service: 'default', servicePath: '/', entityId: 'Room1', entityType: 'Room', reference: 'http://comet:8666/notify', subscription: 'auto', lastN: '3' };

test('run, ready and copy messages of the right shape pass', () => {
  assert.deepEqual(parseFromWebview({ type: 'run', form: FORM }), { type: 'run', form: FORM });
  assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseFromWebview({ type: 'copy', text: 'curl x' }), { type: 'copy', text: 'curl x' });
});

test('unknown types, missing fields, wrong kinds and oversized values are dropped', () => {
  assert.equal(parseFromWebview({ type: 'exec', command: 'rm' }), undefined);
  assert.equal(parseFromWebview({ type: 'run', form: { ...FORM, subscription: 'v3' } }), undefined);
  assert.equal(parseFromWebview({ type: 'run', form: { ...FORM, lastN: 3 } }), undefined);
  assert.equal(parseFromWebview({ type: 'copy', text: 'x'.repeat(200_000) }), undefined);
  assert.equal(parseFromWebview('run'), undefined);
});

test('a restored state gives back its form only when it is well formed', () => {
  assert.deepEqual(formFromState({ form: FORM, runs: [] }), FORM);
  assert.equal(formFromState({ form: { orionUrl: 1 } }), undefined);
  assert.equal(formFromState(undefined), undefined);
});
