// Typed view of the mongodb 3.7 collection calls the STH stand-in's data path makes.
import type { MongoClientLike } from './driver';

export interface CursorLike {
  sort(spec: Record<string, 1 | -1>): CursorLike;
  skip(n: number): CursorLike;
  limit(n: number): CursorLike;
  toArray(): Promise<Record<string, unknown>[]>;
}

export interface CollectionLike {
  insertOne(doc: Record<string, unknown>): Promise<unknown>;
  findOne(filter: Record<string, unknown>): Promise<Record<string, unknown> | null>;
  find(filter: Record<string, unknown>, options?: { projection?: Record<string, 0 | 1> }): CursorLike;
  updateOne(filter: Record<string, unknown>, update: Record<string, unknown>, options?: { upsert?: boolean }): Promise<unknown>;
  count(filter: Record<string, unknown>): Promise<number>;
}

/** The collection `name` of database `db`; the driver creates both on first write, as STH relies on. */
export function collectionOf(client: MongoClientLike, db: string, name: string): CollectionLike {
  return client.db(db).collection(name) as CollectionLike;
}
