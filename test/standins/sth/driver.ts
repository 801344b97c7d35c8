// Typed view of the few parts of the mongodb 3.7 driver the stand-ins use (the package ships no types).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mongodb = require('mongodb') as { MongoClient: { connect(url: string, opts?: Record<string, unknown>): Promise<MongoClientLike> } };

export interface MongoDbLike {
  databaseName: string;
  command(cmd: Record<string, unknown>): Promise<Record<string, unknown>>;
  collection(name: string): unknown;
}

export interface MongoClientLike {
  db(name?: string): MongoDbLike;
  close(force?: boolean): Promise<void>;
}

export function connectMongo(url: string, opts: Record<string, unknown> = {}): Promise<MongoClientLike> {
  return mongodb.MongoClient.connect(url, opts);
}
