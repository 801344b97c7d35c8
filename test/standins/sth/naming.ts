// Database and collection names as STH-Comet derives them (collection-per-entity data model, no name encoding).
import { Buffer } from 'node:buffer';

const DB_PREFIX = 'sth_';
const COLLECTION_PREFIX = 'sth_';
const NAME_SEPARATOR = '_';
/** MongoDB's limits that STH checks before it creates anything. */
const MAX_DATABASE_NAME_BYTES = 64;
const MAX_NAMESPACE_BYTES = 120;

export interface SeriesKey {
  service: string;
  servicePath: string;
  entityId: string;
  entityType: string;
}

/** `sth_<service>`, case kept: a service `Default` is another database than `default`. */
export function databaseName(service: string): string | null {
  const name = DB_PREFIX + service;
  return Buffer.byteLength(name) > MAX_DATABASE_NAME_BYTES ? null : name;
}

/**
 * `sth_<servicePath>_<entityId>_<entityType>`; null when the namespace of its `.aggr` twin would
 * pass 120 bytes, which STH answers with "The collection name could not be generated".
 */
export function rawCollectionName(key: SeriesKey): string | null {
  const db = databaseName(key.service);
  if (!db) return null;
  const body = key.servicePath + NAME_SEPARATOR + key.entityId + (key.entityType ? NAME_SEPARATOR + key.entityType : '');
  const namespaceBytes = Buffer.byteLength(db) + Buffer.byteLength(COLLECTION_PREFIX) + Buffer.byteLength(body) + Buffer.byteLength('.aggr');
  return namespaceBytes > MAX_NAMESPACE_BYTES ? null : COLLECTION_PREFIX + body;
}

export function aggregatedCollectionName(key: SeriesKey): string | null {
  const raw = rawCollectionName(key);
  return raw ? `${raw}.aggr` : null;
}
