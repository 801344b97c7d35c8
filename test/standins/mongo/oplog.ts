// local.oplog.rs: the ordered log of writes that secondaries pull from their sync source, as real members do.
import { Long, Timestamp, type Document } from './bson';
import { compareValues } from './query';
import type { OpEntry } from './storage';

export interface OpTime {
  ts: Timestamp;
  t: number;
}

export const NULL_OPTIME: OpTime = { ts: new Timestamp({ t: 0, i: 0 }), t: -1 };

export function compareOpTime(a: OpTime, b: OpTime): number {
  return a.t !== b.t && a.t >= 0 && b.t >= 0 ? a.t - b.t : compareValues(a.ts, b.ts);
}

/** The `{ts, t}` form used in heartbeats, replSetGetStatus and hello.lastWrite. */
export function opTimeDoc(o: OpTime): Document {
  return { ts: o.ts, t: Long.fromNumber(o.t) };
}

export function opTimeFrom(doc: unknown): OpTime | undefined {
  if (!doc || typeof doc !== 'object') return undefined;
  const d = doc as Document;
  if (!d.ts || (d.ts as { _bsontype?: string })._bsontype !== 'Timestamp') return undefined;
  return { ts: d.ts as Timestamp, t: Number(d.t ?? -1) };
}

export function opTimeDate(o: OpTime): Date {
  return new Date(o.ts.t * 1000);
}

export class Oplog {
  readonly entries: Document[] = [];
  private lastSecs = 0;
  private lastInc = 0;
  private waiters = new Set<() => void>();

  /** Next timestamp: wall-clock seconds plus an increment, strictly increasing. */
  nextTimestamp(): Timestamp {
    const now = Math.floor(Date.now() / 1000);
    if (now > this.lastSecs) {
      this.lastSecs = now;
      this.lastInc = 1;
    } else {
      this.lastInc += 1;
    }
    return new Timestamp({ t: this.lastSecs, i: this.lastInc });
  }

  last(): OpTime {
    const e = this.entries[this.entries.length - 1];
    return e ? { ts: e.ts as Timestamp, t: Number(e.t) } : NULL_OPTIME;
  }

  /** Appends an entry whose ts/t are already set (secondaries replay the primary's). */
  append(entry: Document): void {
    const ts = entry.ts as Timestamp;
    if (ts.t > this.lastSecs || (ts.t === this.lastSecs && ts.i > this.lastInc)) {
      this.lastSecs = ts.t;
      this.lastInc = ts.i;
    }
    this.entries.push(entry);
    for (const wake of [...this.waiters]) wake();
  }

  /** A fresh entry stamped with the next timestamp and the given term. */
  stamp(op: OpEntry, term: number, withWall: boolean): Document {
    const entry: Document = { ts: this.nextTimestamp(), t: Long.fromNumber(term), h: Long.ZERO, v: 2, op: op.op, ns: op.ns };
    if (withWall) entry.wall = new Date();
    entry.o = op.o;
    if (op.o2) entry.o2 = op.o2;
    return entry;
  }

  /** Index of the first entry with ts > after (binary search; entries are ordered). */
  indexAfter(after: Timestamp | undefined): number {
    if (!after) return 0;
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareValues(this.entries[mid].ts, after) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Resolves when an entry is appended or after `ms`, whichever comes first. */
  waitForAppend(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  wakeAll(): void {
    for (const wake of [...this.waiters]) wake();
  }
}
