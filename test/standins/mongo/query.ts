// Query language subset: BSON ordering, filter matching, sort, projection and update operators.
import { ObjectId, type Document } from './bson';
import { CommandError, Codes } from './errors';

type Bsonish = { _bsontype?: string };

function bsonType(v: unknown): string | undefined {
  return v !== null && typeof v === 'object' ? (v as Bsonish)._bsontype : undefined;
}

export function isPlainObject(v: unknown): v is Document {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v) || v instanceof Date || v instanceof RegExp || ArrayBuffer.isView(v)) return false;
  return bsonType(v) === undefined;
}

/** Canonical type order of BSON values when compared (MongoDB manual: Comparison/Sort Order). */
function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 1;
  if (typeof v === 'number' || typeof v === 'bigint') return 2;
  if (typeof v === 'string') return 3;
  if (typeof v === 'boolean') return 8;
  if (v instanceof Date) return 9;
  if (v instanceof RegExp) return 11;
  if (Array.isArray(v)) return 5;
  if (ArrayBuffer.isView(v)) return 6;
  switch (bsonType(v)) {
    case 'MinKey': return -1;
    case 'MaxKey': return 127;
    case 'Long': case 'Int32': case 'Double': case 'Decimal128': return 2;
    case 'BSONSymbol': return 3;
    case 'Binary': return 6;
    case 'ObjectId': return 7;
    case 'Timestamp': return 10;
    case 'BSONRegExp': return 11;
    case undefined: return 4;
    default: return 4;
  }
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  const t = bsonType(v);
  if (t === 'Long') return (v as { toNumber(): number }).toNumber();
  if (t === 'Int32' || t === 'Double') return (v as { valueOf(): number }).valueOf();
  if (t === 'Decimal128') return parseFloat(String(v));
  return NaN;
}

function cmp(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 1: case -1: case 127: return 0;
    case 2: return cmp(toNumber(a), toNumber(b));
    case 3: return cmp(String(a), String(b));
    case 8: return cmp(Number(a), Number(b));
    case 9: return cmp((a as Date).getTime(), (b as Date).getTime());
    case 7: return cmp((a as ObjectId).toHexString(), (b as ObjectId).toHexString());
    case 10: {
      const ta = a as { t: number; i: number };
      const tb = b as { t: number; i: number };
      return cmp(ta.t, tb.t) || cmp(ta.i, tb.i);
    }
    case 5: {
      const xa = a as unknown[];
      const xb = b as unknown[];
      for (let i = 0; i < Math.min(xa.length, xb.length); i++) {
        const c = compareValues(xa[i], xb[i]);
        if (c) return c;
      }
      return xa.length - xb.length;
    }
    case 6: return Buffer.compare(binaryBytes(a), binaryBytes(b));
    case 11: return cmp(String(a), String(b));
    default: {
      const ea = Object.entries(a as Document);
      const eb = Object.entries(b as Document);
      for (let i = 0; i < Math.min(ea.length, eb.length); i++) {
        const c = compareValues(ea[i][1], eb[i][1]) || cmp(ea[i][0], eb[i][0]);
        if (c) return c;
      }
      return ea.length - eb.length;
    }
  }
}

function binaryBytes(v: unknown): Buffer {
  if (bsonType(v) === 'Binary') return Buffer.from((v as { buffer: Uint8Array }).buffer);
  return Buffer.from(v as Uint8Array);
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  return typeRank(a) === typeRank(b) && compareValues(a, b) === 0;
}

/** Every value a dotted path reaches, descending into arrays as MongoDB does. */
export function pathValues(doc: unknown, path: string): unknown[] {
  const parts = path.split('.');
  const out: unknown[] = [];
  const walk = (value: unknown, i: number): void => {
    if (i === parts.length) {
      out.push(value);
      return;
    }
    const part = parts[i];
    if (Array.isArray(value)) {
      if (/^\d+$/.test(part) && Number(part) < value.length) walk(value[Number(part)], i + 1);
      for (const el of value) if (isPlainObject(el)) walk(el, i);
      return;
    }
    if (isPlainObject(value) && Object.prototype.hasOwnProperty.call(value, part)) walk(value[part], i + 1);
  };
  walk(doc, 0);
  return out;
}

/** The single value at a path (no array fan-out), for sorting, grouping and expressions. */
export function getPath(doc: unknown, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(value) && /^\d+$/.test(part)) value = value[Number(part)];
    else if (isPlainObject(value)) value = value[part];
    else return undefined;
  }
  return value;
}

function expand(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    out.push(v);
    if (Array.isArray(v)) out.push(...v);
  }
  return out;
}

function regexOf(v: unknown): RegExp | undefined {
  if (v instanceof RegExp) return v;
  if (bsonType(v) === 'BSONRegExp') {
    const r = v as { pattern: string; options: string };
    return new RegExp(r.pattern, r.options.replace(/[^imsu]/g, ''));
  }
  return undefined;
}

function equalityMatch(values: unknown[], target: unknown): boolean {
  const re = regexOf(target);
  if (re) return expand(values).some((v) => typeof v === 'string' && re.test(v));
  if (target === null) return values.length === 0 || expand(values).some((v) => v === null || v === undefined);
  return expand(values).some((v) => valuesEqual(v, target));
}

function comparisonMatch(values: unknown[], target: unknown, ok: (c: number) => boolean): boolean {
  return expand(values).some((v) => typeRank(v) === typeRank(target) && ok(compareValues(v, target)));
}

function isOperatorObject(v: unknown): v is Document {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys[0].startsWith('$');
}

function matchCondition(values: unknown[], cond: unknown): boolean {
  if (!isOperatorObject(cond)) return equalityMatch(values, cond);
  for (const [op, arg] of Object.entries(cond)) {
    let ok: boolean;
    switch (op) {
      case '$eq': ok = equalityMatch(values, arg); break;
      case '$ne': ok = !equalityMatch(values, arg); break;
      case '$gt': ok = comparisonMatch(values, arg, (c) => c > 0); break;
      case '$gte': ok = comparisonMatch(values, arg, (c) => c >= 0); break;
      case '$lt': ok = comparisonMatch(values, arg, (c) => c < 0); break;
      case '$lte': ok = comparisonMatch(values, arg, (c) => c <= 0); break;
      case '$in':
        if (!Array.isArray(arg)) throw new CommandError(Codes.BadValue, '$in needs an array');
        ok = arg.some((t) => equalityMatch(values, t));
        break;
      case '$nin':
        if (!Array.isArray(arg)) throw new CommandError(Codes.BadValue, '$nin needs an array');
        ok = !arg.some((t) => equalityMatch(values, t));
        break;
      case '$exists': ok = (values.length > 0) === Boolean(arg); break;
      case '$not': ok = !matchCondition(values, arg); break;
      case '$size': ok = values.some((v) => Array.isArray(v) && v.length === toNumber(arg)); break;
      case '$all': ok = Array.isArray(arg) && arg.every((t) => equalityMatch(values, t)); break;
      case '$elemMatch':
        ok = values.some((v) => Array.isArray(v) && v.some((el) => (isPlainObject(el) && !isOperatorObject(arg) ? matches(el, arg as Document) : matchCondition([el], arg))));
        break;
      case '$regex': {
        const re = regexOf(arg) ?? new RegExp(String(arg), String(cond.$options ?? '').replace(/[^imsu]/g, ''));
        ok = expand(values).some((v) => typeof v === 'string' && re.test(v));
        break;
      }
      case '$options': ok = true; break;
      default:
        throw new CommandError(Codes.BadValue, `unknown operator: ${op}`);
    }
    if (!ok) return false;
  }
  return true;
}

export function matches(doc: Document, filter: Document | undefined): boolean {
  if (!filter) return true;
  for (const [key, cond] of Object.entries(filter)) {
    switch (key) {
      case '$and':
        if (!(cond as Document[]).every((f) => matches(doc, f))) return false;
        break;
      case '$or':
        if (!(cond as Document[]).some((f) => matches(doc, f))) return false;
        break;
      case '$nor':
        if ((cond as Document[]).some((f) => matches(doc, f))) return false;
        break;
      case '$comment':
        break;
      default:
        if (key.startsWith('$')) throw new CommandError(Codes.BadValue, `unknown top level operator: ${key}`);
        if (!matchCondition(pathValues(doc, key), cond)) return false;
    }
  }
  return true;
}

export function sortDocuments(docs: Document[], spec: Document | undefined): Document[] {
  if (!spec || Object.keys(spec).length === 0) return docs;
  const keys = Object.entries(spec).map(([k, dir]) => [k, toNumber(dir) < 0 ? -1 : 1] as const);
  return [...docs].sort((a, b) => {
    for (const [k, dir] of keys) {
      const c = compareValues(sortKey(a, k, dir), sortKey(b, k, dir));
      if (c) return c * dir;
    }
    return 0;
  });
}

function sortKey(doc: Document, path: string, dir: number): unknown {
  // An array sorts by its smallest element ascending and its largest descending.
  const values = expand(pathValues(doc, path)).filter((v) => !Array.isArray(v));
  if (values.length === 0) return null;
  return values.reduce((best, v) => (compareValues(v, best) * dir < 0 ? v : best));
}

export function project(doc: Document, projection: Document | undefined): Document {
  if (!projection || Object.keys(projection).length === 0) return doc;
  const entries = Object.entries(projection).filter(([k]) => k !== '_id');
  const inclusion = entries.some(([, v]) => Boolean(v) && !isPlainObject(v));
  const idWanted = projection._id === undefined ? true : Boolean(projection._id);
  if (inclusion) {
    const out: Document = {};
    if (idWanted && doc._id !== undefined) out._id = doc._id;
    for (const [k, v] of entries) {
      if (!v) continue;
      const value = getPath(doc, k);
      if (value !== undefined) setPath(out, k, value);
    }
    return out;
  }
  const out = clone(doc);
  for (const [k, v] of entries) if (!v) unsetPath(out, k);
  if (!idWanted) delete out._id;
  return out;
}

export function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => clone(x)) as T;
  if (isPlainObject(v)) {
    const out: Document = {};
    for (const [k, x] of Object.entries(v)) out[k] = clone(x);
    return out as T;
  }
  return v;
}

export function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let target: Document | unknown[] = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i];
    const container = target as Record<string, unknown>;
    let next = Array.isArray(target) ? target[Number(part)] : container[part];
    if (next === undefined || next === null) {
      next = {};
      if (Array.isArray(target)) padSet(target, Number(part), next);
      else container[part] = next;
    } else if (!isPlainObject(next) && !Array.isArray(next)) {
      throw new CommandError(28, `Cannot create field '${parts[i + 1]}' in element {${part}: ${JSON.stringify(next)}}`, 'PathNotViable');
    }
    target = next as Document | unknown[];
  }
  const last = parts[parts.length - 1];
  if (Array.isArray(target)) padSet(target, Number(last), value);
  else (target as Document)[last] = value;
}

function padSet(arr: unknown[], index: number, value: unknown): void {
  while (arr.length < index) arr.push(null);
  arr[index] = value;
}

export function unsetPath(doc: Document, path: string): void {
  const parts = path.split('.');
  const parent = parts.length === 1 ? doc : getPath(doc, parts.slice(0, -1).join('.'));
  const last = parts[parts.length - 1];
  if (Array.isArray(parent)) {
    if (Number(last) < parent.length) parent[Number(last)] = null;
  } else if (isPlainObject(parent)) {
    delete parent[last];
  }
}

function addNumbers(a: unknown, b: unknown, mul = false): number {
  const x = a === undefined || a === null ? (mul ? 0 : 0) : toNumber(a);
  if (Number.isNaN(x)) throw new CommandError(Codes.TypeMismatch, `Cannot apply ${mul ? '$mul' : '$inc'} to a value of non-numeric type`);
  return mul ? x * toNumber(b) : x + toNumber(b);
}

export function isUpdateWithOperators(update: Document): boolean {
  const keys = Object.keys(update);
  return keys.length > 0 && keys[0].startsWith('$');
}

/** Applies an update document (operators or replacement) and returns the new document. */
export function applyUpdate(original: Document, update: Document, isInsert: boolean): Document {
  if (!isUpdateWithOperators(update)) {
    const replacement = clone(update);
    const out: Document = original._id !== undefined ? { _id: original._id } : {};
    for (const [k, v] of Object.entries(replacement)) if (k !== '_id' || out._id === undefined) out[k] = v;
    return out;
  }
  const doc = clone(original);
  for (const [op, fields] of Object.entries(update)) {
    if (!isPlainObject(fields)) throw new CommandError(Codes.FailedToParse, `Modifiers operate on fields but we found type ${typeof fields} instead.`);
    for (const [path, arg] of Object.entries(fields)) {
      const current = getPath(doc, path);
      switch (op) {
        case '$set': setPath(doc, path, clone(arg)); break;
        case '$setOnInsert': if (isInsert) setPath(doc, path, clone(arg)); break;
        case '$unset': unsetPath(doc, path); break;
        case '$inc': setPath(doc, path, addNumbers(current, arg)); break;
        case '$mul': setPath(doc, path, addNumbers(current, arg, true)); break;
        case '$min': if (current === undefined || compareValues(arg, current) < 0) setPath(doc, path, clone(arg)); break;
        case '$max': if (current === undefined || compareValues(arg, current) > 0) setPath(doc, path, clone(arg)); break;
        case '$currentDate': setPath(doc, path, new Date()); break;
        case '$rename': {
          if (current !== undefined) {
            unsetPath(doc, path);
            setPath(doc, String(arg), current);
          }
          break;
        }
        case '$push':
        case '$addToSet': {
          const list = current === undefined ? [] : current;
          if (!Array.isArray(list)) throw new CommandError(Codes.BadValue, `The field '${path}' must be an array but is of type ${typeof list}`);
          const items = isPlainObject(arg) && Array.isArray(arg.$each) ? arg.$each : [arg];
          for (const item of items) {
            if (op === '$addToSet' && list.some((x) => valuesEqual(x, item))) continue;
            list.push(clone(item));
          }
          setPath(doc, path, list);
          break;
        }
        case '$pull': {
          if (Array.isArray(current)) {
            setPath(doc, path, current.filter((x) => (isOperatorObject(arg) ? !matchCondition([x], arg) : !valuesEqual(x, arg))));
          }
          break;
        }
        case '$pop': {
          if (Array.isArray(current)) {
            if (toNumber(arg) < 0) current.shift();
            else current.pop();
          }
          break;
        }
        default:
          throw new CommandError(Codes.FailedToParse, `Unknown modifier: ${op}`);
      }
    }
  }
  return doc;
}

/** Equality fields of an upsert's filter seed the inserted document, as mongod does. */
export function upsertSeed(filter: Document | undefined): Document {
  const seed: Document = {};
  const visit = (f: Document | undefined): void => {
    for (const [k, v] of Object.entries(f ?? {})) {
      if (k === '$and' && Array.isArray(v)) v.forEach((x) => visit(x as Document));
      else if (k.startsWith('$')) continue;
      else if (isOperatorObject(v)) {
        if ('$eq' in v) setPath(seed, k, clone(v.$eq));
      } else setPath(seed, k, clone(v));
    }
  };
  visit(filter);
  return seed;
}

export function ensureId(doc: Document): Document {
  if (doc._id !== undefined) return doc;
  return { _id: new ObjectId(), ...doc };
}

export function numberOf(v: unknown, fallback = 0): number {
  if (v === undefined || v === null) return fallback;
  const n = toNumber(v);
  return Number.isNaN(n) ? fallback : n;
}
