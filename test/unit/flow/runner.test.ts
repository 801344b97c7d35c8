// The flow runner against the stand-ins in one process: the recipe's check end to end, and broken chains explained.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { flowOptions } from '../../../src/core/flow/defaults';
import { historyValues, runFlow } from '../../../src/core/flow/runner';
import { exchange } from '../../../src/core/flow/http';
import { historyRequest } from '../../../src/core/flow/payloads';
import type { FlowOptions } from '../../../src/core/flow/types';
import { startChain, type Chain } from '../../standins/chain';

let chain: Chain;
let modern: Chain;
let n = 0;

before(async () => {
  chain = await startChain({ sthReplicas: 2, orionVersion: '1.12.0' });
  modern = await startChain({ sthReplicas: 1, orionVersion: '3.10.1' });
});
after(async () => {
  await chain?.stop();
  await modern?.stop();
});

/** A fresh entity per test, so that runs never see each other's values. */
function options(c: Chain, overrides: Partial<FlowOptions> = {}): FlowOptions {
  return flowOptions({ orionUrl: c.orionUrl, cometUrl: c.cometUrls[0], reference: c.reference, entityId: `Room${++n}`, waitTimeoutMs: 8000, ...overrides });
}

test('the recipe check: 23 from the initial notification, then 30.3 from the update, each Float with a recvTime', async () => {
  const result = await runFlow(options(chain));
  assert.equal(result.ok, true, JSON.stringify(result.explanations));
  assert.equal(result.subscriptionApi, 'v1');
  assert.equal(result.orionVersion, '1.12.0');
  assert.match(result.subscriptionId ?? '', /^[0-9a-f]{24}$/);
  assert.deepEqual(result.values.map((v) => [v.attrType, v.attrValue]), [['Float', 23], ['Float', 30.3]]);
  assert.ok(result.values.every((v) => !Number.isNaN(Date.parse(v.recvTime))));
  assert.deepEqual(result.steps.map((s) => s.name), ['baseline', 'orionVersion', 'insert', 'subscribe', 'update', 'subscriptionStatus', 'query']);
  assert.ok(result.steps.every((s) => s.ok || s.name === 'baseline'));
});

test('the other STH replica answers the same values, since both read the same Mongo', async () => {
  const o = options(chain);
  const result = await runFlow(o);
  assert.equal(result.ok, true);
  const other = await exchange('query', historyRequest({ ...o, cometUrl: chain.cometUrls[1] }), { timeoutMs: 5000 });
  assert.deepEqual(historyValues(other), result.values);
});

test('an NGSI v2 subscription with attrsFormat legacy works as well, with an aggregate read back', async () => {
  const result = await runFlow(options(chain, { subscription: 'v2', aggregate: { method: 'max', period: 'minute' } }));
  assert.equal(result.ok, true, JSON.stringify(result.explanations));
  assert.equal(result.subscriptionApi, 'v2');
  const points = (result.aggregate as { points: { max: number }[] }[]).flatMap((a) => a.points);
  assert.equal(Math.max(...points.map((p) => p.max)), 30.3);
});

test('service "Default": STH answers empty values, and the lower-case probe proves the cause', async () => {
  const result = await runFlow(options(chain, { service: 'Default', waitTimeoutMs: 3000 }));
  assert.equal(result.ok, false);
  assert.equal(result.explanations[0].code, 'serviceCase');
  assert.match(result.explanations[0].evidence, /finds 2 value/);
  assert.deepEqual(result.values, []);
});

test('a reference that does not resolve: Orion 3.10 says so in lastFailureReason', async () => {
  const result = await runFlow(options(modern, { reference: 'http://comet-typo:8666/notify', waitTimeoutMs: 6000 }));
  assert.equal(result.ok, false);
  assert.equal(result.subscriptionApi, 'v2', 'auto falls back to v2 on an Orion without NGSI v1');
  assert.equal(result.explanations[0].code, 'referenceUnresolvable');
  assert.match(result.explanations[0].evidence, /Couldn't resolve host name/);
});

test('STH rejecting notifications: an empty service gives lastSuccessCode 400 on Orion 3.10', async () => {
  const result = await runFlow(options(modern, { service: '', waitTimeoutMs: 6000 }));
  assert.equal(result.ok, false);
  assert.equal(result.explanations[0].code, 'notificationRejectedNoService');
  assert.match(result.explanations[0].evidence, /lastSuccessCode 400/);
});

test('the recipe\'s v1 subscription against Orion 3.10 is explained as NGSI v1 removed', async () => {
  const result = await runFlow(options(modern, { subscription: 'v1' }));
  assert.equal(result.ok, false);
  assert.equal(result.explanations[0].code, 'ngsiV1Removed');
  assert.match(result.explanations[0].evidence, /Service not found/);
});

test('a Comet URL that nothing answers on stops at the first query with cometUnreachable', async () => {
  const result = await runFlow(options(chain, { cometUrl: 'http://127.0.0.1:9', requestTimeoutMs: 2000 }));
  assert.equal(result.ok, false);
  assert.equal(result.explanations[0].code, 'cometUnreachable');
  assert.equal(result.steps.length, 1);
});
