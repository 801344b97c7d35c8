// POST /notify as STH-Comet 2.x handles it: NGSIv1 ("legacy") notifications stored raw and aggregated in Mongo.
import { storeAggregate } from './aggregate';
import type { SthHandler, SthReply } from './app';
import { collectionOf } from './collections';
import type { MongoClientLike } from './driver';
import { badRequest } from './errors';
import { checkFiwareHeaders, isReply } from './headers';
import { aggregatedCollectionName, databaseName, rawCollectionName } from './naming';

interface LegacyAttribute {
  name: string;
  type?: string;
  value?: unknown;
  metadatas?: { name: string; type?: string; value?: unknown }[];
}

interface LegacyElement {
  id: string;
  type?: string;
  attributes?: LegacyAttribute[];
}

export interface NotifyOptions {
  client: MongoClientLike;
  log?: (line: string) => void;
  /**
   * How long a payload without `contextResponses` is left unanswered. STH 2.x's handler never
   * replies to one (a v2 "normalized" notification), so the sender times out; the stand-in hangs
   * up after this long instead of holding the socket forever.
   */
  silentHangUpMs?: number;
}

/** A TimeInstant metadata that parses as a date replaces the reception time, as in STH. */
function timestampOf(attribute: LegacyAttribute, recvTime: Date): Date {
  const timeInstant = attribute.metadatas?.find((m) => m.name === 'TimeInstant')?.value;
  if (typeof timeInstant === 'string' || typeof timeInstant === 'number') {
    const d = new Date(timeInstant);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return recvTime;
}

/** STH aggregates only non-empty strings and numbers (and a value of 0 fails its truthiness test). */
function aggregatable(value: unknown): value is string | number {
  if (!value || (typeof value !== 'string' && typeof value !== 'number')) return false;
  return !(typeof value === 'string' && value.trim() === '');
}

export function notifyHandler(opts: NotifyOptions): SthHandler {
  return async ({ req, body }) => {
    const recvTime = new Date();
    const scope = checkFiwareHeaders(req.headers);
    if (isReply(scope)) return scope;
    let payload: { contextResponses?: unknown };
    try {
      payload = body ? JSON.parse(body) as { contextResponses?: unknown } : {};
    } catch {
      return badRequest('Invalid request payload JSON format');
    }
    if (!payload || !Array.isArray(payload.contextResponses)) {
      opts.log?.('POST /notify without contextResponses: left unanswered, as STH 2.x does');
      setTimeout(() => req.socket.destroy(), opts.silentHangUpMs ?? 30_000).unref();
      return new Promise<SthReply>(() => undefined);
    }
    const elements = (payload.contextResponses as { contextElement?: LegacyElement }[])
      .map((r) => r?.contextElement)
      .filter((e): e is LegacyElement => !!e && Array.isArray(e.attributes));
    const total = elements.reduce((n, e) => n + (e.attributes?.length ?? 0), 0);
    if (total === 0) {
      return badRequest('At least one attribute with an aggregatable value should be included in the notification', { source: 'payload', keys: ['attributes'] });
    }
    const db = databaseName(scope.service);
    for (const element of elements) {
      const key = { service: scope.service, servicePath: scope.servicePath, entityId: element.id, entityType: element.type ?? '' };
      const rawName = rawCollectionName(key);
      const aggrName = aggregatedCollectionName(key);
      if (!db || !rawName || !aggrName) return badRequest('The collection name could not be generated');
      const raw = collectionOf(opts.client, db, rawName);
      const aggr = collectionOf(opts.client, db, aggrName);
      for (const attribute of element.attributes ?? []) {
        const timestamp = timestampOf(attribute, recvTime);
        const attrType = attribute.type ?? '';
        const existing = await raw.findOne({ recvTime: timestamp, attrName: attribute.name, attrType });
        if (existing && JSON.stringify(existing.attrValue) === JSON.stringify(attribute.value)) continue; // already registered
        const doc = { recvTime: timestamp, attrName: attribute.name, attrType, attrValue: attribute.value };
        if (existing) await raw.updateOne({ _id: existing._id }, { $set: { attrValue: attribute.value } });
        else await raw.insertOne(doc);
        if (aggregatable(attribute.value)) {
          await storeAggregate(aggr, { attrName: attribute.name, attrType, attrValue: attribute.value, timestamp });
        } else {
          opts.log?.(`Attribute value not aggregatable: ${JSON.stringify(attribute.value)}`);
        }
      }
    }
    // hapi's reply() with nothing: 200 and an empty body.
    return { status: 200, text: '' };
  };
}
