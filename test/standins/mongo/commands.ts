// Command dispatch plus the handshake, diagnostic and replica-set commands; CRUD lives in crud.ts.
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import { Binary, Long, ObjectId, type Document } from './bson';
import type { CursorManager } from './cursors';
import { CommandError, Codes } from './errors';
import type { Logger } from './log';
import { opTimeDoc, type Oplog } from './oplog';
import type { Persona } from './persona';
import { MemberState, type ReplCoordinator } from './replication';
import type { OpEntry, Storage } from './storage';

/** What command handlers may use of the member that runs them. */
export interface MemberCore {
  persona: Persona;
  logger: Logger;
  storage: Storage;
  oplog: Oplog;
  cursors: CursorManager;
  repl: ReplCoordinator;
  port: number;
  processId: ObjectId;
  startedAt: number;
  argv: string[];
  parsedOptions: Document;
  connectionCount(): number;
  topologyVersion(): Document;
  /** Waits until the topology version moves past `tv` or `ms` elapse (awaitable hello). */
  awaitTopologyChange(tv: Document | undefined, ms: number): Promise<void>;
  /** Primary-side write path: stamp, apply, append to the oplog. */
  write(op: OpEntry): Document;
}

export interface CommandContext {
  member: MemberCore;
  db: string;
  name: string;
  cmd: Document;
  secondaryOk: boolean;
  connectionId: number;
  /** The client address, for logs. */
  remote: string;
}

export type Handler = (ctx: CommandContext) => Document | Promise<Document>;

export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
export const MAX_MESSAGE_SIZE_BYTES = 48_000_000;

const handlers = new Map<string, Handler>();

export function register(names: string[], handler: Handler): void {
  for (const n of names) handlers.set(n, handler);
}

export function findHandler(name: string): Handler | undefined {
  return handlers.get(name);
}

export function commandNotFound(name: string, persona: Persona): CommandError {
  // 3.2/3.4 appended the offending command; 3.6 shortened the message.
  const message = persona.versionArray[0] === 3 && persona.versionArray[1] < 6 ? `no such command: '${name}', bad cmd: '{ ${name}: 1 }'` : `no such command: '${name}'`;
  return new CommandError(Codes.CommandNotFound, message);
}

export function requireAdmin(ctx: CommandContext): void {
  if (ctx.db !== 'admin') throw new CommandError(13, `${ctx.name} may only be run against the admin database.`, 'Unauthorized');
}

/** Write commands run only on the primary. */
export function requirePrimary(ctx: CommandContext): void {
  if (!ctx.member.repl.isPrimary) {
    throw new CommandError(Codes.NotWritablePrimary, ctx.member.persona.notPrimaryMessage, ctx.member.persona.notPrimaryCodeName);
  }
}

/** Reads run on the primary, or on a secondary when the client allowed it. */
export function requireReadable(ctx: CommandContext): void {
  const { repl, persona } = ctx.member;
  if (repl.isPrimary) return;
  if (repl.state === MemberState.SECONDARY) {
    if (ctx.secondaryOk) return;
    throw new CommandError(Codes.NotPrimaryNoSecondaryOk, persona.notPrimaryNoSecondaryOkMessage, persona.notPrimaryNoSecondaryOkCodeName);
  }
  throw new CommandError(Codes.NotPrimaryOrSecondary, 'node is not in primary or recovering state', persona.hasTopologyVersion ? 'NotPrimaryOrSecondary' : 'NotMasterOrSecondary');
}

// ---- handshake ------------------------------------------------------------------------------

export function helloReply(m: MemberCore, asHello: boolean, connectionId: number, helloOk: boolean): Document {
  const { persona, repl } = m;
  const writable = repl.isPrimary;
  const doc: Document = {};
  const cfg = repl.config;
  if (cfg && repl.selfId !== undefined) {
    const visible = cfg.members.filter((x) => !x.hidden && !x.arbiterOnly && x.priority > 0).map((x) => x.host);
    const passives = cfg.members.filter((x) => !x.hidden && !x.arbiterOnly && x.priority === 0).map((x) => x.host);
    const arbiters = cfg.members.filter((x) => x.arbiterOnly).map((x) => x.host);
    doc.hosts = visible;
    if (passives.length) doc.passives = passives;
    if (arbiters.length) doc.arbiters = arbiters;
    doc.setName = cfg._id;
    doc.setVersion = cfg.version;
    doc[asHello ? 'isWritablePrimary' : 'ismaster'] = writable;
    doc.secondary = repl.state === MemberState.SECONDARY;
    if (repl.primaryHost) doc.primary = repl.primaryHost;
    const me = repl.selfMember!;
    if (me.arbiterOnly) doc.arbiterOnly = true;
    if (me.priority === 0 && !me.arbiterOnly) doc.passive = true;
    if (me.hidden) doc.hidden = true;
    if (me.tags && Object.keys(me.tags).length) doc.tags = me.tags;
    doc.me = me.host;
    if (writable) doc.electionId = repl.electionId;
    if (persona.hasLastWrite) {
      const last = m.oplog.last();
      const date = new Date(last.ts.t * 1000);
      doc.lastWrite = { opTime: opTimeDoc(last), lastWriteDate: date, majorityOpTime: opTimeDoc(last), majorityWriteDate: date };
    }
  } else {
    // A --replSet member that has no config yet (or was removed from it).
    doc[asHello ? 'isWritablePrimary' : 'ismaster'] = false;
    doc.secondary = false;
    doc.info = 'Does not have a valid replica set config';
    doc.isreplicaset = true;
  }
  if (persona.hasTopologyVersion) doc.topologyVersion = m.topologyVersion();
  doc.maxBsonObjectSize = MAX_BSON_OBJECT_SIZE;
  doc.maxMessageSizeBytes = MAX_MESSAGE_SIZE_BYTES;
  doc.maxWriteBatchSize = persona.maxWriteBatchSize;
  doc.localTime = new Date();
  if (persona.hasLogicalSessions) doc.logicalSessionTimeoutMinutes = 30;
  if (persona.hasConnectionId) doc.connectionId = connectionId;
  doc.minWireVersion = 0;
  doc.maxWireVersion = persona.maxWireVersion;
  if (persona.hasLastWrite) doc.readOnly = false;
  if (helloOk) doc.helloOk = true;
  doc.ok = 1;
  return doc;
}

async function isMasterCommand(ctx: CommandContext): Promise<Document> {
  const { member, cmd } = ctx;
  if (member.persona.hasTopologyVersion && cmd.topologyVersion && cmd.maxAwaitTimeMS !== undefined) {
    await member.awaitTopologyChange(cmd.topologyVersion as Document, Number(cmd.maxAwaitTimeMS));
  }
  return helloReply(member, ctx.name === 'hello', ctx.connectionId, Boolean(cmd.helloOk) && member.persona.hasHello);
}

register(['isMaster', 'ismaster'], isMasterCommand);
register(['hello'], (ctx) => {
  if (!ctx.member.persona.hasHello) throw commandNotFound('hello', ctx.member.persona);
  return isMasterCommand(ctx);
});

// ---- diagnostics ----------------------------------------------------------------------------

register(['ping'], () => ({ ok: 1 }));

function gitVersionOf(version: string): string {
  // Not the real commit: a stable stand-in so that two runs of the same version agree.
  return createHash('sha1').update(`mongod-standin-${version}`).digest('hex');
}

register(['buildInfo', 'buildinfo'], ({ member }) => {
  const { persona } = member;
  return {
    version: persona.version,
    gitVersion: gitVersionOf(persona.version),
    modules: [],
    allocator: 'tcmalloc',
    javascriptEngine: 'mozjs',
    sysInfo: 'deprecated',
    versionArray: persona.versionArray,
    openssl: { running: 'disabled', compiled: 'disabled' },
    buildEnvironment: { distmod: '', distarch: 'x86_64', target_arch: 'x86_64', target_os: 'linux' },
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    storageEngines: ['devnull', 'ephemeralForTest', ...(persona.knowsSmallfiles ? ['mmapv1'] : []), 'wiredTiger'],
    ok: 1,
  };
});

register(['getCmdLineOpts'], ({ member }) => ({ argv: member.argv, parsed: member.parsedOptions, ok: 1 }));

register(['serverStatus'], ({ member }) => {
  const { repl, persona } = member;
  const uptimeMs = Date.now() - member.startedAt;
  const doc: Document = {
    host: os.hostname(),
    version: persona.version,
    process: 'mongod',
    pid: Long.fromNumber(process.pid),
    uptime: Math.floor(uptimeMs / 1000),
    uptimeMillis: Long.fromNumber(uptimeMs),
    uptimeEstimate: Long.fromNumber(Math.floor(uptimeMs / 1000)),
    localTime: new Date(),
    connections: { current: member.connectionCount(), available: 838860 - member.connectionCount(), totalCreated: member.connectionCount() },
  };
  if (repl.config) {
    doc.repl = { ...helloReply(member, false, 0, false), rbid: 1 };
    delete (doc.repl as Document).ok;
  }
  doc.storageEngine = { name: 'wiredTiger', supportsCommittedReads: true, persistent: false };
  doc.ok = 1;
  return doc;
});

register(['whatsmyuri'], (ctx) => ({ you: ctx.remote, ok: 1 }));
register(['getLog'], (ctx) => (ctx.cmd.getLog === '*' ? { names: ['global', 'startupWarnings'], ok: 1 } : { totalLinesWritten: 0, log: [], ok: 1 }));
register(['getParameter'], (ctx) => {
  const out: Document = {};
  if (ctx.cmd.featureCompatibilityVersion !== undefined) out.featureCompatibilityVersion = { version: ctx.member.persona.versionArray.slice(0, 2).join('.') };
  out.ok = 1;
  return out;
});
register(['endSessions', 'refreshSessions', 'startSession'], (ctx) => {
  if (ctx.name === 'startSession') return { id: { id: new Binary(Buffer.alloc(16), 4) }, timeoutMinutes: 30, ok: 1 };
  return { ok: 1 };
});
register(['logout', 'resetError'], () => ({ ok: 1 }));
register(['getLastError', 'getlasterror'], () => ({ connectionId: 0, n: 0, syncMillis: 0, writtenTo: null, err: null, ok: 1 }));

// ---- replica set ---------------------------------------------------------------------------

register(['replSetInitiate'], async (ctx) => {
  requireAdmin(ctx);
  return ctx.member.repl.initiate(ctx.cmd.replSetInitiate, ctx.remote);
});

register(['replSetReconfig'], async (ctx) => {
  requireAdmin(ctx);
  return ctx.member.repl.reconfig(ctx.cmd.replSetReconfig, Boolean(ctx.cmd.force));
});

register(['replSetGetStatus'], (ctx) => {
  requireAdmin(ctx);
  return ctx.member.repl.status();
});

register(['replSetGetConfig'], (ctx) => {
  requireAdmin(ctx);
  return ctx.member.repl.getConfig();
});

register(['replSetHeartbeat'], (ctx) => ctx.member.repl.heartbeat(ctx.cmd));
register(['replSetRequestVotes'], (ctx) => ctx.member.repl.requestVotes(ctx.cmd));
register(['replSetUpdatePosition'], (ctx) => ctx.member.repl.updatePosition(ctx.cmd));

register(['replSetStepDown'], (ctx) => {
  requireAdmin(ctx);
  const { repl, persona } = ctx.member;
  if (!repl.isPrimary) throw new CommandError(Codes.NotWritablePrimary, persona.notPrimaryMessage, persona.notPrimaryCodeName);
  repl.stepDown('Stepping down from primary in response to replSetStepDown', Number(ctx.cmd.replSetStepDown ?? 60) * 1000);
  return { ok: 1 };
});

register(['replSetFreeze'], (ctx) => {
  requireAdmin(ctx);
  return { ok: 1 };
});
