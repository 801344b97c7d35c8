// Server-side cursors for find/aggregate/list* batches and tailable awaitData cursors on the oplog.
import { calculateObjectSize, Long, type Document, type Timestamp } from './bson';
import { CommandError, Codes } from './errors';
import type { Oplog } from './oplog';
import { numberOf } from './query';

interface Cursor {
  id: number;
  ns: string;
  docs: Document[];
  /** Tailable oplog cursors keep reading entries newer than this timestamp. */
  tailAfter?: Timestamp;
  lastUsed: number;
}

/** Batches stop at this many bytes (real servers cap at 16 MiB; 4 MiB keeps messages small). */
const BATCH_BYTES = 4 * 1024 * 1024;

export class CursorManager {
  private readonly cursors = new Map<number, Cursor>();
  private nextId = 1;

  constructor(private readonly oplog: Oplog) {}

  /** First batch of a result, registering a cursor when documents remain (or when tailing). */
  open(ns: string, docs: Document[], batchSize: number | undefined, opts: { singleBatch?: boolean; tail?: boolean } = {}): Document {
    const size = batchSize === undefined || batchSize <= 0 ? 101 : batchSize;
    const first = takeBatch(docs, size);
    const rest = docs.slice(first.length);
    let id = 0;
    if (opts.tail || (!opts.singleBatch && rest.length > 0)) {
      id = this.nextId++;
      const last = first.length ? first[first.length - 1] : undefined;
      const cursor: Cursor = { id, ns, docs: rest, lastUsed: Date.now() };
      if (opts.tail) cursor.tailAfter = (last?.ts as Timestamp | undefined) ?? this.oplog.last().ts;
      this.cursors.set(id, cursor);
    }
    return { cursor: { firstBatch: first, id: Long.fromNumber(id), ns }, ok: 1 };
  }

  async getMore(cmd: Document, db: string): Promise<Document> {
    const id = numberOf(cmd.getMore, 0);
    const ns = `${db}.${String(cmd.collection)}`;
    const cursor = this.cursors.get(id);
    if (!cursor || cursor.ns !== ns) throw new CommandError(Codes.CursorNotFound, `cursor id ${id} not found`);
    cursor.lastUsed = Date.now();
    const size = numberOf(cmd.batchSize, 0) || Number.MAX_SAFE_INTEGER;
    if (cursor.tailAfter) {
      let start = this.oplog.indexAfter(cursor.tailAfter);
      if (start >= this.oplog.entries.length) {
        // awaitData: hold the getMore until something is written or maxTimeMS passes.
        await this.oplog.waitForAppend(Math.min(numberOf(cmd.maxTimeMS, 1000), 5000));
        if (!this.cursors.has(id)) throw new CommandError(Codes.CursorNotFound, `cursor id ${id} not found`);
        start = this.oplog.indexAfter(cursor.tailAfter);
      }
      const batch = takeBatch(this.oplog.entries.slice(start, start + Math.min(size, 5000)), size);
      if (batch.length) cursor.tailAfter = batch[batch.length - 1].ts as Timestamp;
      return { cursor: { nextBatch: batch, id: Long.fromNumber(id), ns }, ok: 1 };
    }
    const batch = takeBatch(cursor.docs, size);
    cursor.docs = cursor.docs.slice(batch.length);
    let outId = id;
    if (cursor.docs.length === 0) {
      this.cursors.delete(id);
      outId = 0;
    }
    return { cursor: { nextBatch: batch, id: Long.fromNumber(outId), ns }, ok: 1 };
  }

  kill(ids: unknown[]): Document {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const raw of ids) {
      const id = numberOf(raw, 0);
      (this.cursors.delete(id) ? killed : notFound).push(Long.fromNumber(id));
    }
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
  }

  clear(): void {
    this.cursors.clear();
  }
}

function takeBatch(docs: Document[], size: number): Document[] {
  const out: Document[] = [];
  let bytes = 0;
  for (const d of docs) {
    if (out.length >= size) break;
    bytes += calculateObjectSize(d);
    if (out.length > 0 && bytes > BATCH_BYTES) break;
    out.push(d);
  }
  return out;
}
