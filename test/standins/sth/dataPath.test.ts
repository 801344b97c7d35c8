// Tests of the STH-Comet stand-in's data path against STH-Comet 2.x's facts: /notify, raw and aggregated history, errors, storage.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startChain, type Chain } from '../chain';

let chain: Chain;
let one: string;
let two: string;

before(async () => {
  chain = await startChain({ sthReplicas: 2, sthVersion: '2.2.0' });
  [one, two] = chain.cometUrls;
});
after(async () => chain?.stop());

const SCOPE = { 'Fiware-Service': 'default', 'Fiware-ServicePath': '/' };

function legacy(id: string, attributes: { name: string; type: string; value: unknown }[]): string {
  return JSON.stringify({
    subscriptionId: '5a8d9c2e0b1c2d3e4f506172',
    originator: 'localhost',
    contextResponses: [{ contextElement: { type: 'Room', isPattern: 'false', id, attributes }, statusCode: { code: '200', reasonPhrase: 'OK' } }],
  });
}

async function notify(base: string, body: string, headers: Record<string, string> = SCOPE): Promise<Response> {
  return fetch(`${base}/notify`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(10_000) });
}

async function history(base: string, id: string, attr: string, query: string, headers: Record<string, string> = SCOPE): Promise<Response> {
  return fetch(`${base}/STH/v1/contextEntities/type/Room/id/${id}/attributes/${attr}?${query}`, { headers, signal: AbortSignal.timeout(10_000) });
}

interface V1Answer { contextResponses: { contextElement: { attributes: { name: string; values: { recvTime: string; attrType: string; attrValue: unknown }[] }[]; id: string; isPattern: boolean; type: string }; statusCode: { code: string; reasonPhrase: string } }[] }

test('a legacy notification answers 200 with no body, and both replicas then answer the same values', async () => {
  const r = await notify(one, legacy('Room1', [{ name: 'temperature', type: 'Float', value: 23 }, { name: 'pressure', type: 'Integer', value: 720 }]));
  assert.equal(r.status, 200);
  assert.equal(await r.text(), '');
  await notify(two, legacy('Room1', [{ name: 'temperature', type: 'Float', value: 30.3 }]));
  const a = await (await history(one, 'Room1', 'temperature', 'lastN=3')).json() as V1Answer;
  const b = await (await history(two, 'Room1', 'temperature', 'lastN=3')).json() as V1Answer;
  assert.deepEqual(a, b);
  const el = a.contextResponses[0].contextElement;
  assert.deepEqual({ id: el.id, type: el.type, isPattern: el.isPattern }, { id: 'Room1', type: 'Room', isPattern: false });
  assert.deepEqual(a.contextResponses[0].statusCode, { code: '200', reasonPhrase: 'OK' });
  assert.deepEqual(el.attributes[0].values.map((v) => [v.attrType, v.attrValue]), [['Float', 23], ['Float', 30.3]]);
  assert.deepEqual(Object.keys(el.attributes[0].values[0]), ['recvTime', 'attrType', 'attrValue']);
  assert.match(el.attributes[0].values[0].recvTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

test('data lands in database sth_default, collections sth_/_Room1_Room and sth_/_Room1_Room.aggr', async () => {
  const names = (await (chain.client.db('sth_default') as unknown as { listCollections(): { toArray(): Promise<{ name: string }[]> } }).listCollections().toArray()).map((c) => c.name);
  assert.ok(names.includes('sth_/_Room1_Room'), names.join(', '));
  assert.ok(names.includes('sth_/_Room1_Room.aggr'), names.join(', '));
});

test('a missing Fiware-ServicePath or Fiware-Service is a 400 worded as STH words it', async () => {
  const noPath = await notify(one, legacy('Room1', []), { 'Fiware-Service': 'default' });
  assert.equal(noPath.status, 400);
  assert.deepEqual(await noPath.json(), { statusCode: 400, error: 'Bad Request', message: 'child "fiware-servicepath" fails because [fiware-servicepath is required]', validation: { source: 'headers', keys: [] } });
  const noService = await history(one, 'Room1', 'temperature', 'lastN=1', { 'Fiware-ServicePath': '/' });
  assert.equal(noService.status, 400);
  assert.equal((await noService.json() as { message: string }).message, 'error=child "fiware-service" fails because [fiware-service is required]');
});

test('a notification without attributes is refused with the aggregatable-value message', async () => {
  const r = await notify(one, legacy('Room1', []));
  assert.equal(r.status, 400);
  const body = await r.json() as { message: string; validation: unknown };
  assert.equal(body.message, 'At least one attribute with an aggregatable value should be included in the notification');
  assert.deepEqual(body.validation, { source: 'payload', keys: ['attributes'] });
});

test('textual values are stored raw but not aggregated numerically', async () => {
  assert.equal((await notify(one, legacy('Room9', [{ name: 'label', type: 'Text', value: '<img src=x onerror=alert(1)>' }]))).status, 200);
  const a = await (await history(two, 'Room9', 'label', 'lastN=1')).json() as V1Answer;
  assert.equal(a.contextResponses[0].contextElement.attributes[0].values[0].attrValue, '<img src=x onerror=alert(1)>');
});

test('the service is case-sensitive: data notified under default is not found under Default (200, empty values)', async () => {
  const r = await history(one, 'Room1', 'temperature', 'lastN=3', { 'Fiware-Service': 'Default', 'Fiware-ServicePath': '/' });
  assert.equal(r.status, 200);
  assert.deepEqual((await r.json() as V1Answer).contextResponses[0].contextElement.attributes[0].values, []);
});

test('a query without lastN, paging, filetype or aggregation names the parameters it needs', async () => {
  const r = await history(one, 'Room1', 'temperature', '');
  assert.equal(r.status, 400);
  const body = await r.json() as { message: string; validation: { keys: string[] } };
  assert.equal(body.message, 'A combination of the following query params is required: lastN, hLimit and hOffset, filetype, or aggrMethod and aggrPeriod');
  assert.deepEqual(body.validation.keys, ['lastN', 'hLimit', 'hOffset', 'filetype', 'aggrMethod', 'aggrPeriod']);
});

test('bad parameter values give Joi messages through hapi', async () => {
  const cases: [string, string][] = [
    ['lastN=x', 'child "lastN" fails because ["lastN" must be a number]'],
    ['lastN=-1', 'child "lastN" fails because ["lastN" must be greater than -1]'],
    ['aggrMethod=avg&aggrPeriod=hour', 'child "aggrMethod" fails because ["aggrMethod" must be one of [max, min, sum, sum2, occur]]'],
    ['lastN=1&dateFrom=yesterday', 'child "dateFrom" fails because ["dateFrom" must be a number of milliseconds or valid date string]'],
    ['lastN=1&count=true', '"count" is not allowed'],
  ];
  for (const [query, message] of cases) {
    const r = await history(one, 'Room1', 'temperature', query);
    assert.equal(r.status, 400, query);
    assert.equal((await r.json() as { message: string }).message, message, query);
  }
});

test('hLimit and hOffset page oldest first; dateFrom and dateTo bound recvTime', async () => {
  const paged = await (await history(one, 'Room1', 'temperature', 'hLimit=1&hOffset=1')).json() as V1Answer;
  assert.deepEqual(paged.contextResponses[0].contextElement.attributes[0].values.map((v) => v.attrValue), [30.3]);
  const future = await (await history(one, 'Room1', 'temperature', `lastN=5&dateFrom=${new Date(Date.now() + 3_600_000).toISOString()}`)).json() as V1Answer;
  assert.deepEqual(future.contextResponses[0].contextElement.attributes[0].values, []);
});

test('filetype=csv answers a CSV attachment with attrName, attrType, attrValue, recvTime', async () => {
  const r = await history(one, 'Room1', 'temperature', 'lastN=2&filetype=csv');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition') ?? '', /^attachment; filename=temperature-\d+\.csv$/);
  const lines = (await r.text()).trim().split('\n');
  assert.equal(lines[0], 'attrName,attrType,attrValue,recvTime');
  assert.match(lines[1], /^temperature,Float,23,\d{4}-/);
});

test('aggregated max per minute answers _id {attrName, origin, resolution} and points {offset, samples, max}', async () => {
  const r = await history(two, 'Room1', 'temperature', 'aggrMethod=max&aggrPeriod=minute');
  assert.equal(r.status, 200);
  const values = (await r.json() as { contextResponses: { contextElement: { attributes: { values: { _id: Record<string, unknown>; points: Record<string, number>[] }[] }[] } }[] }).contextResponses[0].contextElement.attributes[0].values;
  assert.ok(values.length >= 1);
  assert.deepEqual(Object.keys(values[0]._id), ['attrName', 'origin', 'resolution']);
  assert.equal(values[0]._id.resolution, 'minute');
  const points = values.flatMap((v) => v.points);
  assert.equal(points.reduce((n, p) => n + p.samples, 0), 2);
  assert.equal(Math.max(...points.map((p) => p.max)), 30.3);
  assert.deepEqual(Object.keys(points[0]), ['offset', 'samples', 'max']);
});

test('STH 2.2.0 has no v2 history route (404) while 2.7.0 answers it with count and NGSIv2 errors', async () => {
  assert.equal((await fetch(`${one}/STH/v2/entities/Room1/attrs/temperature?type=Room&lastN=3`, { headers: SCOPE })).status, 404);
  const newer = await startChain({ sthReplicas: 1, sthVersion: '2.7.0' });
  try {
    const [base] = newer.cometUrls;
    await notify(base, legacy('Room1', [{ name: 'temperature', type: 'Float', value: 21 }]));
    const r = await fetch(`${base}/STH/v2/entities/Room1/attrs/temperature?type=Room&lastN=3&count=true`, { headers: SCOPE });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('fiware-total-count'), '1');
    const body = await r.json() as { type: string; value: { attrValue: unknown }[] };
    assert.equal(body.type, 'StructuredValue');
    assert.deepEqual(body.value.map((v) => v.attrValue), [21]);
    const bad = await fetch(`${base}/STH/v2/entities/Room1/attrs/temperature?lastN=3`, { headers: SCOPE });
    assert.equal(bad.status, 400);
    assert.deepEqual(await bad.json(), { error: 'BadRequest', description: 'child "type" fails because ["type" is required]' });
  } finally {
    await newer.stop();
  }
});
