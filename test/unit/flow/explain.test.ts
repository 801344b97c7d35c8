// The explanations of a broken chain, from recorded evidence: Orion's subscription status, STH's answers, the swarm's view.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { explain, type FlowEvidence } from '../../../src/core/flow/explain';
import type { FlowStep } from '../../../src/core/flow/types';

const BASE: FlowEvidence = {
  service: 'default', servicePath: '/', reference: 'http://comet:8666/notify', entityId: 'Room1', entityType: 'Room', queryAttribute: 'temperature',
  subscriptionApi: 'v1', orionVersion: '1.12.0', landed: false,
};

function step(name: FlowStep['name'], status: number, body: string, url = 'http://127.0.0.1:1026/v1/subscribeContext'): FlowStep {
  return { name, request: { method: 'POST', url, headers: {} }, response: { status, headers: {}, body }, startedAt: '2024-01-01T00:00:00.000Z', durationMs: 3, ok: false, attempts: 1 };
}

test('a chain whose update landed needs no explanation', () => {
  assert.deepEqual(explain({ ...BASE, landed: true }), []);
});

test('lastFailureReason naming a resolution failure: the reference does not resolve from Orion', () => {
  const [first] = explain({ ...BASE, subscription: { status: 'failed', notification: { timesSent: 2, lastFailure: '2024-05-02T10:00:01.00Z', lastFailureReason: "Couldn't resolve host name" } } });
  assert.equal(first.code, 'referenceUnresolvable');
  assert.equal(first.item, 7);
  assert.match(first.fix, /comet:8666/);
});

test('Orion 1.12 shows no reason: a failure plus a swarm where no service answers to the name is a resolution failure', () => {
  const [first] = explain({
    ...BASE, reference: 'http://comet-typo:8666/notify',
    subscription: { status: 'failed', notification: { timesSent: 1, lastFailure: '2024-05-02T10:00:01.00Z' } },
    referenceCheck: { host: 'comet-typo', verdict: 'unknownName', services: [], orionServices: ['orion_orion'], detail: 'no service in the swarm answers to "comet-typo"' },
  });
  assert.equal(first.code, 'referenceUnresolvable');
  assert.match(first.evidence, /no service in the swarm answers/);
});

test('a refused connection: Comet not listening or not on a shared network', () => {
  const [first] = explain({ ...BASE, subscription: { status: 'failed', notification: { lastFailure: '2024-05-02T10:00:01.00Z', lastFailureReason: "Couldn't connect to server" } } });
  assert.equal(first.code, 'referenceUnreachable');
  assert.match(first.fix, /STH_HOST/);
});

test('lastSuccessCode 400 with an empty service: STH rejected notifications lacking Fiware-Service', () => {
  const [first] = explain({ ...BASE, service: '', subscription: { status: 'active', notification: { timesSent: 2, lastSuccess: '2024-05-02T10:00:01.00Z', lastSuccessCode: 400 } } });
  assert.equal(first.code, 'notificationRejectedNoService');
  assert.equal(first.item, 8);
  assert.match(first.evidence, /fiware-service is required/);
});

test('lastSuccessCode 400 with a normalized subscription: STH reads only legacy', () => {
  const [first] = explain({ ...BASE, subscriptionApi: 'v2', subscription: { status: 'active', notification: { lastSuccess: 'x', lastSuccessCode: 400, attrsFormat: 'normalized' } } });
  assert.equal(first.code, 'notificationRejected');
  assert.match(first.fix, /attrsFormat": "legacy"/);
});

test('empty values under "Default" while "default" holds data: STH is case-sensitive and Orion lower-cases', () => {
  const [first] = explain({ ...BASE, service: 'Default', lowerCaseValues: 2, subscription: { status: 'active', notification: { timesSent: 2, lastSuccess: 'x' } } });
  assert.equal(first.code, 'serviceCase');
  assert.equal(first.item, 9);
  assert.match(first.fix, /"default"/);
});

test('Orion 3.10 answering the v1 subscribe with "Service not found": use v2 with attrsFormat legacy', () => {
  const failed = step('subscribe', 400, '{"orionError":{"code":"400","reasonPhrase":"Bad Request","details":"Service not found. Check your URL as probably it is wrong."}}');
  const [first] = explain({ ...BASE, orionVersion: '3.10.1', failedStep: failed });
  assert.equal(first.code, 'ngsiV1Removed');
  assert.equal(first.item, 12);
  assert.match(first.fix, /attrsFormat": "legacy"/);
});

test('an expired subscription is named before anything else it shows', () => {
  const [first] = explain({ ...BASE, subscription: { status: 'expired', expires: '2024-05-01T10:00:00.00Z', notification: { timesSent: 5, lastSuccess: 'x' } } });
  assert.equal(first.code, 'subscriptionExpired');
});

test('no notification at all: the subscription matched nothing', () => {
  const [first] = explain({ ...BASE, subscription: { status: 'active', notification: {} } });
  assert.equal(first.code, 'noNotification');
});

test('a network error on the STH query is an unreachable Comet', () => {
  const query: FlowStep = { name: 'query', request: { method: 'GET', url: 'http://127.0.0.1:8666/STH/v1/x', headers: {} }, error: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:8666', startedAt: 'x', durationMs: 1, ok: false, attempts: 1 };
  const [first] = explain({ ...BASE, query });
  assert.equal(first.code, 'cometUnreachable');
  assert.match(first.fix, /IPVS/);
});
