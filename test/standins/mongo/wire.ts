// MongoDB wire-protocol framing: splits a TCP stream into messages and encodes/decodes OP_QUERY, OP_REPLY and OP_MSG.
import { deserialize, serialize, type Document } from './bson';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

// OP_MSG flag bits (mongodb/specifications, message/OP_MSG.rst).
export const MSG_CHECKSUM_PRESENT = 1 << 0;
export const MSG_MORE_TO_COME = 1 << 1;
export const MSG_EXHAUST_ALLOWED = 1 << 16;

// OP_QUERY flag bit that lets a secondary answer reads (historically "SlaveOk").
export const QUERY_SECONDARY_OK = 1 << 2;

// OP_REPLY responseFlags.
export const REPLY_CURSOR_NOT_FOUND = 1 << 0;
export const REPLY_QUERY_FAILURE = 1 << 1;
export const REPLY_AWAIT_CAPABLE = 1 << 3;

// Real servers refuse frames above maxMessageSizeBytes; the same bound protects the stand-in.
export const MAX_MESSAGE_SIZE = 48_000_000;

export interface QueryMessage {
  kind: 'query';
  requestId: number;
  responseTo: number;
  flags: number;
  fullCollectionName: string;
  numberToSkip: number;
  numberToReturn: number;
  query: Document;
  fields?: Document;
}

export interface MsgMessage {
  kind: 'msg';
  requestId: number;
  responseTo: number;
  flags: number;
  body: Document;
  /** Kind-1 sections (document sequences) by identifier, e.g. `documents` of an insert. */
  sequences: Map<string, Document[]>;
}

export interface ReplyMessage {
  kind: 'reply';
  requestId: number;
  responseTo: number;
  responseFlags: number;
  cursorId: bigint;
  startingFrom: number;
  documents: Document[];
}

export interface OtherMessage {
  kind: 'other';
  requestId: number;
  responseTo: number;
  opCode: number;
}

export type WireMessage = QueryMessage | MsgMessage | ReplyMessage | OtherMessage;

export class WireProtocolError extends Error {}

/** Accumulates socket chunks and yields complete frames (each including its 16-byte header). */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      const head = this.peek(4);
      const length = head.readInt32LE(0);
      if (length < 16 || length > MAX_MESSAGE_SIZE) {
        throw new WireProtocolError(`bad message length ${length}`);
      }
      if (this.buffered < length) break;
      frames.push(this.take(length));
    }
    return frames;
  }

  private peek(n: number): Buffer {
    if (this.chunks[0].length >= n) return this.chunks[0].subarray(0, n);
    const all = Buffer.concat(this.chunks);
    this.chunks = [all];
    return all.subarray(0, n);
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    const frame = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    return frame;
  }
}

function readCString(buf: Buffer, offset: number): [string, number] {
  const end = buf.indexOf(0, offset);
  if (end < 0) throw new WireProtocolError('unterminated cstring');
  return [buf.toString('utf8', offset, end), end + 1];
}

function readDocument(buf: Buffer, offset: number, limit = buf.length): [Document, number] {
  if (offset + 4 > limit) throw new WireProtocolError('truncated document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > limit) throw new WireProtocolError('bad document size');
  return [deserialize(buf.subarray(offset, offset + size), { promoteBuffers: false }), offset + size];
}

export function parseFrame(frame: Buffer): WireMessage {
  const requestId = frame.readInt32LE(4);
  const responseTo = frame.readInt32LE(8);
  const opCode = frame.readInt32LE(12);
  if (opCode === OP_QUERY) {
    const flags = frame.readInt32LE(16);
    const [fullCollectionName, afterName] = readCString(frame, 20);
    const numberToSkip = frame.readInt32LE(afterName);
    const numberToReturn = frame.readInt32LE(afterName + 4);
    const [query, afterQuery] = readDocument(frame, afterName + 8);
    const fields = afterQuery < frame.length ? readDocument(frame, afterQuery)[0] : undefined;
    return { kind: 'query', requestId, responseTo, flags, fullCollectionName, numberToSkip, numberToReturn, query, fields };
  }
  if (opCode === OP_MSG) {
    const flags = frame.readUInt32LE(16);
    // A CRC-32C trailer may follow the sections; the stand-in tolerates it without verifying.
    const end = flags & MSG_CHECKSUM_PRESENT ? frame.length - 4 : frame.length;
    let offset = 20;
    let body: Document | undefined;
    const sequences = new Map<string, Document[]>();
    while (offset < end) {
      const kind = frame.readUInt8(offset);
      offset += 1;
      if (kind === 0) {
        if (body) throw new WireProtocolError('OP_MSG with more than one body section');
        [body, offset] = readDocument(frame, offset, end);
      } else if (kind === 1) {
        const size = frame.readInt32LE(offset);
        const sectionEnd = offset + size;
        if (size < 5 || sectionEnd > end) throw new WireProtocolError('bad document sequence size');
        const [identifier, docsStart] = readCString(frame, offset + 4);
        const docs: Document[] = [];
        let at = docsStart;
        while (at < sectionEnd) {
          const [doc, next] = readDocument(frame, at, sectionEnd);
          docs.push(doc);
          at = next;
        }
        sequences.set(identifier, [...(sequences.get(identifier) ?? []), ...docs]);
        offset = sectionEnd;
      } else {
        throw new WireProtocolError(`unknown OP_MSG section kind ${kind}`);
      }
    }
    if (!body) throw new WireProtocolError('OP_MSG without a body section');
    return { kind: 'msg', requestId, responseTo, flags, body, sequences };
  }
  if (opCode === OP_REPLY) {
    const responseFlags = frame.readInt32LE(16);
    const cursorId = frame.readBigInt64LE(20);
    const startingFrom = frame.readInt32LE(28);
    const count = frame.readInt32LE(32);
    const documents: Document[] = [];
    let offset = 36;
    for (let i = 0; i < count; i++) {
      const [doc, next] = readDocument(frame, offset);
      documents.push(doc);
      offset = next;
    }
    return { kind: 'reply', requestId, responseTo, responseFlags, cursorId, startingFrom, documents };
  }
  return { kind: 'other', requestId, responseTo, opCode };
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

export function encodeReply(requestId: number, responseTo: number, documents: Document[], responseFlags = 0, cursorId = 0n): Buffer {
  const docs = documents.map((d) => serialize(d));
  const fixed = Buffer.alloc(20);
  fixed.writeInt32LE(responseFlags, 0);
  fixed.writeBigInt64LE(cursorId, 4);
  fixed.writeInt32LE(0, 12);
  fixed.writeInt32LE(docs.length, 16);
  const bodyLength = fixed.length + docs.reduce((n, d) => n + d.length, 0);
  return Buffer.concat([header(16 + bodyLength, requestId, responseTo, OP_REPLY), fixed, ...docs]);
}

export function encodeMsg(requestId: number, responseTo: number, body: Document, flags = 0, sequences?: Map<string, Document[]>): Buffer {
  const parts: Buffer[] = [];
  const flagBuf = Buffer.alloc(4);
  flagBuf.writeUInt32LE(flags >>> 0, 0);
  parts.push(flagBuf, Buffer.from([0]), Buffer.from(serialize(body)));
  for (const [identifier, docs] of sequences ?? []) {
    const encoded = docs.map((d) => Buffer.from(serialize(d)));
    const id = Buffer.from(identifier + '\0', 'utf8');
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + id.length + encoded.reduce((n, d) => n + d.length, 0), 0);
    parts.push(Buffer.from([1]), size, id, ...encoded);
  }
  const length = 16 + parts.reduce((n, p) => n + p.length, 0);
  return Buffer.concat([header(length, requestId, responseTo, OP_MSG), ...parts]);
}

export function encodeQuery(requestId: number, fullCollectionName: string, query: Document, flags = 0, numberToReturn = -1): Buffer {
  const fixed = Buffer.alloc(4);
  fixed.writeInt32LE(flags, 0);
  const name = Buffer.from(fullCollectionName + '\0', 'utf8');
  const counts = Buffer.alloc(8);
  counts.writeInt32LE(0, 0);
  counts.writeInt32LE(numberToReturn, 4);
  const doc = Buffer.from(serialize(query));
  const length = 16 + fixed.length + name.length + counts.length + doc.length;
  return Buffer.concat([header(length, requestId, 0, OP_QUERY), fixed, name, counts, doc]);
}

let nextRequestId = 1;
/** Request ids only need to be unique per connection; one process-wide counter is simplest. */
export function newRequestId(): number {
  nextRequestId = (nextRequestId % 0x7ffffff0) + 1;
  return nextRequestId;
}
