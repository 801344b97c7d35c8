// Reads a replica set's state through the official driver: members, their states, and what is missing.
import { loadMongoDriver, type MongoClientHandle } from './driver';

export interface MemberStatus {
  readonly id: number;
  /** host:port as the set's config names it. */
  readonly name: string;
  readonly state: number;
  readonly stateStr: string;
  /** 1 when the member answering saw this one alive, 0 when not. */
  readonly health: number;
  readonly self: boolean;
  readonly uptimeSeconds?: number;
  readonly optimeDate?: string;
  readonly lastHeartbeat?: string;
  readonly lastHeartbeatMessage?: string;
  readonly pingMs?: number;
  readonly syncingTo?: string;
  /** How far this member's last applied operation is behind the primary's, when both are known. */
  readonly lagSeconds?: number;
}

export type ReplicaSetStatus =
  | { readonly state: 'ok'; readonly setName: string; readonly setVersion?: number; readonly primary: string; readonly members: readonly MemberStatus[] }
  | { readonly state: 'noPrimary'; readonly setName: string; readonly setVersion?: number; readonly members: readonly MemberStatus[] }
  | { readonly state: 'notInitiated'; readonly message: string }
  | { readonly state: 'notReplicaSet'; readonly message: string }
  | { readonly state: 'unreachable'; readonly message: string };

export interface ReplicaSetReading {
  readonly status: ReplicaSetStatus;
  /** How the driver got there, for tooltips and the CLI ("docker exec into ...", or the URI). */
  readonly via: string;
  readonly serverVersion?: string;
}

export interface ReadOptions {
  readonly timeoutMs?: number;
}

/** Server error codes this reader gives meaning to. */
const NOT_YET_INITIALIZED = 94;
const NO_REPLICATION_ENABLED = 76;

/**
 * Connects straight to one member (directConnection) so that a set that is not initiated, has no
 * primary, or names members this machine cannot route to is still readable: replSetGetStatus on
 * any member reports the whole set as that member sees it.
 */
export async function readReplicaSet(uri: string, options: ReadOptions = {}): Promise<{ status: ReplicaSetStatus; serverVersion?: string }> {
  const timeoutMs = options.timeoutMs ?? 8_000;
  const { MongoClient } = loadMongoDriver();
  let client: MongoClientHandle | undefined;
  try {
    client = await MongoClient.connect(uri, {
      useUnifiedTopology: true,
      serverSelectionTimeoutMS: timeoutMs,
      connectTimeoutMS: timeoutMs,
      socketTimeoutMS: timeoutMs,
    });
    const admin = client.db('admin');
    const buildInfo = (await admin.command({ buildInfo: 1 })) as { version?: string };
    const serverVersion = buildInfo.version;
    try {
      const status = (await admin.command({ replSetGetStatus: 1 })) as unknown as RawStatus;
      const hello = (await admin.command({ isMaster: 1 })) as { setVersion?: number };
      return { status: toStatus(status, hello.setVersion), ...(serverVersion ? { serverVersion } : {}) };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const message = (error as Error).message;
      if (code === NOT_YET_INITIALIZED) return { status: { state: 'notInitiated', message }, ...(serverVersion ? { serverVersion } : {}) };
      if (code === NO_REPLICATION_ENABLED) return { status: { state: 'notReplicaSet', message }, ...(serverVersion ? { serverVersion } : {}) };
      throw error;
    }
  } catch (error) {
    return { status: { state: 'unreachable', message: error instanceof Error ? error.message : String(error) } };
  } finally {
    await client?.close().catch(() => undefined);
  }
}

interface RawStatus {
  set: string;
  members?: {
    _id: number;
    name: string;
    state: number;
    stateStr: string;
    health?: number;
    self?: boolean;
    uptime?: number;
    optimeDate?: Date;
    lastHeartbeat?: Date;
    lastHeartbeatMessage?: string;
    pingMs?: number;
    syncingTo?: string;
    syncSourceHost?: string;
  }[];
}

function toStatus(raw: RawStatus, setVersion: number | undefined): ReplicaSetStatus {
  const members: MemberStatus[] = (raw.members ?? []).map((m) => ({
    id: m._id,
    name: m.name,
    state: m.state,
    stateStr: m.stateStr,
    // A member reports itself healthy; its view of the others comes from heartbeats.
    health: m.self ? 1 : m.health ?? 0,
    self: m.self === true,
    ...(typeof m.uptime === 'number' ? { uptimeSeconds: m.uptime } : {}),
    ...(isDate(m.optimeDate) ? { optimeDate: m.optimeDate.toISOString() } : {}),
    ...(isDate(m.lastHeartbeat) ? { lastHeartbeat: m.lastHeartbeat.toISOString() } : {}),
    ...(m.lastHeartbeatMessage ? { lastHeartbeatMessage: m.lastHeartbeatMessage } : {}),
    ...(typeof m.pingMs === 'number' ? { pingMs: m.pingMs } : {}),
    ...(m.syncSourceHost || m.syncingTo ? { syncingTo: m.syncSourceHost || m.syncingTo } : {}),
  }));
  const primary = members.find((m) => m.stateStr === 'PRIMARY');
  if (primary?.optimeDate) {
    const primaryTime = Date.parse(primary.optimeDate);
    for (let i = 0; i < members.length; i++) {
      const own = members[i].optimeDate;
      if (own && members[i] !== primary) members[i] = { ...members[i], lagSeconds: Math.max(0, Math.round((primaryTime - Date.parse(own)) / 1000)) };
    }
  }
  const version = typeof setVersion === 'number' ? { setVersion } : {};
  return primary
    ? { state: 'ok', setName: raw.set, ...version, primary: primary.name, members }
    : { state: 'noPrimary', setName: raw.set, ...version, members };
}

function isDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}
