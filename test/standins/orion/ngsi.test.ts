// Tests of the Orion stand-in's NGSI paths against Orion's facts: entities, v1 and v2 subscriptions, notifications and their status.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { startChain, type Chain } from '../chain';
import { waitFor } from '../mongo/testkit';

let chain: Chain;
/** A receiver that records what Orion sends and answers with `answer`. */
let receiver: http.Server;
let received: { headers: http.IncomingHttpHeaders; body: any }[] = [];
let answer = 200;
let receiverPort = 0;

before(async () => {
  chain = await startChain({ sthReplicas: 1, knownNames: ['comet', 'receiver'] });
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(body) });
      res.writeHead(answer);
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  receiverPort = (receiver.address() as AddressInfo).port;
});
after(async () => {
  await chain?.stop();
  receiver?.close();
});

function orion(path: string, init: { method?: string; body?: unknown; service?: string; servicePath?: string } = {}): Promise<Response> {
  return fetch(`${chain.orionUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'Content-Type': 'application/json', 'Fiware-Service': init.service ?? 'default', 'Fiware-ServicePath': init.servicePath ?? '/' },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    signal: AbortSignal.timeout(10_000),
  });
}

const ROOM = { id: 'Room1', type: 'Room', temperature: { value: 23, type: 'Float' }, pressure: { value: 720, type: 'Integer' } };

test('POST /v2/entities answers 201 with Location, then 422 Already Exists, and upsert answers 204', async () => {
  const r = await orion('/v2/entities', { method: 'POST', body: ROOM });
  assert.equal(r.status, 201);
  assert.equal(r.headers.get('location'), '/v2/entities/Room1?type=Room');
  const again = await orion('/v2/entities', { method: 'POST', body: ROOM });
  assert.equal(again.status, 422);
  assert.deepEqual(await again.json(), { error: 'Unprocessable', description: 'Already Exists' });
  assert.equal((await orion('/v2/entities?options=upsert', { method: 'POST', body: ROOM })).status, 204);
});

test('GET answers the entity; PATCH of a missing one is 404 NotFound', async () => {
  const r = await orion('/v2/entities/Room1');
  assert.deepEqual(await r.json(), { id: 'Room1', type: 'Room', temperature: { type: 'Float', value: 23, metadata: {} }, pressure: { type: 'Integer', value: 720, metadata: {} } });
  const missing = await orion('/v2/entities/Nowhere/attrs', { method: 'PATCH', body: { temperature: { value: 1 } } });
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { error: 'NotFound', description: 'The requested entity has not been found. Check type and id' });
  assert.equal((await orion('/v2/entities', { service: 'other' })).status, 200);
  assert.deepEqual(await (await orion('/v2/entities', { service: 'other' })).json(), [], 'tenants are apart');
});

test('v1 subscribeContext answers a 24-hex id and PT24H; Orion 1.x notifies at once in legacy format with the headers it sends', async () => {
  received = [];
  const r = await orion('/v1/subscribeContext', {
    method: 'POST',
    service: 'DEFAULT',
    body: { entities: [{ type: 'Room', isPattern: 'false', id: 'Room1' }], attributes: ['temperature', 'pressure'], reference: `http://receiver:${receiverPort}/notify`, notifyConditions: [{ type: 'ONCHANGE', condValues: ['temperature', 'pressure'] }] },
  });
  assert.equal(r.status, 200);
  const body = await r.json() as { subscribeResponse: { subscriptionId: string; duration: string } };
  assert.match(body.subscribeResponse.subscriptionId, /^[0-9a-f]{24}$/);
  assert.equal(body.subscribeResponse.duration, 'PT24H');
  await waitFor('the initial notification', 5000, () => received.length > 0);
  const [n] = received;
  assert.equal(n.headers['fiware-service'], 'default', 'Orion lower-cases the service');
  assert.equal(n.headers['fiware-servicepath'], '/');
  assert.match(String(n.headers['user-agent']), /^orion\/1\.12\.0 /);
  assert.equal(n.body.subscriptionId, body.subscribeResponse.subscriptionId);
  assert.deepEqual(n.body.contextResponses[0].contextElement, { type: 'Room', isPattern: 'false', id: 'Room1', attributes: [{ name: 'temperature', type: 'Float', value: 23 }, { name: 'pressure', type: 'Integer', value: 720 }] });
  assert.deepEqual(n.body.contextResponses[0].statusCode, { code: '200', reasonPhrase: 'OK' });

  received = [];
  assert.equal((await orion('/v2/entities/Room1/attrs', { method: 'PATCH', body: { temperature: { value: 30.3, type: 'Float' } } })).status, 204);
  await waitFor('the change notification', 5000, () => received.length > 0);
  assert.equal(received[0].body.contextResponses[0].contextElement.attributes[0].value, 30.3);

  const status = await (await orion(`/v2/subscriptions/${body.subscribeResponse.subscriptionId}`)).json() as { status: string; expires: string; notification: Record<string, unknown> };
  assert.equal(status.status, 'active');
  assert.match(status.expires, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.00Z$/);
  assert.equal(status.notification.timesSent, 2);
  assert.equal(status.notification.attrsFormat, 'legacy');
  assert.ok(status.notification.lastSuccess);
  assert.equal(status.notification.lastSuccessCode, undefined, 'Orion 1.12 shows no lastSuccessCode');
});

test('a subscription with no service notifies without Fiware-Service', async () => {
  await orion('/v2/entities', { method: 'POST', service: '', body: { id: 'Bare', type: 'Room', temperature: { value: 1, type: 'Float' } } });
  received = [];
  await orion('/v2/subscriptions', { method: 'POST', service: '', body: { subject: { entities: [{ id: 'Bare', type: 'Room' }] }, notification: { http: { url: `http://receiver:${receiverPort}/notify` }, attrsFormat: 'legacy' } } });
  await waitFor('the notification', 5000, () => received.length > 0);
  assert.equal(received[0].headers['fiware-service'], undefined);
});

test('Orion 3.10 has no NGSI v1, reports lastFailureReason and lastSuccessCode, and sends no initial notification', async () => {
  const newer = await startChain({ sthReplicas: 1, orionVersion: '3.10.1', knownNames: ['receiver'] });
  try {
    const call = (path: string, method: string, body: unknown): Promise<Response> =>
      fetch(`${newer.orionUrl}${path}`, { method, headers: { 'Content-Type': 'application/json', 'Fiware-Service': 'default', 'Fiware-ServicePath': '/' }, body: JSON.stringify(body) });
    const v1 = await call('/v1/subscribeContext', 'POST', { entities: [{ id: 'Room1' }], reference: 'http://receiver/notify' });
    assert.equal(v1.status, 400);
    assert.match(await v1.text(), /Service not found. Check your URL as probably it is wrong./);
    await call('/v2/entities', 'POST', ROOM);
    const bad = await call('/v2/subscriptions', 'POST', { subject: { entities: [{ id: 'Room1', type: 'Room' }] }, notification: { http: { url: 'http://comet-typo:8666/notify' }, attrsFormat: 'legacy' } });
    const badId = bad.headers.get('location')!.split('/').pop()!;
    received = [];
    answer = 400;
    const rejecting = await call('/v2/subscriptions', 'POST', { subject: { entities: [{ id: 'Room1', type: 'Room' }] }, notification: { http: { url: `http://receiver:${receiverPort}/notify` }, attrsFormat: 'legacy' } });
    const rejectingId = rejecting.headers.get('location')!.split('/').pop()!;
    await call('/v2/entities/Room1/attrs', 'PATCH', { temperature: { value: 24, type: 'Float' } });
    await newer.notifier.settled();
    assert.equal(received.length, 1, 'only the change notified: no initial notification');
    const failed = await (await fetch(`${newer.orionUrl}/v2/subscriptions/${badId}`, { headers: { 'Fiware-Service': 'default' } })).json() as { status: string; notification: Record<string, unknown> };
    assert.equal(failed.status, 'failed');
    assert.equal(failed.notification.lastFailureReason, "Couldn't resolve host name");
    const rejected = await (await fetch(`${newer.orionUrl}/v2/subscriptions/${rejectingId}`, { headers: { 'Fiware-Service': 'default' } })).json() as { status: string; notification: Record<string, unknown> };
    assert.equal(rejected.status, 'active', 'any HTTP answer counts as delivered');
    assert.equal(rejected.notification.lastSuccessCode, 400);
  } finally {
    answer = 200;
    await newer.stop();
  }
});
