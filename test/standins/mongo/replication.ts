// Replica-set coordination: config, heartbeats between members, elections by term and vote, step-down, and oplog pulling.
import { EJSON, Long, ObjectId, Timestamp, type Document } from './bson';
import { CommandError, Codes } from './errors';
import { ClientError, splitHostPort, WireClient } from './client';
import type { Logger } from './log';
import { compareOpTime, NULL_OPTIME, opTimeDate, opTimeDoc, opTimeFrom, type OpTime, type Oplog } from './oplog';
import type { Persona } from './persona';
import { clone, isPlainObject, numberOf } from './query';
import type { OpEntry, Storage } from './storage';

export const MemberState = {
  STARTUP: 0,
  PRIMARY: 1,
  SECONDARY: 2,
  RECOVERING: 3,
  STARTUP2: 5,
  UNKNOWN: 6,
  ARBITER: 7,
  DOWN: 8,
  ROLLBACK: 9,
  REMOVED: 10,
} as const;

const stateNames: Record<number, string> = {
  0: 'STARTUP', 1: 'PRIMARY', 2: 'SECONDARY', 3: 'RECOVERING', 5: 'STARTUP2', 6: 'UNKNOWN', 7: 'ARBITER', 8: '(not reachable/healthy)', 9: 'ROLLBACK', 10: 'REMOVED',
};

export function stateStr(state: number): string {
  return stateNames[state] ?? 'UNKNOWN';
}

export interface MemberConfig extends Document {
  _id: number;
  host: string;
  priority: number;
  votes: number;
  arbiterOnly: boolean;
  hidden: boolean;
}

export interface ReplConfig extends Document {
  _id: string;
  version: number;
  members: MemberConfig[];
}

interface Peer {
  id: number;
  host: string;
  up: boolean;
  state: number;
  term: number;
  optime: OpTime;
  applied: OpTime;
  configVersion: number;
  lastOk: number;
  upSince: number;
  lastHeartbeat: Date | undefined;
  lastHeartbeatRecv: Date | undefined;
  pingMs: number;
  message: string;
  electionTime: Timestamp | undefined;
  syncingTo: string;
  client: WireClient | undefined;
  inFlight: boolean;
}

export interface ReplOptions {
  setName: string;
  persona: Persona;
  logger: Logger;
  oplog: Oplog;
  storage: Storage;
  /** Resolves whether a config's "host:port" names this process (real mongod's isSelf). */
  isSelf(hostPort: string): Promise<boolean>;
  /** host:port this member would give itself in a default config. */
  defaultHost: string;
  heartbeatIntervalMs: number;
  electionTimeoutMs: number;
  /** Writes an oplog entry through the same path as client writes (apply + append). */
  writeEntry(op: OpEntry): Document;
  /** Called whenever something hello reports changed (state, config, primary). */
  onTopologyChange(): void;
  /** Called when this member leaves the primary role. */
  onStepDown(): void;
}

function describeNetworkError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ECONNREFUSED') return 'Connection refused';
  if (e?.code === 'EHOSTUNREACH') return 'No route to host';
  if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN') return `Could not find address for ${(e as { hostname?: string }).hostname ?? 'host'}: SocketException: Host not found (authoritative)`;
  if (err instanceof ClientError && /timed out/.test(err.message)) return "Couldn't get a connection within the time limit";
  return e?.message ?? String(err);
}

export class ReplCoordinator {
  config: ReplConfig | undefined;
  selfId: number | undefined;
  state: number = MemberState.STARTUP;
  term = 0;
  primaryId: number | undefined;
  electionTime: Timestamp | undefined;
  electionDate: Date | undefined;
  readonly startedAt = Date.now();

  private votedFor: { term: number; id: number } | undefined;
  private peers = new Map<number, Peer>();
  private lastPrimarySeen = Date.now();
  private electionRunning = false;
  private electableAfter = 0;
  private takeoverSince: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private syncSource: Peer | undefined;
  private fetchClient: WireClient | undefined;
  private fetching = false;
  private configFetches = new Set<string>();
  private progressWaiters = new Set<() => void>();

  constructor(private readonly o: ReplOptions) {}

  get heartbeatTimeoutMs(): number {
    return Math.max(1000, this.o.heartbeatIntervalMs * 2);
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.o.heartbeatIntervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const p of this.peers.values()) p.client?.close();
    this.fetchClient?.close();
    this.o.oplog.wakeAll();
    for (const wake of [...this.progressWaiters]) wake();
  }

  // ---- what other modules ask -------------------------------------------------------------

  get isPrimary(): boolean {
    return this.state === MemberState.PRIMARY;
  }

  get selfMember(): MemberConfig | undefined {
    return this.config?.members.find((m) => m._id === this.selfId);
  }

  get primaryHost(): string | undefined {
    if (this.primaryId === undefined) return undefined;
    return this.config?.members.find((m) => m._id === this.primaryId)?.host;
  }

  get electionId(): ObjectId {
    // Protocol version 1 encodes the term in the election id: 0x7fffffff then the term as big-endian int64.
    const bytes = Buffer.alloc(12);
    bytes.writeInt32BE(0x7fffffff, 0);
    bytes.writeBigInt64BE(BigInt(this.term), 4);
    return new ObjectId(bytes);
  }

  get syncingTo(): string {
    return this.state === MemberState.SECONDARY && this.syncSource ? this.syncSource.host : '';
  }

  // ---- commands ----------------------------------------------------------------------------

  async initiate(raw: unknown, from: string): Promise<Document> {
    const { logger } = this.o;
    logger.log('I', 'REPL', 'conn', `replSetInitiate admin command received from client`, { id: 21356, msg: 'replSetInitiate admin command received from client' });
    if (this.config) throw new CommandError(Codes.AlreadyInitialized, 'already initialized');
    let cfg: Document;
    if (raw === undefined || raw === null || raw === 1 || raw === true) {
      cfg = { _id: this.o.setName, version: 1, members: [{ _id: 0, host: this.o.defaultHost }] };
      logger.log('I', 'REPL', 'conn', `replSetInitiate config object with 1 members parsed`);
    } else if (isPlainObject(raw)) {
      cfg = raw;
    } else {
      throw new CommandError(Codes.TypeMismatch, 'no configuration specified');
    }
    const config = this.normalise(cfg, 1);
    if (config._id !== this.o.setName) {
      throw new CommandError(
        Codes.InvalidReplicaSetConfig,
        `Attempting to initiate a replica set with name ${config._id}, but command line reports ${this.o.setName}; rejecting`,
      );
    }
    const selfId = await this.findSelf(config);
    if (selfId === undefined) {
      throw new CommandError(Codes.InvalidReplicaSetConfig, `No host described in new configuration ${config.version} for replica set ${config._id} maps to this node`);
    }
    await this.quorumCheck(config, selfId);
    void from;
    this.installConfig(config, selfId);
    this.o.writeEntry({ op: 'n', ns: '', o: { msg: 'initiating set' } });
    this.tick();
    return this.o.persona.versionArray[0] < 4 ? { info: 'Config now saved locally.  Should come online in about a minute.', ok: 1 } : { ok: 1 };
  }

  async reconfig(raw: unknown, force: boolean): Promise<Document> {
    if (!this.config) throw new CommandError(Codes.NotYetInitialized, 'no replset config has been received');
    if (!isPlainObject(raw)) throw new CommandError(Codes.TypeMismatch, 'no configuration specified');
    if (!force && !this.isPrimary) {
      throw new CommandError(
        Codes.NotWritablePrimary,
        `replSetReconfig should only be run on PRIMARY, but my state is ${stateStr(this.state)}; use the "force" argument to override`,
        this.o.persona.notPrimaryCodeName,
      );
    }
    const config = this.normalise(raw, numberOf(raw.version, 0));
    if (config._id !== this.config._id) {
      throw new CommandError(
        Codes.NewReplicaSetConfigurationIncompatible,
        `New and old configurations differ in replica set name; old was ${this.config._id}, and new is ${config._id}`,
      );
    }
    if (force) {
      // A forced reconfig jumps the version by a large random amount so that it wins over configs elsewhere.
      config.version = Math.max(config.version, this.config.version) + 10000 + Math.floor(Math.random() * 90000);
    } else if (config.version <= this.config.version) {
      throw new CommandError(
        Codes.NewReplicaSetConfigurationIncompatible,
        `New replica set configuration version must be greater than old, but ${config.version} is not greater than ${this.config.version} for replica set ${config._id}`,
      );
    }
    const selfId = await this.findSelf(config);
    if (selfId === undefined) {
      throw new CommandError(Codes.NodeNotFound, `No host described in new configuration ${config.version} for replica set ${config._id} maps to this node`);
    }
    this.installConfig(config, selfId);
    if (this.isPrimary) this.o.writeEntry({ op: 'n', ns: '', o: { msg: 'Reconfig set', version: config.version } });
    this.tick();
    return { ok: 1 };
  }

  getConfig(): Document {
    if (!this.config) throw new CommandError(Codes.NotYetInitialized, 'no replset config has been received');
    return { config: this.configDocument(this.config), ok: 1 };
  }

  status(): Document {
    if (!this.config) {
      throw new CommandError(Codes.NotYetInitialized, 'no replset config has been received', undefined, { info: 'run rs.initiate(...) if not yet done for the set' });
    }
    const { persona } = this.o;
    const now = new Date();
    const mine = this.o.oplog.last();
    const members = this.config.members.map((m) => {
      if (m._id === this.selfId) {
        const self: Document = {
          _id: m._id,
          name: m.host,
          health: 1,
          state: this.state,
          stateStr: stateStr(this.state),
          uptime: Math.floor((Date.now() - this.startedAt) / 1000),
          optime: opTimeDoc(mine),
          optimeDate: opTimeDate(mine),
        };
        this.addSyncSource(self);
        if (this.isPrimary && this.electionTime) {
          self.electionTime = this.electionTime;
          self.electionDate = this.electionDate;
        }
        self.configVersion = this.config!.version;
        self.self = true;
        self.lastHeartbeatMessage = '';
        return self;
      }
      const p = this.peers.get(m._id);
      const healthy = p?.up ?? false;
      const optime = healthy && p ? p.optime : NULL_OPTIME;
      const doc: Document = {
        _id: m._id,
        name: m.host,
        health: healthy ? 1 : 0,
        state: healthy && p ? p.state : MemberState.DOWN,
        stateStr: stateStr(healthy && p ? p.state : MemberState.DOWN),
        uptime: healthy && p ? Math.floor((Date.now() - p.upSince) / 1000) : 0,
        optime: opTimeDoc(optime),
        optimeDurable: opTimeDoc(optime),
        optimeDate: opTimeDate(optime),
        optimeDurableDate: opTimeDate(optime),
        lastHeartbeat: p?.lastHeartbeat ?? new Date(0),
        lastHeartbeatRecv: p?.lastHeartbeatRecv ?? new Date(0),
        pingMs: Long.fromNumber(healthy && p ? p.pingMs : 0),
        lastHeartbeatMessage: p?.message ?? '',
      };
      if (!persona.hasLastWrite) {
        delete doc.optimeDurable;
        delete doc.optimeDurableDate;
      }
      if (!healthy) doc.authenticated = false;
      if (persona.statusUsesSyncSourceHost) {
        doc.syncSourceHost = healthy && p ? p.syncingTo : '';
        doc.syncSourceId = healthy && p && p.syncingTo ? this.config!.members.find((x) => x.host === p.syncingTo)?._id ?? -1 : -1;
      } else {
        doc.syncingTo = healthy && p ? p.syncingTo : '';
      }
      if (healthy && p?.state === MemberState.PRIMARY && p.electionTime) {
        doc.electionTime = p.electionTime;
        doc.electionDate = new Date(p.electionTime.t * 1000);
      }
      doc.configVersion = p?.configVersion ?? -1;
      return doc;
    });
    const out: Document = { set: this.config._id, date: now, myState: this.state };
    if (persona.statusHasTerm) out.term = Long.fromNumber(this.term);
    this.addSyncSource(out);
    out.heartbeatIntervalMillis = Long.fromNumber(this.o.heartbeatIntervalMs);
    if (persona.hasLastWrite) {
      out.optimes = { lastCommittedOpTime: opTimeDoc(mine), appliedOpTime: opTimeDoc(mine), durableOpTime: opTimeDoc(mine) };
    }
    out.members = members;
    out.ok = 1;
    return out;
  }

  private addSyncSource(doc: Document): void {
    if (this.state !== MemberState.SECONDARY) return;
    if (this.o.persona.statusUsesSyncSourceHost) {
      doc.syncSourceHost = this.syncingTo;
      doc.syncSourceId = this.syncSource?.id ?? -1;
    } else if (this.syncingTo) {
      doc.syncingTo = this.syncingTo;
    }
  }

  /** replSetHeartbeat as the receiving member answers it. */
  heartbeat(cmd: Document): Document {
    const theirSet = String(cmd.replSetHeartbeat);
    if (theirSet !== this.o.setName) {
      throw new CommandError(
        Codes.InconsistentReplicaSetNames,
        `Our replica set name of ${this.o.setName} does not match name ${theirSet} reported by remote node`,
      );
    }
    const theirVersion = numberOf(cmd.configVersion ?? cmd.v, -2);
    const from = typeof cmd.from === 'string' ? cmd.from : '';
    const mine = this.o.oplog.last();
    if (!this.config) {
      if (theirVersion > -2 && from) this.fetchConfigFrom(from);
      return { ok: 1, rs: true, state: MemberState.STARTUP, hbmsg: '', set: '', v: -2, configVersion: -2, term: Long.fromNumber(this.term), opTime: opTimeDoc(mine), durableOpTime: opTimeDoc(mine) };
    }
    const peer = [...this.peers.values()].find((p) => p.id === cmd.fromId || p.host === from);
    if (peer) peer.lastHeartbeatRecv = new Date();
    const theirTerm = numberOf(cmd.term, -1);
    if (theirTerm > this.term) this.updateTerm(theirTerm, 'heartbeat');
    if (theirVersion > this.config.version && from) this.fetchConfigFrom(from);
    const reply: Document = { ok: 1, rs: true, set: this.config._id, state: this.state, hbmsg: '', v: this.config.version, configVersion: this.config.version, term: Long.fromNumber(this.term) };
    if (this.isPrimary && this.electionTime) reply.electionTime = this.electionTime;
    if (this.primaryId !== undefined) reply.primaryId = this.primaryId;
    reply.syncingTo = this.syncingTo;
    reply.opTime = opTimeDoc(mine);
    reply.durableOpTime = opTimeDoc(mine);
    if (theirVersion < this.config.version) reply.config = this.configDocument(this.config);
    return reply;
  }

  /** replSetRequestVotes as a voter answers it (Raft's RequestVote). */
  requestVotes(cmd: Document): Document {
    const candidateTerm = numberOf(cmd.term, -1);
    const dryRun = Boolean(cmd.dryRun);
    const deny = (reason: string): Document => ({ term: Long.fromNumber(this.term), voteGranted: false, reason, ok: 1 });
    if (!this.config) throw new CommandError(Codes.NotYetInitialized, 'no replset config has been received');
    if (cmd.setName !== this.config._id) return deny(`candidate's set name (${String(cmd.setName)}) differs from mine (${this.config._id})`);
    if (!dryRun && candidateTerm > this.term) this.updateTerm(candidateTerm, 'vote request');
    if (candidateTerm < this.term) return deny(`candidate's term (${candidateTerm}) is lower than mine (${this.term})`);
    if (numberOf(cmd.configVersion, -1) !== this.config.version) {
      return deny(`candidate's config version (${numberOf(cmd.configVersion, -1)}) differs from mine (${this.config.version})`);
    }
    const candidate = this.config.members[numberOf(cmd.candidateIndex, -1)];
    if (!candidate) return deny('candidate index is not in my config');
    const theirs = opTimeFrom(cmd.lastCommittedOp ?? cmd.lastAppliedOpTime) ?? NULL_OPTIME;
    const mine = this.o.oplog.last();
    if (compareOpTime(theirs, mine) < 0) return deny(`candidate's data is staler than mine. candidate's last applied OpTime: ${fmt(theirs)}, my last applied OpTime: ${fmt(mine)}`);
    if (!dryRun && this.votedFor && this.votedFor.term === candidateTerm && this.votedFor.id !== candidate._id) {
      const other = this.config.members.find((m) => m._id === this.votedFor!.id)?.host ?? String(this.votedFor.id);
      return deny(`already voted for another candidate (${other}) this term (${candidateTerm})`);
    }
    if (!dryRun) {
      this.votedFor = { term: candidateTerm, id: candidate._id };
      // Granting a vote restarts the election timer, as in Raft, so voters do not run against the candidate.
      this.lastPrimarySeen = Date.now();
    }
    return { term: Long.fromNumber(this.term), voteGranted: true, reason: '', ok: 1 };
  }

  /** replSetUpdatePosition: secondaries report how far they applied, for write concern. */
  updatePosition(cmd: Document): Document {
    const entries = Array.isArray(cmd.optimes) ? (cmd.optimes as Document[]) : [];
    for (const e of entries) {
      const peer = this.peers.get(numberOf(e.memberId, -1));
      const applied = opTimeFrom(e.appliedOpTime ?? e.optime);
      if (peer && applied && compareOpTime(applied, peer.applied) > 0) peer.applied = applied;
    }
    for (const wake of [...this.progressWaiters]) wake();
    return { ok: 1 };
  }

  /** Resolves undefined when enough members applied `optime`, or a writeConcernError document. */
  async awaitReplication(optime: OpTime, w: unknown, wtimeoutMs: number): Promise<Document | undefined> {
    if (!this.config) return undefined;
    const voters = this.config.members.filter((m) => m.votes > 0).length;
    const needed = w === 'majority' ? Math.floor(voters / 2) + 1 : numberOf(w, 1);
    if (needed <= 1) return undefined;
    const deadline = Date.now() + (wtimeoutMs > 0 ? wtimeoutMs : 60_000);
    for (;;) {
      let count = 1;
      for (const p of this.peers.values()) if (compareOpTime(p.applied, optime) >= 0 || (p.up && compareOpTime(p.optime, optime) >= 0)) count++;
      if (count >= needed) return undefined;
      const left = deadline - Date.now();
      if (left <= 0 || this.stopped) {
        return { code: Codes.WriteConcernFailed, codeName: 'WriteConcernFailed', errmsg: 'waiting for replication timed out', errInfo: { wtimeout: true } };
      }
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(t);
          this.progressWaiters.delete(done);
          resolve();
        };
        const t = setTimeout(done, Math.min(left, this.o.heartbeatIntervalMs));
        this.progressWaiters.add(done);
      });
    }
  }

  // ---- config handling --------------------------------------------------------------------

  private normalise(cfg: Document, version: number): ReplConfig {
    if (typeof cfg._id !== 'string') throw new CommandError(Codes.InvalidReplicaSetConfig, 'replica set configuration must have a string _id field');
    if (!Array.isArray(cfg.members) || cfg.members.length === 0) {
      throw new CommandError(Codes.InvalidReplicaSetConfig, 'Replica set configuration must contain at least one non-arbiter member with priority > 0');
    }
    const seenIds = new Set<number>();
    const seenHosts = new Set<string>();
    const members = (cfg.members as unknown[]).map((raw, i) => {
      if (!isPlainObject(raw)) throw new CommandError(Codes.TypeMismatch, `Expected type object for members.${i}`);
      if (raw._id === undefined) throw new CommandError(Codes.InvalidReplicaSetConfig, `Replica set configuration contains a member without an _id field: members.${i}`);
      if (typeof raw.host !== 'string' || raw.host === '') throw new CommandError(Codes.InvalidReplicaSetConfig, `members.${i}.host must be a non-empty string`);
      const id = numberOf(raw._id, -1);
      const host = raw.host.includes(':') ? raw.host : `${raw.host}:27017`;
      if (seenIds.has(id)) throw new CommandError(Codes.InvalidReplicaSetConfig, `Found two member configurations with same _id field, members.${i}._id == ${id}`);
      if (seenHosts.has(host)) throw new CommandError(Codes.InvalidReplicaSetConfig, `Found two member configurations with same host field, members.${i}.host == ${host}`);
      seenIds.add(id);
      seenHosts.add(host);
      const arbiterOnly = Boolean(raw.arbiterOnly);
      const member: MemberConfig = {
        ...clone(raw),
        _id: id,
        host,
        arbiterOnly,
        buildIndexes: raw.buildIndexes ?? true,
        hidden: Boolean(raw.hidden),
        priority: arbiterOnly ? 0 : numberOf(raw.priority, 1),
        tags: raw.tags ?? {},
        slaveDelay: raw.slaveDelay ?? Long.ZERO,
        votes: numberOf(raw.votes, 1),
      };
      return member;
    });
    if (!members.some((m) => m.priority > 0 && !m.arbiterOnly)) {
      throw new CommandError(Codes.InvalidReplicaSetConfig, 'Replica set configuration must contain at least one non-arbiter member with priority > 0');
    }
    return { ...clone(cfg), _id: cfg._id, version: numberOf(cfg.version, version), protocolVersion: Long.fromNumber(numberOf(cfg.protocolVersion, 1)), members };
  }

  private configDocument(config: ReplConfig): Document {
    const settings = {
      chainingAllowed: true,
      heartbeatIntervalMillis: this.o.heartbeatIntervalMs,
      heartbeatTimeoutSecs: 10,
      electionTimeoutMillis: this.o.electionTimeoutMs,
      getLastErrorModes: {},
      getLastErrorDefaults: { w: 1, wtimeout: 0 },
      ...(isPlainObject(config.settings) ? config.settings : {}),
    };
    return { ...clone(config), settings };
  }

  private async findSelf(config: ReplConfig): Promise<number | undefined> {
    for (const m of config.members) if (await this.o.isSelf(m.host)) return m._id;
    return undefined;
  }

  /** replSetInitiate checks that every other proposed member answers and has no config yet. */
  private async quorumCheck(config: ReplConfig, selfId: number): Promise<void> {
    const failures: string[] = [];
    await Promise.all(
      config.members
        .filter((m) => m._id !== selfId)
        .map(async (m) => {
          const [host, port] = splitHostPort(m.host);
          let client: WireClient | undefined;
          try {
            client = await WireClient.connect(host, port, this.heartbeatTimeoutMs);
            await client.handshake(this.heartbeatTimeoutMs, this.internalClient());
            const reply = await client.command('admin', { replSetHeartbeat: config._id, configVersion: -2, hbv: 1, from: '', pv: 1, checkEmpty: false }, this.heartbeatTimeoutMs);
            if (reply.ok !== 1) failures.push(`${m.host} failed with ${String(reply.errmsg)}`);
            else if (numberOf(reply.configVersion ?? reply.v, -2) > -2) failures.push(`${m.host} failed with member ${m.host} has replica set config version ${numberOf(reply.configVersion ?? reply.v, -2)} already`);
          } catch (err) {
            failures.push(`${m.host} failed with ${describeNetworkError(err)}`);
          } finally {
            client?.close();
          }
        }),
    );
    if (failures.length) {
      throw new CommandError(Codes.NodeNotFound, `replSetInitiate quorum check failed because not all proposed set members responded affirmatively: ${failures.join(', ')}`);
    }
  }

  private installConfig(config: ReplConfig, selfId: number | undefined): void {
    const { logger } = this.o;
    const previous = this.state;
    this.config = config;
    this.selfId = selfId;
    const old = this.peers;
    this.peers = new Map();
    for (const m of config.members) {
      if (m._id === selfId) continue;
      const kept = [...old.values()].find((p) => p.host === m.host);
      this.peers.set(m._id, kept ? { ...kept, id: m._id } : this.newPeer(m));
    }
    for (const p of old.values()) if (![...this.peers.values()].includes(p)) p.client?.close();
    // local.system.replset holds the config as on a real member (not replicated: local is per-node).
    const replset = this.o.storage.createCollection('local', 'system.replset');
    replset.docs.clear();
    replset.docs.set('config', this.configDocument(config));
    logger.log('I', 'REPL', 'ReplicationExecutor', `New replica set config in use: ${EJSON.stringify(this.configDocument(config), { relaxed: true })}`, { id: 21392, msg: 'New replica set config in use', attr: { config: this.configDocument(config) } });
    if (selfId === undefined) {
      this.setState(MemberState.REMOVED, 'not in the new config');
    } else {
      const me = this.selfMember!;
      logger.log('I', 'REPL', 'ReplicationExecutor', `This node is ${me.host} in the config`, { id: 21393, msg: 'Found self in config', attr: { hostAndPort: me.host } });
      if (me.arbiterOnly) this.setState(MemberState.ARBITER, 'arbiter');
      else if (previous !== MemberState.PRIMARY) {
        // Let the first election happen after about two heartbeat rounds rather than a full timeout.
        this.lastPrimarySeen = Date.now() - this.o.electionTimeoutMs + 2 * this.o.heartbeatIntervalMs;
        this.setState(MemberState.SECONDARY, 'config installed');
      }
    }
    this.o.onTopologyChange();
  }

  private newPeer(m: MemberConfig): Peer {
    return {
      id: m._id, host: m.host, up: false, state: MemberState.UNKNOWN, term: -1, optime: NULL_OPTIME, applied: NULL_OPTIME,
      configVersion: -1, lastOk: 0, upSince: 0, lastHeartbeat: undefined, lastHeartbeatRecv: undefined, pingMs: 0,
      message: '', electionTime: undefined, syncingTo: '', client: undefined, inFlight: false,
    };
  }

  /** An uninitialised member (or one behind) asks `host` for its config by heartbeating it. */
  private fetchConfigFrom(hostPort: string): void {
    if (this.configFetches.has(hostPort) || this.stopped) return;
    this.configFetches.add(hostPort);
    void (async () => {
      const [host, port] = splitHostPort(hostPort);
      let client: WireClient | undefined;
      try {
        client = await WireClient.connect(host, port, this.heartbeatTimeoutMs);
        await client.handshake(this.heartbeatTimeoutMs, this.internalClient());
        const reply = await client.command('admin', this.heartbeatCommand(), this.heartbeatTimeoutMs);
        await this.considerRemoteConfig(reply);
      } catch {
        // The regular heartbeats retry; nothing to report here.
      } finally {
        client?.close();
        this.configFetches.delete(hostPort);
      }
    })();
  }

  private async considerRemoteConfig(reply: Document): Promise<void> {
    if (!isPlainObject(reply.config)) return;
    const version = numberOf(reply.config.version, -1);
    if (this.config && version <= this.config.version) return;
    if (reply.config._id !== this.o.setName) return;
    let config: ReplConfig;
    try {
      config = this.normalise(reply.config, version);
    } catch {
      return;
    }
    const selfId = await this.findSelf(config);
    if (this.config && version <= this.config.version) return;
    if (selfId === undefined && !this.config) return;
    this.installConfig(config, selfId);
  }

  // ---- heartbeats, elections ---------------------------------------------------------------

  /** Members announce themselves as internal clients in their handshake, as mongod does. */
  private internalClient(): Document {
    return { internalClient: { minWireVersion: 0, maxWireVersion: this.o.persona.maxWireVersion } };
  }

  private heartbeatCommand(): Document {
    return {
      replSetHeartbeat: this.o.setName,
      configVersion: this.config?.version ?? -2,
      hbv: 1,
      from: this.selfMember?.host ?? '',
      fromId: this.selfId ?? -1,
      term: Long.fromNumber(this.term),
      pv: 1,
    };
  }

  private tick(): void {
    if (this.stopped || !this.config) return;
    for (const peer of this.peers.values()) if (!peer.inFlight) void this.sendHeartbeat(peer);
    this.evaluate();
    if (this.state === MemberState.SECONDARY && !this.fetching) void this.fetchLoop();
  }

  private async sendHeartbeat(peer: Peer): Promise<void> {
    peer.inFlight = true;
    const started = Date.now();
    try {
      if (!peer.client || peer.client.closed) {
        const [host, port] = splitHostPort(peer.host);
        peer.client = await WireClient.connect(host, port, this.heartbeatTimeoutMs);
        await peer.client.handshake(this.heartbeatTimeoutMs, this.internalClient());
      }
      const reply = await peer.client.command('admin', this.heartbeatCommand(), this.heartbeatTimeoutMs);
      if (this.stopped || !this.peers.has(peer.id)) return;
      peer.lastHeartbeat = new Date();
      peer.pingMs = Date.now() - started;
      if (reply.ok !== 1) {
        this.markDown(peer, String(reply.errmsg ?? 'heartbeat failed'));
        return;
      }
      const newState = numberOf(reply.state, MemberState.UNKNOWN);
      if (!peer.up) peer.upSince = Date.now();
      if (!peer.up || peer.state !== newState) {
        this.o.logger.log('I', 'REPL', 'ReplicationExecutor', `Member ${peer.host} is now in state ${stateStr(newState)}`, { id: 21215, msg: 'Member is in new state', attr: { hostAndPort: peer.host, newState: stateStr(newState) } });
      }
      const before = peer.state;
      peer.up = true;
      peer.lastOk = Date.now();
      peer.state = newState;
      peer.term = numberOf(reply.term, -1);
      peer.optime = opTimeFrom(reply.opTime) ?? NULL_OPTIME;
      peer.configVersion = numberOf(reply.configVersion ?? reply.v, -2);
      peer.electionTime = reply.electionTime instanceof Timestamp ? reply.electionTime : undefined;
      peer.syncingTo = typeof reply.syncingTo === 'string' ? reply.syncingTo : '';
      peer.message = typeof reply.hbmsg === 'string' ? reply.hbmsg : '';
      if (peer.term > this.term) this.updateTerm(peer.term, 'heartbeat response');
      await this.considerRemoteConfig(reply);
      if (peer.state === MemberState.PRIMARY && peer.term >= this.term) {
        this.lastPrimarySeen = Date.now();
        if (this.primaryId !== peer.id && !this.isPrimary) {
          this.primaryId = peer.id;
          this.o.onTopologyChange();
        }
      } else if (this.primaryId === peer.id && before === MemberState.PRIMARY) {
        this.primaryId = undefined;
        this.o.onTopologyChange();
      }
    } catch (err) {
      if (!this.stopped && this.peers.has(peer.id)) {
        peer.lastHeartbeat = new Date();
        this.markDown(peer, describeNetworkError(err));
      }
    } finally {
      peer.inFlight = false;
    }
    this.evaluate();
  }

  private markDown(peer: Peer, message: string): void {
    if (peer.up) {
      this.o.logger.log('I', 'REPL', 'ReplicationExecutor', `Error in heartbeat request to ${peer.host}; ${message}`, { id: 23974, msg: 'Heartbeat failed after max retries', attr: { target: peer.host, error: message } });
    }
    peer.client?.close();
    peer.client = undefined;
    peer.up = false;
    peer.state = MemberState.DOWN;
    peer.message = message;
    if (this.primaryId === peer.id) {
      this.primaryId = undefined;
      this.o.onTopologyChange();
    }
  }

  private healthyVoters(): number {
    if (!this.config) return 0;
    const now = Date.now();
    let n = this.selfMember && this.selfMember.votes > 0 ? 1 : 0;
    for (const m of this.config.members) {
      if (m._id === this.selfId || m.votes <= 0) continue;
      const p = this.peers.get(m._id);
      if (p?.up && p.configVersion >= 0 && now - p.lastOk <= this.o.electionTimeoutMs) n++;
    }
    return n;
  }

  private majority(): number {
    const voters = this.config?.members.filter((m) => m.votes > 0).length ?? 1;
    return Math.floor(voters / 2) + 1;
  }

  private evaluate(): void {
    if (this.stopped || !this.config || this.selfId === undefined) return;
    if (this.isPrimary) {
      if (this.healthyVoters() < this.majority()) {
        this.stepDown("can't see a majority of the set, relinquishing primary");
      }
      return;
    }
    if (this.state !== MemberState.SECONDARY || this.electionRunning) return;
    const me = this.selfMember!;
    if (me.priority <= 0 || me.votes <= 0 || me.arbiterOnly) return;
    if (Date.now() < this.electableAfter) return;
    if (this.primaryId !== undefined) {
      this.considerPriorityTakeover(me);
      return;
    }
    if (this.healthyVoters() < this.majority()) return;
    // Deterministic order among the electable members this node can see: highest priority, then
    // freshest oplog, then lowest _id. The first runs after the election timeout, each next one a
    // little later, so votes are not split yet a frozen or silent favourite does not block the set.
    const mine = this.o.oplog.last();
    const candidates = [{ id: me._id, priority: me.priority, optime: mine }];
    for (const m of this.config.members) {
      const p = this.peers.get(m._id);
      if (!p || !p.up || p.state !== MemberState.SECONDARY || m.priority <= 0 || m.arbiterOnly) continue;
      candidates.push({ id: m._id, priority: m.priority, optime: p.optime });
    }
    candidates.sort((a, b) => b.priority - a.priority || compareOpTime(b.optime, a.optime) || a.id - b.id);
    const rank = candidates.findIndex((c) => c.id === me._id);
    if (Date.now() - this.lastPrimarySeen < this.o.electionTimeoutMs + rank * 2 * this.o.heartbeatIntervalMs) return;
    this.o.logger.log('I', 'REPL', 'ReplicationExecutor', `Starting an election, since we've seen no PRIMARY in the past ${this.o.electionTimeoutMs}ms`, { id: 21438, msg: "Starting an election, since we've seen no PRIMARY in election timeout period", attr: { electionTimeoutPeriodMillis: this.o.electionTimeoutMs } });
    void this.runElection();
  }

  /** A caught-up member with a higher priority than the primary calls an election (priority takeover). */
  private considerPriorityTakeover(me: MemberConfig): void {
    const current = this.config?.members.find((m) => m._id === this.primaryId);
    const peer = this.primaryId !== undefined ? this.peers.get(this.primaryId) : undefined;
    if (!current || !peer || me.priority <= current.priority || compareOpTime(this.o.oplog.last(), peer.optime) < 0) {
      this.takeoverSince = undefined;
      return;
    }
    this.takeoverSince ??= Date.now();
    if (Date.now() - this.takeoverSince < this.o.electionTimeoutMs) return;
    this.takeoverSince = undefined;
    this.o.logger.log('I', 'REPL', 'ReplicationExecutor', `Starting an election for a priority takeover`, { id: 21439, msg: 'Starting an election for a priority takeover' });
    void this.runElection();
  }

  private async runElection(): Promise<void> {
    if (!this.config || this.selfId === undefined) return;
    this.electionRunning = true;
    const config = this.config;
    const term = this.term + 1;
    const { logger } = this.o;
    this.term = term;
    this.votedFor = { term, id: this.selfId };
    logger.log('I', 'REPL', 'ReplicationExecutor', `conducting an election for term ${term}`);
    const candidateIndex = config.members.findIndex((m) => m._id === this.selfId);
    const lastOp = this.o.oplog.last();
    let votes = this.selfMember!.votes > 0 ? 1 : 0;
    await Promise.all(
      config.members
        .filter((m) => m._id !== this.selfId && m.votes > 0)
        .map(async (m) => {
          const peer = this.peers.get(m._id);
          if (!peer?.up || !peer.client || peer.client.closed) return;
          try {
            const reply = await peer.client.command(
              'admin',
              { replSetRequestVotes: 1, setName: config._id, dryRun: false, term: Long.fromNumber(term), candidateIndex: Long.fromNumber(candidateIndex), configVersion: Long.fromNumber(config.version), lastCommittedOp: opTimeDoc(lastOp) },
              this.heartbeatTimeoutMs,
            );
            if (reply.voteGranted === true) votes++;
            else if (reply.reason) logger.log('I', 'REPL', 'ReplicationExecutor', `VoteRequester(term ${term}) received a no vote from ${m.host} with reason "${String(reply.reason)}"`);
            if (numberOf(reply.term, -1) > this.term) this.updateTerm(numberOf(reply.term, -1), 'vote response');
          } catch {
            // An unreachable voter simply does not vote.
          }
        }),
    );
    this.electionRunning = false;
    if (this.stopped || this.config !== config || this.term !== term || this.state !== MemberState.SECONDARY) return;
    if (votes >= this.majority()) {
      logger.log('I', 'REPL', 'ReplicationExecutor', `election succeeded, assuming primary role in term ${term}`, { id: 21450, msg: 'Election succeeded, assuming primary role', attr: { term } });
      this.becomePrimary();
    } else {
      logger.log('I', 'REPL', 'ReplicationExecutor', `not becoming primary, we received insufficient votes`);
      // Back off a little (randomised) before trying again with a new term.
      this.lastPrimarySeen = Date.now() - this.o.electionTimeoutMs + Math.floor(Math.random() * this.o.heartbeatIntervalMs * 2);
    }
  }

  private becomePrimary(): void {
    this.stopFetching();
    this.primaryId = this.selfId;
    this.setState(MemberState.PRIMARY, 'won election');
    const entry = this.o.writeEntry({ op: 'n', ns: '', o: { msg: 'new primary' } });
    this.electionTime = entry.ts as Timestamp;
    this.electionDate = new Date();
    this.o.onTopologyChange();
  }

  /** Leaves the primary role; `unelectableForMs` keeps this member from running again for a while (replSetStepDown). */
  stepDown(reason: string, unelectableForMs = 0): void {
    if (!this.isPrimary) return;
    this.o.logger.log('I', 'REPL', 'ReplicationExecutor', reason, { id: 21809, msg: reason });
    this.primaryId = undefined;
    this.lastPrimarySeen = Date.now();
    this.electableAfter = Date.now() + unelectableForMs;
    this.setState(MemberState.SECONDARY, reason);
    this.o.onTopologyChange();
    this.o.onStepDown();
  }

  private updateTerm(term: number, why: string): void {
    if (term <= this.term) return;
    this.term = term;
    this.votedFor = undefined;
    if (this.isPrimary) this.stepDown(`stepping down from primary, because a higher term ${term} has been seen (${why})`);
    this.o.onTopologyChange();
  }

  private setState(state: number, _why: string): void {
    if (this.state === state) return;
    const old = this.state;
    this.state = state;
    this.o.logger.log('I', 'REPL', 'ReplicationExecutor', `transition to ${stateStr(state)}`, { id: 21358, msg: 'Replica set state transition', attr: { newState: stateStr(state), oldState: stateStr(old) } });
    if (state !== MemberState.SECONDARY) this.stopFetching();
  }

  // ---- pulling the sync source's oplog -----------------------------------------------------

  private stopFetching(): void {
    this.fetchClient?.close();
    this.fetchClient = undefined;
    this.syncSource = undefined;
  }

  private async fetchLoop(): Promise<void> {
    this.fetching = true;
    try {
      while (!this.stopped && this.state === MemberState.SECONDARY) {
        const source = this.primaryId !== undefined ? this.peers.get(this.primaryId) : undefined;
        if (!source || !source.up) {
          await sleep(this.o.heartbeatIntervalMs / 2);
          continue;
        }
        try {
          await this.pullFrom(source);
        } catch {
          // Lost the source (stepped down, died): choose again after a short pause.
        }
        this.fetchClient?.close();
        this.fetchClient = undefined;
        if (!this.stopped) await sleep(Math.min(200, this.o.heartbeatIntervalMs / 2));
      }
    } finally {
      this.fetching = false;
    }
  }

  private async pullFrom(source: Peer): Promise<void> {
    const [host, port] = splitHostPort(source.host);
    const timeout = this.heartbeatTimeoutMs;
    const client = await WireClient.connect(host, port, timeout);
    this.fetchClient = client;
    await client.handshake(timeout, this.internalClient());
    if (this.syncSource !== source) {
      this.syncSource = source;
      this.o.logger.log('I', 'REPL', 'rsBackgroundSync', `syncing from: ${source.host}`, { id: 21799, msg: 'Sync source candidate chosen', attr: { syncSource: source.host } });
      this.o.onTopologyChange();
    }
    const last = this.o.oplog.last();
    const find: Document = { find: 'oplog.rs', filter: last.t === -1 && last.ts.t === 0 ? {} : { ts: { $gte: last.ts } }, tailable: true, awaitData: true, term: Long.fromNumber(this.term) };
    if (!this.o.persona.hasTopologyVersion) find.oplogReplay = true;
    let reply = await client.run('local', find, timeout, { secondaryOk: true });
    let batch = (reply.cursor?.firstBatch ?? []) as Document[];
    let cursorId = reply.cursor?.id;
    const awaitMs = Math.max(100, Math.min(1000, this.o.heartbeatIntervalMs));
    for (;;) {
      this.applyBatch(batch);
      if (batch.length) await this.reportPosition(client, source, timeout);
      if (this.stopped || this.state !== MemberState.SECONDARY || this.primaryId !== source.id || numberOf(cursorId, 0) === 0) return;
      reply = await client.run('local', { getMore: cursorId, collection: 'oplog.rs', maxTimeMS: Long.fromNumber(awaitMs), term: Long.fromNumber(this.term) }, timeout + awaitMs, { secondaryOk: true });
      batch = (reply.cursor?.nextBatch ?? []) as Document[];
      cursorId = reply.cursor?.id;
    }
  }

  private applyBatch(batch: Document[]): void {
    for (const entry of batch) {
      const last = this.o.oplog.last();
      const ts = entry.ts as Timestamp;
      if (last.ts && (ts.t < last.ts.t || (ts.t === last.ts.t && ts.i <= last.ts.i))) continue;
      try {
        this.o.storage.apply(entry as OpEntry);
      } catch (err) {
        this.o.logger.log('E', 'REPL', 'repl writer worker', `failed to apply ${JSON.stringify(entry.op)} on ${String(entry.ns)}: ${(err as Error).message}`);
      }
      this.o.oplog.append(entry);
    }
  }

  private async reportPosition(client: WireClient, source: Peer, timeout: number): Promise<void> {
    if (this.selfId === undefined || !this.config) return;
    const mine = opTimeDoc(this.o.oplog.last());
    await client
      .command('admin', { replSetUpdatePosition: 1, optimes: [{ durableOpTime: mine, appliedOpTime: mine, memberId: this.selfId, cfgver: this.config.version }] }, timeout)
      .catch(() => undefined);
    void source;
  }
}

function fmt(o: OpTime): string {
  return `{ ts: Timestamp(${o.ts.t}, ${o.ts.i}), t: ${o.t} }`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
