// Data commands: insert/update/delete, find/getMore/count/distinct/aggregate, indexes and collection/database management.
import type { Document } from './bson';
import { register, requirePrimary, requireReadable, type CommandContext } from './commands';
import { CommandError, Codes, writeErrorEntry } from './errors';
import { opTimeDoc } from './oplog';
import {
  applyUpdate, clone, compareValues, ensureId, getPath, isPlainObject, isUpdateWithOperators, matches, numberOf, project,
  sortDocuments, upsertSeed, valuesEqual,
} from './query';
import { idKey, type CollectionData } from './storage';

function collectionName(ctx: CommandContext): string {
  const name = ctx.cmd[ctx.name];
  if (typeof name !== 'string' || name === '') {
    throw new CommandError(Codes.InvalidNamespace, `Invalid namespace specified '${ctx.db}.${String(name ?? '')}'`);
  }
  return name;
}

/** Creating a collection checks the namespace like mongod (120 bytes before 4.4). */
function ensureCollection(ctx: CommandContext, name: string): { coll: CollectionData; created: boolean } {
  const { storage, persona } = ctx.member;
  const existing = storage.collection(ctx.db, name);
  if (existing) return { coll: existing, created: false };
  const ns = `${ctx.db}.${name}`;
  if (Buffer.byteLength(ns) > persona.maxNamespaceLength) {
    throw new CommandError(Codes.InvalidNamespace, `fully qualified namespace ${ns} is too long (max is ${persona.maxNamespaceLength} bytes)`);
  }
  if (name.includes('$') || name.startsWith('system.')) throw new CommandError(Codes.InvalidNamespace, `Invalid collection name: ${name}`);
  ctx.member.write({ op: 'c', ns: `${ctx.db}.$cmd`, o: { create: name } });
  return { coll: storage.collection(ctx.db, name)!, created: true };
}

function documentsOf(ctx: CommandContext, field: string): Document[] {
  const value = ctx.cmd[field];
  if (!Array.isArray(value)) throw new CommandError(Codes.FailedToParse, `BSON field '${ctx.name}.${field}' is missing but a required field`);
  return value as Document[];
}

/** Adds writeErrors, the primary's opTime/electionId and the write concern outcome, as mongod does. */
async function finishWrite(ctx: CommandContext, result: Document, writeErrors: Document[]): Promise<Document> {
  const { repl, oplog } = ctx.member;
  if (writeErrors.length) result.writeErrors = writeErrors;
  const last = oplog.last();
  result.opTime = opTimeDoc(last);
  result.electionId = repl.electionId;
  const wc = isPlainObject(ctx.cmd.writeConcern) ? ctx.cmd.writeConcern : undefined;
  if (wc && wc.w !== undefined) {
    const failure = await repl.awaitReplication(last, wc.w, numberOf(wc.wtimeout, 0));
    if (failure) {
      if (!ctx.member.persona.hasCodeName) delete failure.codeName;
      result.writeConcernError = failure;
    }
  }
  result.ok = 1;
  return result;
}

async function writeLoop(ctx: CommandContext, items: Document[], each: (item: Document, index: number) => void): Promise<Document[]> {
  const ordered = ctx.cmd.ordered !== false;
  const errors: Document[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      each(items[i], i);
    } catch (err) {
      if (!(err instanceof CommandError)) throw err;
      errors.push(writeErrorEntry(i, err, ctx.member.persona));
      if (ordered) break;
    }
  }
  return errors;
}

register(['insert'], async (ctx) => {
  requirePrimary(ctx);
  const name = collectionName(ctx);
  const docs = documentsOf(ctx, 'documents');
  let n = 0;
  const errors = await writeLoop(ctx, docs, (doc) => {
    ensureCollection(ctx, name);
    ctx.member.write({ op: 'i', ns: `${ctx.db}.${name}`, o: ensureId(doc) });
    n++;
  });
  return finishWrite(ctx, { n }, errors);
});

register(['update'], async (ctx) => {
  requirePrimary(ctx);
  const name = collectionName(ctx);
  const updates = documentsOf(ctx, 'updates');
  const ns = `${ctx.db}.${name}`;
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const errors = await writeLoop(ctx, updates, (spec, index) => {
    const q = (spec.q ?? {}) as Document;
    const u = spec.u as Document;
    if (!isPlainObject(u)) throw new CommandError(Codes.FailedToParse, 'Update argument must be an object');
    if (spec.multi && !isUpdateWithOperators(u)) throw new CommandError(Codes.FailedToParse, 'multi update only works with $ operators');
    const coll = ctx.member.storage.collection(ctx.db, name);
    const matched = coll ? [...coll.docs.values()].filter((d) => matches(d, q)) : [];
    if (matched.length === 0) {
      if (!spec.upsert) return;
      ensureCollection(ctx, name);
      const seed = upsertSeed(q);
      let doc = applyUpdate(seed, u, true);
      if (!isUpdateWithOperators(u) && seed._id !== undefined && doc._id === undefined) doc = { _id: seed._id, ...doc };
      doc = ensureId(doc);
      ctx.member.write({ op: 'i', ns, o: doc });
      upserted.push({ index, _id: doc._id });
      n++;
      return;
    }
    for (const old of spec.multi ? matched : matched.slice(0, 1)) {
      const updated = applyUpdate(old, u, false);
      if (updated._id !== undefined && !valuesEqual(updated._id, old._id)) {
        throw new CommandError(66, `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${String(updated._id)}`, 'ImmutableField');
      }
      n++;
      if (compareValues(updated, old) !== 0 || Object.keys(updated).join() !== Object.keys(old).join()) {
        ctx.member.write({ op: 'u', ns, o: updated, o2: { _id: old._id } });
        nModified++;
      }
    }
  });
  const result: Document = { n, nModified };
  if (upserted.length) result.upserted = upserted;
  return finishWrite(ctx, result, errors);
});

register(['delete'], async (ctx) => {
  requirePrimary(ctx);
  const name = collectionName(ctx);
  const deletes = documentsOf(ctx, 'deletes');
  let n = 0;
  const errors = await writeLoop(ctx, deletes, (spec) => {
    const coll = ctx.member.storage.collection(ctx.db, name);
    if (!coll) return;
    const matched = [...coll.docs.values()].filter((d) => matches(d, (spec.q ?? {}) as Document));
    for (const doc of numberOf(spec.limit, 0) === 1 ? matched.slice(0, 1) : matched) {
      ctx.member.write({ op: 'd', ns: `${ctx.db}.${name}`, o: { _id: doc._id } });
      n++;
    }
  });
  return finishWrite(ctx, { n }, errors);
});

/** Documents of a collection; local.oplog.rs reads the oplog itself. */
function scan(ctx: CommandContext, name: string, filter: Document | undefined): Document[] {
  if (ctx.db === 'local' && name === 'oplog.rs') {
    const { oplog } = ctx.member;
    // Fast path for the fetcher's {ts: {$gte|$gt: T}}: start at the first entry not older than T.
    const ts = isPlainObject(filter?.ts) ? (filter!.ts as Document) : undefined;
    const from = ts?.$gte ?? ts?.$gt;
    let start = 0;
    if (from) {
      start = oplog.indexAfter(from as never);
      if (ts?.$gte && start > 0 && compareValues(oplog.entries[start - 1].ts, from) === 0) start -= 1;
    }
    return oplog.entries.slice(start).filter((d) => matches(d, filter));
  }
  const coll = ctx.member.storage.collection(ctx.db, name);
  return coll ? [...coll.docs.values()].filter((d) => matches(d, filter)) : [];
}

register(['find'], (ctx) => {
  requireReadable(ctx);
  const name = collectionName(ctx);
  const { cmd } = ctx;
  let docs = sortDocuments(scan(ctx, name, cmd.filter as Document | undefined), cmd.sort as Document | undefined);
  const skip = numberOf(cmd.skip, 0);
  const limit = numberOf(cmd.limit, 0);
  if (skip) docs = docs.slice(skip);
  if (limit) docs = docs.slice(0, Math.abs(limit));
  docs = docs.map((d) => project(d, cmd.projection as Document | undefined));
  const tail = Boolean(cmd.tailable) && ctx.db === 'local' && name === 'oplog.rs';
  const batchSize = cmd.batchSize !== undefined ? numberOf(cmd.batchSize, 101) : limit ? Math.abs(limit) : undefined;
  return ctx.member.cursors.open(`${ctx.db}.${name}`, docs, batchSize, { singleBatch: Boolean(cmd.singleBatch) || limit < 0, tail });
});

register(['getMore'], (ctx) => ctx.member.cursors.getMore(ctx.cmd, ctx.db));

register(['killCursors'], (ctx) => ctx.member.cursors.kill(Array.isArray(ctx.cmd.cursors) ? ctx.cmd.cursors : []));

register(['count'], (ctx) => {
  requireReadable(ctx);
  const name = collectionName(ctx);
  let n = scan(ctx, name, ctx.cmd.query as Document | undefined).length;
  n = Math.max(0, n - numberOf(ctx.cmd.skip, 0));
  const limit = Math.abs(numberOf(ctx.cmd.limit, 0));
  if (limit) n = Math.min(n, limit);
  return { n, ok: 1 };
});

register(['distinct'], (ctx) => {
  requireReadable(ctx);
  const name = collectionName(ctx);
  const key = String(ctx.cmd.key);
  const values: unknown[] = [];
  for (const d of scan(ctx, name, ctx.cmd.query as Document | undefined)) {
    const v = getPath(d, key);
    for (const x of Array.isArray(v) ? v : [v]) if (x !== undefined && !values.some((y) => valuesEqual(x, y))) values.push(x);
  }
  return { values, ok: 1 };
});

// ---- aggregation ---------------------------------------------------------------------------

function evalExpr(doc: Document, expr: unknown): unknown {
  if (typeof expr === 'string' && expr.startsWith('$')) {
    if (expr === '$$ROOT' || expr === '$$CURRENT') return doc;
    return getPath(doc, expr.slice(1));
  }
  if (Array.isArray(expr)) return expr.map((e) => evalExpr(doc, e));
  if (!isPlainObject(expr)) return expr;
  const keys = Object.keys(expr);
  if (keys.length === 1 && keys[0].startsWith('$')) {
    const op = keys[0];
    const raw = expr[op];
    const args = (Array.isArray(raw) ? raw : [raw]).map((a) => (op === '$literal' ? a : evalExpr(doc, a)));
    const nums = args.map((a) => numberOf(a, 0));
    switch (op) {
      case '$literal': return raw;
      case '$add': return nums.reduce((a, b) => a + b, 0);
      case '$sum': return (Array.isArray(args[0]) ? (args[0] as unknown[]).map((x) => numberOf(x, 0)) : nums).reduce((a, b) => a + b, 0);
      case '$subtract': return nums[0] - nums[1];
      case '$multiply': return nums.reduce((a, b) => a * b, 1);
      case '$divide': return nums[0] / nums[1];
      case '$mod': return nums[0] % nums[1];
      case '$ifNull': return args[0] ?? args[1];
      case '$concat': return args.map(String).join('');
      case '$toLower': return String(args[0] ?? '').toLowerCase();
      case '$toUpper': return String(args[0] ?? '').toUpperCase();
      case '$eq': return valuesEqual(args[0], args[1]);
      case '$ne': return !valuesEqual(args[0], args[1]);
      case '$gt': return compareValues(args[0], args[1]) > 0;
      case '$gte': return compareValues(args[0], args[1]) >= 0;
      case '$lt': return compareValues(args[0], args[1]) < 0;
      case '$lte': return compareValues(args[0], args[1]) <= 0;
      case '$size': return Array.isArray(args[0]) ? args[0].length : 0;
      case '$cond': {
        if (isPlainObject(raw)) return evalExpr(doc, raw.if) ? evalExpr(doc, raw.then) : evalExpr(doc, raw.else);
        return args[0] ? args[1] : args[2];
      }
      default:
        throw new CommandError(168, `Unrecognized expression '${op}'`, 'InvalidPipelineOperator');
    }
  }
  const out: Document = {};
  for (const [k, v] of Object.entries(expr)) out[k] = evalExpr(doc, v);
  return out;
}

function group(docs: Document[], spec: Document): Document[] {
  const groups = new Map<string, Document>();
  const state = new Map<string, Map<string, { sum: number; count: number; values: unknown[] }>>();
  for (const doc of docs) {
    const key = evalExpr(doc, spec._id) ?? null;
    const k = idKey(key);
    let out = groups.get(k);
    if (!out) {
      out = { _id: key };
      groups.set(k, out);
      state.set(k, new Map());
    }
    const acc = state.get(k)!;
    for (const [field, accSpec] of Object.entries(spec)) {
      if (field === '_id') continue;
      if (!isPlainObject(accSpec)) throw new CommandError(40234, `The field '${field}' must be an accumulator object`, 'Location40234');
      const [op, arg] = Object.entries(accSpec)[0];
      const value = evalExpr(doc, arg);
      let s = acc.get(field);
      if (!s) {
        s = { sum: 0, count: 0, values: [] };
        acc.set(field, s);
      }
      switch (op) {
        case '$sum':
          if (typeof value === 'number' || (value && typeof value === 'object' && !Number.isNaN(numberOf(value, NaN)))) s.sum += numberOf(value, 0);
          out[field] = s.sum;
          break;
        case '$count': s.sum += 1; out[field] = s.sum; break;
        case '$avg':
          if (value !== undefined && value !== null) { s.sum += numberOf(value, 0); s.count++; }
          out[field] = s.count ? s.sum / s.count : null;
          break;
        case '$min': if (value !== undefined && (out[field] === undefined || compareValues(value, out[field]) < 0)) out[field] = value; break;
        case '$max': if (value !== undefined && (out[field] === undefined || compareValues(value, out[field]) > 0)) out[field] = value; break;
        case '$first': if (!(field in out)) out[field] = value ?? null; break;
        case '$last': out[field] = value ?? null; break;
        case '$push': if (value !== undefined) s.values.push(value); out[field] = s.values; break;
        case '$addToSet': if (value !== undefined && !s.values.some((x) => valuesEqual(x, value))) s.values.push(value); out[field] = s.values; break;
        default:
          throw new CommandError(15952, `unknown group operator '${op}'`, 'Location15952');
      }
    }
  }
  return [...groups.values()];
}

function runPipeline(input: Document[], pipeline: Document[]): Document[] {
  let docs = input;
  for (const stage of pipeline) {
    const [name, spec] = Object.entries(stage)[0] ?? [];
    switch (name) {
      case '$match': docs = docs.filter((d) => matches(d, spec as Document)); break;
      case '$sort': docs = sortDocuments(docs, spec as Document); break;
      case '$skip': docs = docs.slice(numberOf(spec, 0)); break;
      case '$limit': docs = docs.slice(0, numberOf(spec, 0)); break;
      case '$group': docs = group(docs, spec as Document); break;
      case '$count': docs = docs.length ? [{ [String(spec)]: docs.length }] : []; break;
      case '$addFields':
      case '$set':
        docs = docs.map((d) => {
          const out = clone(d);
          for (const [k, v] of Object.entries(spec as Document)) out[k] = evalExpr(d, v);
          return out;
        });
        break;
      case '$project': {
        const s = spec as Document;
        const plain = Object.values(s).every((v) => typeof v === 'number' || typeof v === 'boolean');
        docs = docs.map((d) => {
          if (plain) return project(d, s);
          const out: Document = s._id === 0 || s._id === false ? {} : { _id: d._id };
          for (const [k, v] of Object.entries(s)) {
            if (k === '_id' && (v === 0 || v === false)) continue;
            out[k] = v === 1 || v === true ? getPath(d, k) : evalExpr(d, v);
            if (out[k] === undefined) delete out[k];
          }
          return out;
        });
        break;
      }
      case '$unwind': {
        const path = String(isPlainObject(spec) ? spec.path : spec).slice(1);
        docs = docs.flatMap((d) => {
          const v = getPath(d, path);
          if (!Array.isArray(v)) return v === undefined ? [] : [d];
          return v.map((x) => {
            const out = clone(d);
            out[path] = x;
            return out;
          });
        });
        break;
      }
      default:
        throw new CommandError(40324, `Unrecognized pipeline stage name: '${String(name)}'`, 'Location40324');
    }
  }
  return docs;
}

register(['aggregate'], (ctx) => {
  requireReadable(ctx);
  const { cmd } = ctx;
  if (!Array.isArray(cmd.pipeline)) throw new CommandError(Codes.TypeMismatch, "'pipeline' option must be specified as an array");
  const name = collectionName(ctx);
  const docs = runPipeline(scan(ctx, name, undefined), cmd.pipeline as Document[]);
  if (!isPlainObject(cmd.cursor)) {
    if (ctx.member.persona.maxWireVersion >= 6) throw new CommandError(Codes.FailedToParse, "The 'cursor' option is required, except for aggregate with the explain argument");
    return { result: docs, ok: 1 };
  }
  return ctx.member.cursors.open(`${ctx.db}.${name}`, docs, cmd.cursor.batchSize !== undefined ? numberOf(cmd.cursor.batchSize, 101) : undefined);
});

// ---- indexes, collections, databases -------------------------------------------------------

function indexName(key: Document): string {
  return Object.entries(key).map(([k, v]) => `${k}_${String(v)}`).join('_');
}

register(['createIndexes'], (ctx) => {
  requirePrimary(ctx);
  const name = collectionName(ctx);
  const specs = documentsOf(ctx, 'indexes');
  const { coll, created } = ensureCollection(ctx, name);
  const before = coll.indexes.length;
  for (const spec of specs) {
    if (!isPlainObject(spec.key)) throw new CommandError(Codes.FailedToParse, "The 'key' field is a required property of an index specification");
    const full: Document = { v: ctx.member.persona.indexVersion, ...spec, name: spec.name ?? indexName(spec.key as Document) };
    if (!ctx.member.persona.hasTopologyVersion) full.ns = `${ctx.db}.${name}`;
    const existing = coll.indexes.find((i) => i.name === full.name);
    if (existing) {
      if (compareValues(existing.key, full.key) !== 0) {
        throw new CommandError(86, `Index with name: ${String(full.name)} already exists with different options`, 'IndexKeySpecsConflict');
      }
      continue;
    }
    ctx.member.write({ op: 'c', ns: `${ctx.db}.$cmd`, o: { createIndexes: name, ...full } });
  }
  const after = coll.indexes.length;
  const out: Document = { createdCollectionAutomatically: created, numIndexesBefore: before, numIndexesAfter: after };
  if (after === before) out.note = 'all indexes already exist';
  out.ok = 1;
  return out;
});

register(['listIndexes'], (ctx) => {
  requireReadable(ctx);
  const name = collectionName(ctx);
  const coll = ctx.member.storage.collection(ctx.db, name);
  if (!coll) throw new CommandError(Codes.NamespaceNotFound, `ns does not exist: ${ctx.db}.${name}`);
  return ctx.member.cursors.open(`${ctx.db}.$cmd.listIndexes.${name}`, coll.indexes.map((i) => clone(i)), undefined);
});

register(['dropIndexes', 'deleteIndexes'], (ctx) => {
  requirePrimary(ctx);
  const name = collectionName(ctx);
  const coll = ctx.member.storage.collection(ctx.db, name);
  if (!coll) throw new CommandError(Codes.NamespaceNotFound, 'ns not found');
  const before = coll.indexes.length;
  const index = isPlainObject(ctx.cmd.index) ? coll.indexes.find((i) => compareValues(i.key, ctx.cmd.index) === 0)?.name : ctx.cmd.index;
  if (index !== '*' && !coll.indexes.some((i) => i.name === index)) throw new CommandError(27, `index not found with name [${String(index)}]`, 'IndexNotFound');
  ctx.member.write({ op: 'c', ns: `${ctx.db}.$cmd`, o: { dropIndexes: name, index } });
  return { nIndexesWas: before, ok: 1 };
});

register(['listCollections'], (ctx) => {
  requireReadable(ctx);
  const { storage, persona } = ctx.member;
  const entries: Document[] = storage.collections(ctx.db).map((c) => {
    if (ctx.cmd.nameOnly) return { name: c.name, type: 'collection' };
    const doc: Document = { name: c.name, type: 'collection', options: clone(c.options), info: { readOnly: false } };
    if (persona.hasLogicalSessions) (doc.info as Document).uuid = c.uuid;
    doc.idIndex = { v: persona.indexVersion, key: { _id: 1 }, name: '_id_', ...(persona.hasTopologyVersion ? {} : { ns: `${ctx.db}.${c.name}` }) };
    return doc;
  });
  if (ctx.db === 'local' && ctx.member.oplog.entries.length) entries.push({ name: 'oplog.rs', type: 'collection', options: { capped: true, size: 1024 * 1024 * 1024 }, info: { readOnly: false } });
  const filtered = entries.filter((e) => matches(e, ctx.cmd.filter as Document | undefined));
  const batchSize = isPlainObject(ctx.cmd.cursor) && ctx.cmd.cursor.batchSize !== undefined ? numberOf(ctx.cmd.cursor.batchSize, 101) : undefined;
  return ctx.member.cursors.open(`${ctx.db}.$cmd.listCollections`, filtered, batchSize);
});

register(['create'], (ctx) => {
  requirePrimary(ctx);
  const name = collectionName(ctx);
  if (ctx.member.storage.collection(ctx.db, name)) {
    const older = ctx.member.persona.versionArray[0] < 4;
    throw new CommandError(Codes.NamespaceExists, older ? 'collection already exists' : `Collection ${ctx.db}.${name} already exists.`);
  }
  ensureCollection(ctx, name);
  return { ok: 1 };
});

register(['drop'], (ctx) => {
  requirePrimary(ctx);
  const name = collectionName(ctx);
  const coll = ctx.member.storage.collection(ctx.db, name);
  if (!coll) throw new CommandError(Codes.NamespaceNotFound, 'ns not found');
  const nIndexesWas = coll.indexes.length;
  ctx.member.write({ op: 'c', ns: `${ctx.db}.$cmd`, o: { drop: name } });
  return { ns: `${ctx.db}.${name}`, nIndexesWas, ok: 1 };
});

register(['dropDatabase'], (ctx) => {
  requirePrimary(ctx);
  if (ctx.member.storage.collections(ctx.db).length) ctx.member.write({ op: 'c', ns: `${ctx.db}.$cmd`, o: { dropDatabase: 1 } });
  return { dropped: ctx.db, ok: 1 };
});

register(['listDatabases'], (ctx) => {
  const { storage, oplog } = ctx.member;
  const names = new Set(storage.databaseNames());
  if (oplog.entries.length) names.add('local');
  const databases = [...names].sort().map((name) => {
    const size = storage.sizeOf(name) + (name === 'local' ? oplog.entries.length * 100 : 0);
    return ctx.cmd.nameOnly ? { name } : { name, sizeOnDisk: Math.max(size, 8192), empty: false };
  });
  const out: Document = { databases };
  if (!ctx.cmd.nameOnly) out.totalSize = databases.reduce((n, d) => n + numberOf((d as Document).sizeOnDisk, 0), 0);
  out.ok = 1;
  return out;
});

register(['collStats'], (ctx) => {
  requireReadable(ctx);
  const name = collectionName(ctx);
  const coll = ctx.member.storage.collection(ctx.db, name);
  if (!coll) throw new CommandError(Codes.NamespaceNotFound, `Collection [${ctx.db}.${name}] not found.`);
  return { ns: `${ctx.db}.${name}`, count: coll.docs.size, size: ctx.member.storage.sizeOf(ctx.db), nindexes: coll.indexes.length, ok: 1 };
});

register(['dbStats'], (ctx) => {
  const colls = ctx.member.storage.collections(ctx.db);
  return {
    db: ctx.db,
    collections: colls.length,
    objects: colls.reduce((n, c) => n + c.docs.size, 0),
    dataSize: ctx.member.storage.sizeOf(ctx.db),
    indexes: colls.reduce((n, c) => n + c.indexes.length, 0),
    ok: 1,
  };
});
