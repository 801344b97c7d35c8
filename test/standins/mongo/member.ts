// A MongoDB replica-set member stand-in: TCP listener, per-connection message loop, and the state commands use.
import * as dns from 'node:dns/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import { Binary, Long, ObjectId, type Document } from './bson';
import { splitHostPort } from './client';
import { commandNotFound, findHandler, type MemberCore } from './commands';
import './crud';
import { CursorManager } from './cursors';
import { CommandError, Codes, errorDocument } from './errors';
import { createLogger, type LogSink, type Logger } from './log';
import { Oplog } from './oplog';
import { DEFAULT_VERSION, personaFor, type Persona } from './persona';
import { ReplCoordinator } from './replication';
import { Storage, type OpEntry } from './storage';
import {
  encodeMsg, encodeReply, FrameReader, MSG_EXHAUST_ALLOWED, MSG_MORE_TO_COME, newRequestId, parseFrame, QUERY_SECONDARY_OK,
  REPLY_QUERY_FAILURE, type WireMessage,
} from './wire';

export interface MemberOptions {
  /** 0 picks a free port. */
  port: number;
  /** Addresses to listen on; defaults follow the version (all before 3.6, localhost from 3.6). */
  bindIp?: string | string[];
  replSet: string;
  version?: string;
  /** Extra name this member answers to in configs (besides localhost, its hostname and interface addresses). */
  host?: string;
  heartbeatIntervalMs?: number;
  electionTimeoutMs?: number;
  /** Where log lines go; nothing is logged when omitted. */
  log?: LogSink;
  /** For getCmdLineOpts and the startup log. */
  argv?: string[];
  parsedOptions?: Document;
  dbpath?: string;
}

export interface Member {
  port: number;
  /** Addresses actually listened on, e.g. ['127.0.0.1']. */
  addresses: string[];
  /** "127.0.0.1:port" style address for tests. */
  address: string;
  persona: Persona;
  repl: ReplCoordinator;
  /** Messages received by opcode, so tests can tell which protocol a client used. */
  opCounters: { query: number; msg: number };
  stop(): Promise<void>;
}

const HANDSHAKE_COMMANDS = new Set(['isMaster', 'ismaster', 'hello']);
const FIELDS_NOT_COMMANDS = new Set(['$db', 'lsid', '$clusterTime', '$readPreference', 'txnNumber', 'autocommit', 'startTransaction', '$query']);

function defaultBindIps(persona: Persona): string[] {
  return persona.localhostOnlyByDefault ? ['127.0.0.1'] : ['0.0.0.0'];
}

function localAddresses(): Set<string> {
  const out = new Set(['127.0.0.1', '::1', 'localhost', os.hostname()]);
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) out.add(a.address);
  return out;
}

export async function startMember(options: MemberOptions): Promise<Member> {
  const persona = personaFor(options.version ?? DEFAULT_VERSION);
  const logger = createLogger(persona, options.log);
  const bindIps = options.bindIp === undefined ? defaultBindIps(persona) : Array.isArray(options.bindIp) ? options.bindIp : options.bindIp.split(',').map((s) => s.trim()).filter(Boolean);
  const servers: net.Server[] = [];
  let port = options.port;
  for (const ip of bindIps) {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: ip, port }, () => {
        server.removeListener('error', reject);
        resolve();
      });
    });
    port = (server.address() as net.AddressInfo).port;
    servers.push(server);
  }
  const bound = servers.map((s) => (s.address() as net.AddressInfo).address);
  return new MemberImpl(options, persona, logger, servers, port, bound).started();
}

class MemberImpl implements MemberCore, Member {
  readonly storage: Storage;
  readonly oplog = new Oplog();
  readonly cursors: CursorManager;
  readonly repl: ReplCoordinator;
  readonly processId = new ObjectId();
  readonly startedAt = Date.now();
  readonly argv: string[];
  readonly parsedOptions: Document;
  readonly opCounters = { query: 0, msg: 0 };
  private topologyCounter = 0;
  private topologyWaiters = new Set<() => void>();
  private sockets = new Set<net.Socket>();
  /** Connections whose handshake said internalClient (other members): kept open on step-down. */
  private internal = new WeakSet<net.Socket>();
  private nextConnectionId = 1;
  private stopping = false;

  constructor(
    private readonly options: MemberOptions,
    readonly persona: Persona,
    readonly logger: Logger,
    private readonly servers: net.Server[],
    readonly port: number,
    readonly addresses: string[],
  ) {
    this.storage = new Storage(persona.dupKeyWithFieldNames, persona.indexVersion);
    this.cursors = new CursorManager(this.oplog);
    this.argv = options.argv ?? ['mongod', '--replSet', options.replSet, '--port', String(port)];
    this.parsedOptions = options.parsedOptions ?? { net: { port, bindIp: addresses.join(',') }, replication: { replSet: options.replSet } };
    const names = localAddresses();
    if (options.host) names.add(splitHostPort(options.host)[0]);
    this.repl = new ReplCoordinator({
      setName: options.replSet,
      persona,
      logger,
      oplog: this.oplog,
      storage: this.storage,
      defaultHost: `${os.hostname()}:${port}`,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 1000,
      electionTimeoutMs: options.electionTimeoutMs ?? 3000,
      writeEntry: (op) => this.write(op),
      onTopologyChange: () => this.bumpTopology(),
      onStepDown: () => this.closeClientConnections(),
      isSelf: async (hostPort) => {
        const [host, p] = splitHostPort(hostPort);
        if (p !== port) return false;
        if (names.has(host)) return true;
        try {
          const found = await dns.lookup(host, { all: true });
          return found.some((a) => names.has(a.address));
        } catch {
          return false;
        }
      },
    });
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  started(): this {
    const { logger, persona, port } = this;
    const dbpath = this.options.dbpath ?? '/data/db';
    logger.log('I', 'CONTROL', 'initandlisten', `MongoDB starting : pid=${process.pid} port=${port} dbpath=${dbpath} 64-bit host=${os.hostname()}`, {
      id: 4615611, msg: 'MongoDB starting', attr: { pid: process.pid, port, dbPath: dbpath, architecture: '64-bit', host: os.hostname() },
    });
    logger.log('I', 'CONTROL', 'initandlisten', `db version v${persona.version}`, { id: 23403, msg: 'Build Info', attr: { buildInfo: { version: persona.version } } });
    logger.log('I', 'CONTROL', 'initandlisten', `options: ${JSON.stringify(this.parsedOptions)}`, { id: 21951, msg: 'Options set by command line', attr: { options: this.parsedOptions } });
    this.storage.createCollection('local', 'startup_log').docs.set('startup', {
      _id: `${os.hostname()}-${Date.now()}`, hostname: os.hostname(), startTime: new Date(), startTimeLocal: new Date().toString(), cmdLine: this.parsedOptions, pid: Long.fromNumber(process.pid), buildinfo: { version: persona.version },
    });
    logger.log('I', 'REPL', 'initandlisten', 'Did not find local replica set configuration document at startup;  NoMatchingDocument: Did not find replica set configuration document in local.system.replset', {
      id: 21313, msg: 'Did not find local replica set configuration document at startup', attr: { error: { code: 47, codeName: 'NoMatchingDocument', errmsg: 'Did not find replica set configuration document in local.system.replset' } },
    });
    for (const server of this.servers) server.on('connection', (socket) => this.accept(socket));
    for (const ip of this.addresses) {
      logger.log('I', 'NETWORK', persona.jsonLog ? 'listener' : 'initandlisten', `waiting for connections on port ${port}`, { id: 23015, msg: 'Listening on', attr: { address: ip } });
    }
    if (persona.jsonLog) logger.log('I', 'NETWORK', 'listener', 'Waiting for connections', { id: 23016, msg: 'Waiting for connections', attr: { port, ssl: 'off' } });
    this.repl.start();
    return this;
  }

  connectionCount(): number {
    return this.sockets.size;
  }

  topologyVersion(): Document {
    return { processId: this.processId, counter: Long.fromNumber(this.topologyCounter) };
  }

  private bumpTopology(): void {
    this.topologyCounter++;
    for (const wake of [...this.topologyWaiters]) wake();
  }

  awaitTopologyChange(tv: Document | undefined, ms: number): Promise<void> {
    const sameProcess = tv?.processId instanceof ObjectId && tv.processId.equals(this.processId);
    const counter = Number(tv?.counter ?? -1);
    if (!sameProcess || counter < this.topologyCounter || this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.topologyWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.topologyWaiters.add(done);
    });
  }

  write(op: OpEntry): Document {
    const entry = this.oplog.stamp(op, this.repl.term, this.persona.hasLogicalSessions);
    this.storage.apply(entry as OpEntry);
    this.oplog.append(entry);
    return entry;
  }

  // ---- connections -------------------------------------------------------------------------

  private accept(socket: net.Socket): void {
    if (this.stopping) {
      socket.destroy();
      return;
    }
    const connectionId = this.nextConnectionId++;
    const remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    this.logger.log('I', 'NETWORK', 'listener', `connection accepted from ${remote} #${connectionId} (${this.sockets.size} connection${this.sockets.size === 1 ? '' : 's'} now open)`, {
      id: 22943, msg: 'Connection accepted', attr: { remote, connectionId, connectionCount: this.sockets.size },
    });
    const reader = new FrameReader();
    let chain = Promise.resolve();
    socket.on('data', (chunk) => {
      let frames: Buffer[];
      try {
        frames = reader.push(chunk);
      } catch (err) {
        this.logger.log('W', 'NETWORK', `conn${connectionId}`, `Error receiving request from client: ${(err as Error).message}. Ending connection from ${remote} (connection id: ${connectionId})`);
        socket.destroy();
        return;
      }
      for (const frame of frames) {
        chain = chain.then(() => this.handleFrame(socket, frame, connectionId, remote)).catch((err) => {
          this.logger.log('E', 'NETWORK', `conn${connectionId}`, `error handling message: ${(err as Error).message}`);
          socket.destroy();
        });
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.logger.log('I', 'NETWORK', `conn${connectionId}`, `end connection ${remote} (${this.sockets.size} connection${this.sockets.size === 1 ? '' : 's'} now open)`, {
        id: 22944, msg: 'Connection ended', attr: { remote, connectionId, connectionCount: this.sockets.size },
      });
    });
  }

  private async handleFrame(socket: net.Socket, frame: Buffer, connectionId: number, remote: string): Promise<void> {
    let msg: WireMessage;
    try {
      msg = parseFrame(frame);
    } catch (err) {
      throw new Error(`malformed message: ${(err as Error).message}`);
    }
    if (msg.kind === 'query') {
      this.opCounters.query++;
      const [db, rest] = splitNs(msg.fullCollectionName);
      if (rest !== '$cmd') {
        // Legacy OP_QUERY reads on collections predate every driver the recipe uses.
        socket.write(encodeReply(newRequestId(), msg.requestId, [{ $err: 'the stand-in answers commands only (OP_QUERY on <db>.$cmd or OP_MSG)', code: 13 }], REPLY_QUERY_FAILURE));
        return;
      }
      const wrapped = msg.query.$query && typeof msg.query.$query === 'object';
      const cmd = (wrapped ? msg.query.$query : msg.query) as Document;
      const readPref = (wrapped ? msg.query.$readPreference : cmd.$readPreference) as Document | undefined;
      const secondaryOk = Boolean(msg.flags & QUERY_SECONDARY_OK) || (readPref !== undefined && readPref.mode !== 'primary');
      const name = commandName(cmd);
      if (HANDSHAKE_COMMANDS.has(name) && cmd.internalClient) this.internal.add(socket);
      let reply: Document;
      if (this.persona.opQueryOnlyForHandshake && !HANDSHAKE_COMMANDS.has(name)) {
        reply = errorDocument(new CommandError(Codes.UnsupportedOpQueryCommand, `Unsupported OP_QUERY command: ${name}. The client driver may require an upgrade. For more details see https://dochub.mongodb.org/core/legacy-opcode-removal`), this.persona);
      } else {
        reply = await this.runCommand(db, name, cmd, secondaryOk, connectionId, remote);
      }
      if (!socket.destroyed) socket.write(encodeReply(newRequestId(), msg.requestId, [reply]));
      return;
    }
    if (msg.kind === 'msg') {
      this.opCounters.msg++;
      const cmd: Document = { ...msg.body };
      for (const [id, docs] of msg.sequences) cmd[id] = docs;
      const db = typeof cmd.$db === 'string' ? cmd.$db : 'admin';
      const readPref = cmd.$readPreference as Document | undefined;
      const secondaryOk = readPref !== undefined && readPref.mode !== 'primary';
      const name = commandName(cmd);
      if (HANDSHAKE_COMMANDS.has(name) && cmd.internalClient) this.internal.add(socket);
      const reply = await this.runCommand(db, name, cmd, secondaryOk, connectionId, remote);
      const exhaust = Boolean(msg.flags & MSG_EXHAUST_ALLOWED) && HANDSHAKE_COMMANDS.has(name) && this.persona.hasTopologyVersion && cmd.maxAwaitTimeMS !== undefined && reply.ok === 1;
      if (socket.destroyed) return;
      const requestId = newRequestId();
      socket.write(encodeMsg(requestId, msg.requestId, reply, exhaust ? MSG_MORE_TO_COME : 0));
      if (exhaust) void this.streamHello(socket, requestId, name, cmd, connectionId, remote);
      return;
    }
    // OP_INSERT/OP_GET_MORE/OP_KILL_CURSORS/OP_COMPRESSED: never sent by the drivers this stand-in serves.
    throw new Error(`unsupported opCode in message ${msg.requestId}`);
  }

  /** Streaming monitoring (4.4+): keep answering hello as the topology changes, each reply to the previous one. */
  private async streamHello(socket: net.Socket, previous: number, name: string, cmd: Document, connectionId: number, remote: string): Promise<void> {
    const wait = Number(cmd.maxAwaitTimeMS);
    while (!socket.destroyed && !this.stopping) {
      await this.awaitTopologyChange(this.topologyVersion(), wait);
      if (socket.destroyed || this.stopping) return;
      const reply = await this.runCommand(typeof cmd.$db === 'string' ? cmd.$db : 'admin', name, { ...cmd, maxAwaitTimeMS: undefined, topologyVersion: undefined }, false, connectionId, remote);
      const requestId = newRequestId();
      socket.write(encodeMsg(requestId, previous, reply, MSG_MORE_TO_COME));
      previous = requestId;
    }
  }

  private async runCommand(db: string, name: string, cmd: Document, secondaryOk: boolean, connectionId: number, remote: string): Promise<Document> {
    let reply: Document;
    try {
      const handler = findHandler(name);
      if (!handler) throw commandNotFound(name, this.persona);
      reply = await handler({ member: this, db, name, cmd, secondaryOk, connectionId, remote });
    } catch (err) {
      if (!(err instanceof CommandError)) {
        this.logger.log('E', 'COMMAND', `conn${connectionId}`, `command ${db}.$cmd command: ${name} failed: ${(err as Error).stack ?? String(err)}`);
      }
      reply = errorDocument(err, this.persona);
    }
    // 3.6+ replica-set members gossip the cluster time on every reply.
    if (this.persona.hasLogicalSessions && this.repl.config) {
      const ts = this.oplog.last().ts;
      reply.operationTime = ts;
      reply.$clusterTime = { clusterTime: ts, signature: { hash: new Binary(Buffer.alloc(20), 0), keyId: Long.ZERO } };
    }
    return reply;
  }

  /** Before 4.2 a stepping-down primary closed every client connection, which is how drivers noticed. */
  private closeClientConnections(): void {
    if (this.persona.versionArray[0] > 4 || (this.persona.versionArray[0] === 4 && this.persona.versionArray[1] >= 2)) return;
    let closed = 0;
    for (const socket of this.sockets) {
      if (this.internal.has(socket)) continue;
      socket.destroy();
      closed++;
    }
    if (closed) this.logger.log('I', 'NETWORK', 'ReplicationExecutor', `Closed ${closed} client connection${closed === 1 ? '' : 's'} on stepdown`);
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.logger.log('I', 'CONTROL', 'signalProcessingThread', 'shutting down with code:0', { id: 23138, msg: 'Shutting down', attr: { exitCode: 0 } });
    this.repl.stop();
    this.bumpTopology();
    this.cursors.clear();
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

function splitNs(ns: string): [string, string] {
  const dot = ns.indexOf('.');
  return dot < 0 ? [ns, ''] : [ns.slice(0, dot), ns.slice(dot + 1)];
}

function commandName(cmd: Document): string {
  for (const key of Object.keys(cmd)) if (!FIELDS_NOT_COMMANDS.has(key)) return key;
  return '';
}
