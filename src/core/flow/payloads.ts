// The NGSI and STH requests of the flow, built from its options exactly as the recipe's scripts send them.
import type { FlowOptions, StepRequest } from './types';

function fiware(o: FlowOptions, json: boolean): Record<string, string> {
  return {
    ...(json ? { 'Content-Type': 'application/json' } : {}),
    Accept: 'application/json',
    'Fiware-Service': o.service,
    'Fiware-ServicePath': o.servicePath,
  };
}

const join = (base: string, path: string): string => `${base.replace(/\/+$/, '')}${path}`;
const seg = encodeURIComponent;

export function versionRequest(o: FlowOptions): StepRequest {
  return { method: 'GET', url: join(o.orionUrl, '/version'), headers: { Accept: 'application/json' } };
}

/** insert.sh, with options=upsert so that the flow can run again on the same entity. */
export function insertRequest(o: FlowOptions): StepRequest {
  const entity: Record<string, unknown> = { id: o.entityId, type: o.entityType };
  for (const a of o.attributes) entity[a.name] = { value: a.initial, type: a.type };
  return { method: 'POST', url: join(o.orionUrl, '/v2/entities?options=upsert'), headers: fiware(o, true), body: JSON.stringify(entity) };
}

export function updateRequest(o: FlowOptions): StepRequest {
  const attrs: Record<string, unknown> = {};
  for (const a of o.attributes) attrs[a.name] = { value: a.updated, type: a.updateType };
  return { method: 'PATCH', url: join(o.orionUrl, `/v2/entities/${seg(o.entityId)}/attrs?type=${seg(o.entityType)}`), headers: fiware(o, true), body: JSON.stringify(attrs) };
}

/** subscribe.sh: NGSI v1, ONCHANGE on every attribute. */
export function subscribeV1Request(o: FlowOptions): StepRequest {
  const names = o.attributes.map((a) => a.name);
  const body = {
    entities: [{ type: o.entityType, isPattern: 'false', id: o.entityId }],
    attributes: names,
    reference: o.reference,
    duration: 'PT24H',
    notifyConditions: [{ type: 'ONCHANGE', condValues: names }],
  };
  return { method: 'POST', url: join(o.orionUrl, '/v1/subscribeContext'), headers: fiware(o, true), body: JSON.stringify(body) };
}

/** The v2 equivalent STH-Comet can read: attrsFormat legacy. */
export function subscribeV2Request(o: FlowOptions): StepRequest {
  const names = o.attributes.map((a) => a.name);
  const body = {
    description: `Comet Swarm check flow: ${o.entityId} to STH-Comet`,
    subject: { entities: [{ id: o.entityId, type: o.entityType }], condition: { attrs: names } },
    notification: { http: { url: o.reference }, attrs: names, attrsFormat: 'legacy' },
  };
  return { method: 'POST', url: join(o.orionUrl, '/v2/subscriptions'), headers: fiware(o, true), body: JSON.stringify(body) };
}

/** Orion 1.12 shows v1 subscriptions through v2 as well. */
export function subscriptionStatusRequest(o: FlowOptions, id: string): StepRequest {
  return { method: 'GET', url: join(o.orionUrl, `/v2/subscriptions/${seg(id)}`), headers: { Accept: 'application/json', 'Fiware-Service': o.service, 'Fiware-ServicePath': o.servicePath } };
}

/** query_sth.sh: raw values, v1 API; `service` overrides the options' (for the case probe). */
export function historyRequest(o: FlowOptions, service = o.service): StepRequest {
  const path = `/STH/v1/contextEntities/type/${seg(o.entityType)}/id/${seg(o.entityId)}/attributes/${seg(o.queryAttribute)}?lastN=${o.lastN}`;
  return { method: 'GET', url: join(o.cometUrl, path), headers: { Accept: 'application/json', 'Fiware-Service': service, 'Fiware-ServicePath': o.servicePath } };
}

export function aggregateRequest(o: FlowOptions): StepRequest | undefined {
  if (!o.aggregate) return undefined;
  const path = `/STH/v1/contextEntities/type/${seg(o.entityType)}/id/${seg(o.entityId)}/attributes/${seg(o.queryAttribute)}?aggrMethod=${o.aggregate.method}&aggrPeriod=${o.aggregate.period}`;
  return { method: 'GET', url: join(o.cometUrl, path), headers: { Accept: 'application/json', 'Fiware-Service': o.service, 'Fiware-ServicePath': o.servicePath } };
}
