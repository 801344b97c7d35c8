// The check flow against the rehearsal swarm: the walkthrough's STH answer through the load balancer, and broken chains explained.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, test } from 'node:test';
import { resolveDockerEndpoint } from '../../src/core/docker/endpoint';
import { readSwarmContext, type SwarmContext } from '../../src/core/flow/context';
import { flowOptions } from '../../src/core/flow/defaults';
import { exchange } from '../../src/core/flow/http';
import { historyRequest } from '../../src/core/flow/payloads';
import { checkReference } from '../../src/core/flow/reference';
import { historyValues, runFlow } from '../../src/core/flow/runner';
import type { FlowOptions } from '../../src/core/flow/types';
import { COMET_URL, ORION_URL } from '../rehearsal/up';

let swarm: SwarmContext;
before(async () => {
  swarm = await readSwarmContext(resolveDockerEndpoint({}, { ...process.env, DOCKER_HOST: '' }), {});
});

/** A fresh entity per test: the rehearsal outlives test runs, and old values must not count. */
function options(overrides: Partial<FlowOptions> = {}): FlowOptions {
  return flowOptions({ orionUrl: ORION_URL, cometUrl: COMET_URL, entityId: `Room-${randomBytes(4).toString('hex')}`, waitTimeoutMs: 30_000, ...overrides });
}

async function run(o: FlowOptions) {
  return runFlow(o, { referenceCheck: swarm.snapshot ? checkReference(o.reference, swarm.snapshot) : undefined });
}

test('endpoints come from the swarm: the published 1026 and 8666 on 127.0.0.1', () => {
  assert.equal(swarm.endpoints.orionUrl, ORION_URL);
  assert.equal(swarm.endpoints.cometUrl, COMET_URL);
  assert.equal(checkReference('http://comet:8666/notify', swarm.snapshot!).verdict, 'resolves');
});

test('the walkthrough: 23 from Orion 1.x\'s initial notification, then the update, each Float with a recvTime, the same from every replica', async () => {
  const o = options();
  const result = await run(o);
  assert.equal(result.ok, true, JSON.stringify(result.explanations, null, 2));
  assert.equal(result.subscriptionApi, 'v1');
  assert.deepEqual(result.values.map((v) => [v.attrType, v.attrValue]), [['Float', 23], ['Float', 30.3]]);
  assert.ok(result.values.every((v) => !Number.isNaN(Date.parse(v.recvTime))));
  // The load balancer spreads queries over the Comet tasks; every answer must be the same.
  const answers = [];
  for (let i = 0; i < 6; i++) answers.push(historyValues(await exchange('query', historyRequest(o), { timeoutMs: 10_000 })));
  for (const a of answers) assert.deepEqual(a, result.values);
});

test('an upper-case service "Default" gives empty values, explained by the lower-case probe', async () => {
  const result = await run(options({ service: 'Default', waitTimeoutMs: 8000 }));
  assert.equal(result.ok, false);
  assert.equal(result.explanations[0].code, 'serviceCase');
  assert.match(result.explanations[0].evidence, /finds \d+ value/);
});

test('a reference that does not resolve from Orion is named, with what the swarm has', async () => {
  const result = await run(options({ reference: 'http://comet-typo:8666/notify', waitTimeoutMs: 15_000 }));
  assert.equal(result.ok, false);
  assert.equal(result.explanations[0].code, 'referenceUnresolvable', JSON.stringify(result.explanations, null, 2));
  assert.match(result.explanations[0].evidence, /comet-typo/);
});

test('STH rejecting notifications without Fiware-Service: an empty service is explained', async () => {
  const result = await run(options({ service: '', waitTimeoutMs: 15_000 }));
  assert.equal(result.ok, false);
  assert.equal(result.explanations[0].code, 'notificationRejectedNoService', JSON.stringify(result.explanations, null, 2));
});
