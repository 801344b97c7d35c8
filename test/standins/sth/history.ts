// STH-Comet's history routes: raw values (lastN, hLimit+hOffset, dates, CSV, count) and aggregates, v1 and v2 paths.
import { readAggregate } from './aggregate';
import type { SthHandler, SthReply } from './app';
import { collectionOf, type CollectionLike } from './collections';
import type { MongoClientLike } from './driver';
import { asV2Error, badRequest } from './errors';
import { checkFiwareHeaders, isReply } from './headers';
import { aggregatedCollectionName, databaseName, rawCollectionName } from './naming';
import type { SthPersona } from './persona';
import { historyKind, isQuery, parseHistoryQuery, type HistoryQuery } from './queryParams';

export interface HistoryOptions {
  client: MongoClientLike;
  persona: SthPersona;
}

interface Series {
  entityId: string;
  entityType: string;
  attrName: string;
}

function payload(v2: boolean, series: Series, values: unknown[]): unknown {
  if (v2) return { type: 'StructuredValue', value: values };
  return {
    contextResponses: [{
      contextElement: { attributes: [{ name: series.attrName, values }], id: series.entityId, isPattern: false, type: series.entityType },
      statusCode: { code: '200', reasonPhrase: 'OK' },
    }],
  };
}

function recvTimeFilter(q: HistoryQuery): Record<string, unknown> {
  const range: Record<string, Date> = {};
  if (q.dateFrom) range.$gte = q.dateFrom;
  if (q.dateTo) range.$lte = q.dateTo;
  return Object.keys(range).length ? { recvTime: range } : {};
}

// Listed in stored order: real mongod keeps document order for inclusions, and so the answer's key order matches STH's.
const PROJECTION = { recvTime: 1, attrType: 1, attrValue: 1, _id: 0 } as const;

async function readRaw(collection: CollectionLike, attrName: string, q: HistoryQuery): Promise<Record<string, unknown>[]> {
  const filter = { attrName, ...recvTimeFilter(q) };
  if (q.lastN !== undefined) {
    // limit(0) is no limit: lastN=0 answers everything, as in STH.
    const newestFirst = await collection.find(filter, { projection: PROJECTION }).sort({ recvTime: -1 }).limit(q.lastN).toArray();
    return newestFirst.reverse();
  }
  if (q.hLimit !== undefined || q.hOffset !== undefined) {
    return collection.find(filter, { projection: PROJECTION }).sort({ recvTime: 1 }).skip(q.hOffset ?? 0).limit(q.hLimit ?? 0).toArray();
  }
  return collection.find(filter, { projection: PROJECTION }).toArray();
}

function csvOf(attrName: string, values: Record<string, unknown>[]): string {
  const cell = (v: unknown): string => {
    const s = v instanceof Date ? v.toISOString() : String(v ?? '');
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return ['attrName,attrType,attrValue,recvTime', ...values.map((v) => [attrName, v.attrType, v.attrValue, v.recvTime].map(cell).join(','))].join('\n') + '\n';
}

/** Handler of GET /STH/v1/contextEntities/type/{entityType}/id/{entityId}/attributes/{attrName} (v2 = false) and its v2 twin. */
export function historyHandler(opts: HistoryOptions, v2: boolean): SthHandler {
  const answer = async ({ req, url, params }: Parameters<SthHandler>[0]): Promise<SthReply> => {
    const scope = checkFiwareHeaders(req.headers);
    if (isReply(scope)) return scope;
    const q = parseHistoryQuery(url.searchParams, opts.persona, v2);
    if (!isQuery(q)) return q;
    const kind = historyKind(q);
    if (typeof kind !== 'string') return kind;
    const series: Series = { entityId: params.entityId, entityType: v2 ? q.type ?? '' : params.entityType, attrName: params.attrName };
    const key = { service: scope.service, servicePath: scope.servicePath, entityId: series.entityId, entityType: series.entityType };
    const db = databaseName(scope.service);
    const name = kind === 'raw' ? rawCollectionName(key) : aggregatedCollectionName(key);
    if (!db || !name) return badRequest('The collection name could not be generated');
    const collection = collectionOf(opts.client, db, name);
    if (kind === 'aggregated') {
      const values = await readAggregate(collection, { attrName: series.attrName, method: q.aggrMethod!, resolution: q.aggrPeriod!, from: q.dateFrom, to: q.dateTo });
      return { status: 200, json: payload(v2, series, values) };
    }
    const values = await readRaw(collection, series.attrName, q);
    const headers: Record<string, string> = {};
    if (q.count && opts.persona.hasCount) headers['fiware-total-count'] = String(await collection.count({ attrName: series.attrName, ...recvTimeFilter(q) }));
    // STH compares 'csv' on the lastN and no-paging paths but 'cvs' on the paging one, so paged CSV comes back as JSON.
    const csv = q.filetype === 'csv' && !(q.lastN === undefined && (q.hLimit !== undefined || q.hOffset !== undefined));
    if (csv && values.length) {
      const file = `${series.attrName}-${Date.now()}.csv`;
      return { status: 200, text: csvOf(series.attrName, values), headers: { ...headers, 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename=${file}` } };
    }
    return { status: 200, json: payload(v2, series, values), headers };
  };
  return v2 ? async (r) => asV2Error(await answer(r)) : answer;
}
