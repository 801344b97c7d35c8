// Helpers shared by the stand-in's tests: start sets of members, wait on conditions with deadlines, load the official driver.
import { startMember, type Member, type MemberOptions } from './member';

/** The official driver (3.7.4, untyped): the judge of the stand-in's wire fidelity. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const mongodb = require('mongodb') as {
  MongoClient: new (uri: string, options: Record<string, unknown>) => MongoClientLike;
  MongoServerSelectionError: new (...args: unknown[]) => Error;
  MongoError: new (...args: unknown[]) => Error;
};

// The driver has no bundled types; tests use it through this narrow shape.
export interface MongoClientLike {
  connect(): Promise<MongoClientLike>;
  db(name: string): DbLike;
  close(force?: boolean): Promise<void>;
  topology: { description: { type: string; setName?: string; maxSetVersion?: number; maxElectionId?: { toHexString(): string }; servers: Map<string, { type: string }> } };
  on(event: string, listener: (...args: unknown[]) => void): void;
}
export interface DbLike {
  command(cmd: Record<string, unknown>, options?: Record<string, unknown>): Promise<Record<string, any>>;
  collection(name: string, options?: Record<string, unknown>): any;
  dropDatabase(): Promise<boolean>;
  listCollections(filter?: Record<string, unknown>): { toArray(): Promise<Record<string, any>[]> };
  admin(): { listDatabases(): Promise<Record<string, any>> };
}

/** Timings short enough for tests, long enough to stay stable on a busy 2-core machine. */
export const FAST = { heartbeatIntervalMs: 100, electionTimeoutMs: 600 };

export async function waitFor<T>(what: string, deadlineMs: number, probe: () => Promise<T | undefined | false> | T | undefined | false, everyMs = 50): Promise<T> {
  const until = Date.now() + deadlineMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > until) {
      throw new Error(`timed out after ${deadlineMs}ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export async function startMembers(count: number, options: Partial<MemberOptions> = {}): Promise<Member[]> {
  const members: Member[] = [];
  for (let i = 0; i < count; i++) {
    members.push(await startMember({ port: 0, bindIp: '127.0.0.1', replSet: 'rs', ...FAST, ...options }));
  }
  return members;
}

export async function direct(member: Member, extra = ''): Promise<MongoClientLike> {
  const client = new mongodb.MongoClient(`mongodb://${member.address}/?directConnection=true${extra}`, {
    useUnifiedTopology: true,
    serverSelectionTimeoutMS: 5000,
  });
  try {
    return await client.connect();
  } catch (err) {
    // A failed connect leaves monitors running; close them so the test process can exit.
    await client.close(true).catch(() => undefined);
    throw err;
  }
}

export function seedList(members: Member[]): string {
  return members.map((m) => m.address).join(',');
}

/** replSetInitiate with every member on 127.0.0.1, then waits until one of them is primary. */
export async function initiate(members: Member[], setName = 'rs'): Promise<Member> {
  const client = await direct(members[0]);
  try {
    await client.db('admin').command({ replSetInitiate: { _id: setName, members: members.map((m, i) => ({ _id: i, host: m.address })) } });
  } finally {
    await client.close();
  }
  return waitForPrimary(members, 10_000);
}

export async function waitForPrimary(members: Member[], deadlineMs: number, exclude?: Member): Promise<Member> {
  return waitFor('a primary', deadlineMs, () => {
    const primaries = members.filter((m) => m !== exclude && m.repl.isPrimary);
    // Every live member must agree before the set counts as settled.
    if (primaries.length !== 1) return undefined;
    const host = primaries[0].address;
    return members.every((m) => m === exclude || m.repl.primaryHost === host) ? primaries[0] : undefined;
  });
}

export async function stopAll(members: Member[]): Promise<void> {
  await Promise.all(members.map((m) => m.stop()));
}
