// NGSI v2 entities on the Orion stand-in: create (with upsert), update attributes, read; changes fire subscriptions.
import type { OrionApp, OrionHandler } from './app';
import { fireSubscriptions } from './matching';
import type { Notifier } from './notifier';
import { json, parseJson, scopeOf, v2Error } from './scope';
import type { OrionStore, StoredAttribute, StoredEntity } from './store';

export interface EntityRoutesOptions {
  store: OrionStore;
  notifier: Notifier;
  multiservice: boolean;
}

const NOT_FOUND = ['NotFound', 'The requested entity has not been found. Check type and id'] as const;

/** Orion's default attribute types for values that come without one. */
function defaultType(value: unknown): string {
  if (typeof value === 'number') return 'Number';
  if (typeof value === 'boolean') return 'Boolean';
  if (value === null) return 'None';
  if (typeof value === 'object') return 'StructuredValue';
  return 'Text';
}

type AttributeInput = Record<string, { value?: unknown; type?: string } | unknown>;

/** Applies v2 attributes to an entity; returns the names whose value or type changed. */
function applyAttributes(entity: StoredEntity, input: AttributeInput, now: number): string[] {
  const changed: string[] = [];
  for (const [name, raw] of Object.entries(input)) {
    if (name === 'id' || name === 'type') continue;
    const attr = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as { value?: unknown; type?: string }) : { value: raw };
    const value = attr.value ?? null;
    const type = attr.type ?? defaultType(value);
    const old = entity.attrs[name];
    if (!old || old.type !== type || JSON.stringify(old.value) !== JSON.stringify(value)) changed.push(name);
    const next: StoredAttribute = { type, value, mdNames: [], creDate: old?.creDate ?? now, modDate: now };
    entity.attrs[name] = next;
    if (!entity.attrNames.includes(name)) entity.attrNames.push(name);
  }
  entity.modDate = now;
  return changed;
}

function render(entity: StoredEntity): Record<string, unknown> {
  const out: Record<string, unknown> = { id: entity._id.id, type: entity._id.type };
  for (const name of entity.attrNames) out[name] = { type: entity.attrs[name].type, value: entity.attrs[name].value, metadata: {} };
  return out;
}

function idFilter(id: string, type: string | null, servicePath: string): Record<string, unknown> {
  return { '_id.id': id, ...(type ? { '_id.type': type } : {}), '_id.servicePath': servicePath };
}

export function registerEntityRoutes(app: OrionApp, opts: EntityRoutesOptions): void {
  const { store, notifier } = opts;

  const create: OrionHandler = async ({ req, url, body }) => {
    const scope = scopeOf(req, opts.multiservice);
    const parsed = parseJson(body);
    if (!parsed.ok) return parsed.reply;
    const input = parsed.value as { id?: unknown; type?: unknown } & AttributeInput;
    if (typeof input.id !== 'string' || input.id === '') return v2Error(400, 'BadRequest', 'entity id length: 0, min length supported: 1');
    const type = typeof input.type === 'string' && input.type ? input.type : 'Thing';
    const upsert = (url.searchParams.get('options') ?? '').split(',').includes('upsert');
    const entities = await store.entities(scope.tenant);
    const now = Math.floor(Date.now() / 1000);
    const existing = await entities.findOne(idFilter(input.id, type, scope.servicePath));
    if (existing && !upsert) return v2Error(422, 'Unprocessable', 'Already Exists');
    const entity: StoredEntity = existing ?? { _id: { id: input.id, type, servicePath: scope.servicePath }, attrNames: [], attrs: {}, creDate: now, modDate: now };
    const changed = applyAttributes(entity, input, now);
    if (existing) await entities.updateOne({ _id: existing._id }, { $set: { attrNames: entity.attrNames, attrs: entity.attrs, modDate: now } });
    else await entities.insertOne(entity);
    await fireSubscriptions(store, notifier, scope.tenant, entity, existing ? changed : entity.attrNames);
    if (existing) return { status: 204 };
    return { status: 201, headers: { Location: `/v2/entities/${encodeURIComponent(input.id)}?type=${encodeURIComponent(type)}` } };
  };

  const patch: OrionHandler = async ({ req, url, params, body }) => {
    const scope = scopeOf(req, opts.multiservice);
    const parsed = parseJson(body);
    if (!parsed.ok) return parsed.reply;
    const entities = await store.entities(scope.tenant);
    const entity = await entities.findOne(idFilter(params.id, url.searchParams.get('type'), scope.servicePath));
    if (!entity) return v2Error(404, ...NOT_FOUND);
    const input = parsed.value as AttributeInput;
    const missing = Object.keys(input).filter((name) => !entity.attrs[name]);
    if (missing.length) return v2Error(422, 'Unprocessable', `one or more of the attributes in the request do not exist: [ ${missing.join(', ')} ]`);
    const now = Math.floor(Date.now() / 1000);
    const changed = applyAttributes(entity, input, now);
    await entities.updateOne({ _id: entity._id }, { $set: { attrs: entity.attrs, attrNames: entity.attrNames, modDate: now } });
    await fireSubscriptions(store, notifier, scope.tenant, entity, changed);
    return { status: 204 };
  };

  const readOne: OrionHandler = async ({ req, url, params }) => {
    const scope = scopeOf(req, opts.multiservice);
    const found = await (await store.entities(scope.tenant)).find(idFilter(params.id, url.searchParams.get('type'), scope.servicePath)).toArray();
    if (found.length === 0) return v2Error(404, ...NOT_FOUND);
    if (found.length > 1) return v2Error(409, 'TooManyResults', 'More than one matching entity. Please refine your query');
    return json(200, render(found[0]));
  };

  const list: OrionHandler = async ({ req, url }) => {
    const scope = scopeOf(req, opts.multiservice);
    const type = url.searchParams.get('type');
    const id = url.searchParams.get('id');
    const limit = Number(url.searchParams.get('limit') ?? 20);
    const all = await (await store.entities(scope.tenant)).find({ '_id.servicePath': scope.servicePath, ...(type ? { '_id.type': type } : {}) }).toArray();
    const chosen = all.filter((e) => !id || id.split(',').includes(e._id.id)).slice(0, limit);
    return json(200, chosen.map(render));
  };

  app.route('POST', '/v2/entities', create);
  app.route('GET', '/v2/entities', list);
  app.route('GET', '/v2/entities/{id}', readOne);
  app.route('PATCH', '/v2/entities/{id}/attrs', patch);
}
