// The part of the official mongodb driver (3.7 line) that Comet Swarm uses, typed here because that line ships no types.
//
// Why the 3.7 line: the recipe runs mongod 3.2 (backend.env) and its flags (--smallfiles) keep
// it below 4.2. Driver 4.x and later refuse servers older than 3.6, 6.10 and later older than 4.0,
// 7.x older than 4.4; the 3.7 line speaks to every server from 2.6 to 5.0 and later.

export interface MongoDatabase {
  command(command: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export interface MongoClientHandle {
  db(name: string): MongoDatabase;
  close(force?: boolean): Promise<void>;
}

export interface MongoConnectOptions {
  readonly useUnifiedTopology: true;
  readonly serverSelectionTimeoutMS?: number;
  readonly connectTimeoutMS?: number;
  readonly socketTimeoutMS?: number;
}

interface MongoDriverModule {
  MongoClient: { connect(uri: string, options: MongoConnectOptions): Promise<MongoClientHandle> };
}

/** Loaded on first use: the driver is large and most sessions never read a replica set. */
export function loadMongoDriver(): MongoDriverModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('mongodb') as MongoDriverModule;
}
