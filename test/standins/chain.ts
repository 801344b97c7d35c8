// The whole data path in one process on 127.0.0.1: a Mongo set of one, Orion, and several STH-Comet replicas sharing it.
import type { AddressInfo, LookupFunction } from 'node:net';
import type { Member } from './mongo/member';
import { initiate, startMembers } from './mongo/testkit';
import { createOrionApp } from './orion/app';
import { registerNgsi } from './orion/ngsi';
import type { Notifier } from './orion/notifier';
import { OrionStore } from './orion/store';
import { createSthApp } from './sth/app';
import { registerDataPath } from './sth/dataPath';
import { connectMongo, type MongoClientLike } from './sth/driver';

export interface ChainOptions {
  sthReplicas?: number;
  orionVersion?: string;
  sthVersion?: string;
  /** Names Orion resolves to 127.0.0.1 (the swarm's DNS); every other name fails to resolve. */
  knownNames?: string[];
}

export interface Chain {
  orionUrl: string;
  /** One URL per STH replica. */
  cometUrls: string[];
  /** What Orion must notify to reach the first replica: `http://comet:<port>/notify`. */
  reference: string;
  mongo: Member;
  notifier: Notifier;
  /** A driver client on the set, for tests that look at what was stored. */
  client: MongoClientLike;
  stop(): Promise<void>;
}

/** A resolver that knows only `names` (as 127.0.0.1) and IP literals; nothing leaves the machine. */
export function localLookup(names: readonly string[]): LookupFunction {
  return ((hostname: string, options: { all?: boolean } | number | undefined, callback?: (...args: unknown[]) => void) => {
    const cb = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void;
    const all = typeof options === 'object' && options?.all;
    const address = /^\d+\.\d+\.\d+\.\d+$/.test(hostname) ? hostname : names.includes(hostname) || hostname === 'localhost' ? '127.0.0.1' : undefined;
    if (!address) {
      const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
      process.nextTick(() => cb(err));
      return;
    }
    process.nextTick(() => (all ? cb(null, [{ address, family: 4 }]) : cb(null, address, 4)));
  }) as LookupFunction;
}

function listen(server: import('node:http').Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

export async function startChain(opts: ChainOptions = {}): Promise<Chain> {
  const [mongo] = await startMembers(1);
  await initiate([mongo]);
  const mongoUrl = `mongodb://${mongo.address}/?replicaSet=rs`;
  const clients: MongoClientLike[] = [];
  const connect = async (): Promise<MongoClientLike> => {
    const client = await connectMongo(mongoUrl, { useUnifiedTopology: true, serverSelectionTimeoutMS: 5000 });
    clients.push(client);
    return client;
  };
  const servers: import('node:http').Server[] = [];
  const cometUrls: string[] = [];
  for (let i = 0; i < (opts.sthReplicas ?? 2); i++) {
    const app = createSthApp();
    // Each replica has its own connection, as each STH task has its own driver.
    registerDataPath(app, { client: await connect(), version: opts.sthVersion ?? '2.2.0', silentHangUpMs: 2000 });
    servers.push(app.server);
    cometUrls.push(await listen(app.server));
  }
  const store = new OrionStore(connect);
  const orion = createOrionApp();
  const notifier = registerNgsi(orion, { store, version: opts.orionVersion ?? '1.12.0', multiservice: true, lookup: localLookup(opts.knownNames ?? ['comet']), httpTimeoutMs: 3000 });
  servers.push(orion.server);
  const orionUrl = await listen(orion.server);
  const client = await connect();
  return {
    orionUrl,
    cometUrls,
    reference: `http://comet:${new URL(cometUrls[0]).port}/notify`,
    mongo,
    notifier,
    client,
    stop: async () => {
      await notifier.settled().catch(() => undefined);
      for (const s of servers) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
      await Promise.all(clients.map((c) => c.close(true).catch(() => undefined)));
      await mongo.stop();
    },
  };
}
