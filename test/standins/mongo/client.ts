// A minimal wire-protocol client for member-to-member traffic (heartbeats, votes, oplog fetching) and the shell stand-in.
import * as net from 'node:net';
import type { Document } from './bson';
import { encodeMsg, encodeQuery, FrameReader, newRequestId, parseFrame } from './wire';

export class ClientError extends Error {
  constructor(message: string, readonly code?: number, readonly reply?: Document) {
    super(message);
  }
}

interface Pending {
  resolve(doc: Document): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export class WireClient {
  private readonly pending = new Map<number, Pending>();
  private closedError: Error | undefined;
  /** Set by handshake(): OP_MSG when the peer's maxWireVersion >= 6, as drivers decide. */
  useOpMsg = false;
  hello: Document | undefined;

  private constructor(private readonly socket: net.Socket) {
    const reader = new FrameReader();
    socket.on('data', (chunk) => {
      let frames: Buffer[];
      try {
        frames = reader.push(chunk);
      } catch (err) {
        this.fail(err as Error);
        return;
      }
      for (const frame of frames) this.onFrame(frame);
    });
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new ClientError('connection closed')));
  }

  static connect(host: string, port: number, timeoutMs: number): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new ClientError(`connect to ${host}:${port} timed out after ${timeoutMs}ms`));
      }, timeoutMs);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new WireClient(socket));
      });
    });
  }

  get closed(): boolean {
    return this.closedError !== undefined;
  }

  async handshake(timeoutMs: number, extra: Document = {}): Promise<Document> {
    const reply = await this.command('admin', { isMaster: 1, ...extra }, timeoutMs, { forceOpQuery: true });
    this.hello = reply;
    this.useOpMsg = Number(reply.maxWireVersion ?? 0) >= 6;
    return reply;
  }

  /** Runs a command; resolves with the reply even when ok is 0 (callers decide what an error is). */
  command(db: string, cmd: Document, timeoutMs: number, opts: { forceOpQuery?: boolean; secondaryOk?: boolean } = {}): Promise<Document> {
    if (this.closedError) return Promise.reject(this.closedError);
    const requestId = newRequestId();
    const frame =
      this.useOpMsg && !opts.forceOpQuery
        ? encodeMsg(requestId, 0, { ...cmd, $db: db, ...(opts.secondaryOk ? { $readPreference: { mode: 'primaryPreferred' } } : {}) })
        : encodeQuery(requestId, `${db}.$cmd`, cmd, opts.secondaryOk ? 4 : 0);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new ClientError(`command ${Object.keys(cmd)[0]} timed out after ${timeoutMs}ms`));
        // A late reply would desynchronise nothing (ids are unique) but the peer is unhealthy: drop it.
        this.close();
      }, timeoutMs);
      this.pending.set(requestId, { resolve, reject, timer });
      this.socket.write(frame);
    });
  }

  /** Like command() but rejects when ok is not 1. */
  async run(db: string, cmd: Document, timeoutMs: number, opts: { secondaryOk?: boolean } = {}): Promise<Document> {
    const reply = await this.command(db, cmd, timeoutMs, opts);
    if (reply.ok !== 1 && reply.ok !== true) {
      throw new ClientError(String(reply.errmsg ?? 'command failed'), typeof reply.code === 'number' ? reply.code : undefined, reply);
    }
    return reply;
  }

  close(): void {
    this.fail(new ClientError('connection closed'));
    this.socket.destroy();
  }

  private onFrame(frame: Buffer): void {
    const msg = parseFrame(frame);
    const pending = this.pending.get(msg.responseTo);
    if (!pending) return;
    this.pending.delete(msg.responseTo);
    clearTimeout(pending.timer);
    if (msg.kind === 'reply') pending.resolve(msg.documents[0] ?? {});
    else if (msg.kind === 'msg') pending.resolve(msg.body);
    else pending.reject(new ClientError(`unexpected reply kind ${msg.kind}`));
  }

  private fail(err: Error): void {
    if (!this.closedError) this.closedError = err;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(err);
      this.pending.delete(id);
    }
  }
}

export function splitHostPort(hostPort: string, defaultPort = 27017): [string, number] {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(hostPort) ?? /^([^:]+)(?::(\d+))?$/.exec(hostPort);
  if (!m) return [hostPort, defaultPort];
  return [m[1], m[2] ? Number(m[2]) : defaultPort];
}
