// In-memory databases and collections, changed only by applying oplog entries so primaries and secondaries stay identical.
import { calculateObjectSize, EJSON, UUID, type Document } from './bson';
import { CommandError, Codes } from './errors';
import { clone, getPath, isPlainObject, numberOf } from './query';

export interface IndexSpec extends Document {
  key: Document;
  name: string;
  unique?: boolean;
}

export interface CollectionData {
  name: string;
  uuid: UUID;
  options: Document;
  docs: Map<string, Document>;
  indexes: IndexSpec[];
}

/** The oplog entry fields the storage layer needs; ts/t/wall are set by the oplog. */
export interface OpEntry extends Document {
  op: 'i' | 'u' | 'd' | 'c' | 'n';
  ns: string;
  o: Document;
  o2?: Document;
}

/** Numeric _id values 1, 1.0 and NumberLong(1) are the same key to mongod. */
export function idKey(id: unknown): string {
  if (typeof id === 'number') return `n:${id}`;
  const t = id !== null && typeof id === 'object' ? (id as { _bsontype?: string })._bsontype : undefined;
  if (t === 'Long' || t === 'Int32' || t === 'Double') return `n:${numberOf(id)}`;
  return EJSON.stringify({ k: id }, { relaxed: false });
}

export function splitNamespace(ns: string): [string, string] {
  const dot = ns.indexOf('.');
  return dot < 0 ? [ns, ''] : [ns.slice(0, dot), ns.slice(dot + 1)];
}

export class Storage {
  private readonly dbs = new Map<string, Map<string, CollectionData>>();

  constructor(private readonly dupKeyWithFieldNames: boolean, private readonly indexVersion: number) {}

  databaseNames(): string[] {
    return [...this.dbs.keys()].filter((name) => (this.dbs.get(name)?.size ?? 0) > 0);
  }

  collections(db: string): CollectionData[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  collection(db: string, name: string): CollectionData | undefined {
    return this.dbs.get(db)?.get(name);
  }

  /** Approximate data size, enough for listDatabases' sizeOnDisk. */
  sizeOf(db: string): number {
    let n = 0;
    for (const c of this.collections(db)) for (const d of c.docs.values()) n += calculateObjectSize(d);
    return n;
  }

  createCollection(db: string, name: string, options: Document = {}): CollectionData {
    let colls = this.dbs.get(db);
    if (!colls) {
      colls = new Map();
      this.dbs.set(db, colls);
    }
    let coll = colls.get(name);
    if (!coll) {
      coll = {
        name,
        uuid: new UUID(),
        options,
        docs: new Map(),
        indexes: [{ v: this.indexVersion, key: { _id: 1 }, name: '_id_', ns: `${db}.${name}` }],
      };
      colls.set(name, coll);
    }
    return coll;
  }

  /** Applies one oplog entry; throws (without changing anything) on a unique-index violation. */
  apply(entry: OpEntry): void {
    const [db, name] = splitNamespace(entry.ns);
    switch (entry.op) {
      case 'n':
        return;
      case 'i': {
        const coll = this.createCollection(db, name);
        this.checkUnique(coll, entry.o, undefined);
        coll.docs.set(idKey(entry.o._id), clone(entry.o));
        return;
      }
      case 'u': {
        const coll = this.createCollection(db, name);
        const key = idKey(entry.o2?._id);
        this.checkUnique(coll, entry.o, key);
        coll.docs.set(key, clone(entry.o));
        return;
      }
      case 'd': {
        this.collection(db, name)?.docs.delete(idKey(entry.o._id));
        return;
      }
      case 'c':
        this.applyCommand(db, entry.o);
        return;
    }
  }

  private applyCommand(db: string, o: Document): void {
    if (typeof o.create === 'string') {
      const { create, ...options } = o;
      this.createCollection(db, create, options);
    } else if (typeof o.drop === 'string') {
      this.dbs.get(db)?.delete(o.drop);
    } else if (o.dropDatabase !== undefined) {
      this.dbs.delete(db);
    } else if (typeof o.createIndexes === 'string') {
      const coll = this.createCollection(db, o.createIndexes);
      const { createIndexes, ...spec } = o;
      void createIndexes;
      if (!coll.indexes.some((i) => i.name === spec.name)) coll.indexes.push(spec as IndexSpec);
    } else if (typeof o.dropIndexes === 'string') {
      const coll = this.collection(db, o.dropIndexes);
      if (coll) coll.indexes = coll.indexes.filter((i) => i.name === '_id_' || (o.index !== '*' && i.name !== o.index));
    }
  }

  private checkUnique(coll: CollectionData, doc: Document, selfKey: string | undefined): void {
    const ownKey = selfKey ?? idKey(doc._id);
    for (const index of coll.indexes) {
      const fields = Object.keys(index.key);
      const wanted = fields.map((f) => getPath(doc, f));
      if (index.name === '_id_') {
        // An update never changes _id, so only inserts can collide on it.
        if (selfKey === undefined && coll.docs.has(ownKey)) throw this.duplicate(coll, index, fields, wanted);
        continue;
      }
      if (!index.unique) continue;
      for (const [key, other] of coll.docs) {
        if (key === ownKey) continue;
        if (fields.every((f, i) => idKey(getPath(other, f) ?? null) === idKey(wanted[i] ?? null))) {
          throw this.duplicate(coll, index, fields, wanted);
        }
      }
    }
  }

  private duplicate(coll: CollectionData, index: IndexSpec, fields: string[], values: unknown[]): CommandError {
    const ns = String(index.ns ?? coll.name);
    const shown = fields
      .map((f, i) => `${this.dupKeyWithFieldNames ? f : ''}: ${shellValue(values[i])}`)
      .join(', ');
    return new CommandError(
      Codes.DuplicateKey,
      `E11000 duplicate key error collection: ${ns} index: ${index.name} dup key: { ${shown} }`,
      'DuplicateKey',
    );
  }
}

/** How the mongo shell prints a value inside an error message. */
export function shellValue(v: unknown): string {
  if (typeof v === 'string') return `"${v}"`;
  if (v === null || v === undefined) return 'null';
  const t = typeof v === 'object' ? (v as { _bsontype?: string })._bsontype : undefined;
  if (t === 'ObjectId') return `ObjectId('${(v as { toHexString(): string }).toHexString()}')`;
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (isPlainObject(v) || Array.isArray(v)) return EJSON.stringify(v);
  return String(v);
}
