// MongoAdmin over the official driver: one direct connection per call, closed after, as replica_ctrl.py does with pymongo.
import { connectMongo } from '../sth/driver';
import { OperationFailure, type MongoAdmin } from './replica';

const CONNECTION_ERRORS = new Set(['MongoNetworkError', 'MongoServerSelectionError', 'MongoTimeoutError', 'MongoNetworkTimeoutError']);

export function driverMongoAdmin(timeoutMs = 10_000): MongoAdmin {
  async function withClient<T>(ip: string, port: number, fn: (run: (cmd: Record<string, unknown>) => Promise<Record<string, unknown>>) => Promise<T>): Promise<T> {
    // No replicaSet in the URI: the driver talks to this one server whatever its state.
    const client = await connectMongo(`mongodb://${ip}:${port}/admin`, {
      directConnection: true,
      useUnifiedTopology: true,
      serverSelectionTimeoutMS: timeoutMs,
      connectTimeoutMS: timeoutMs,
      socketTimeoutMS: timeoutMs * 3,
    });
    try {
      return await fn(async (cmd) => {
        try {
          return await client.db('admin').command(cmd);
        } catch (err) {
          const e = err as { name?: string; message?: string };
          if (e.name && CONNECTION_ERRORS.has(e.name)) throw err;
          throw new OperationFailure(e.message ?? String(err));
        }
      });
    } finally {
      await client.close(true).catch(() => undefined);
    }
  }
  return {
    command: (ip, port, cmd) => withClient(ip, port, (run) => run(cmd)),
    isPrimary: (ip, port) => withClient(ip, port, async (run) => (await run({ isMaster: 1 })).ismaster === true),
  };
}
