// Aggregated history as STH-Comet keeps it: one document per attribute, origin and resolution, with prepopulated points.
import type { CollectionLike } from './collections';

export const RESOLUTIONS = ['month', 'day', 'hour', 'minute', 'second'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
export const METHODS = ['max', 'min', 'sum', 'sum2', 'occur'] as const;
export type AggrMethod = (typeof METHODS)[number];
/** STH's default `aggregationBy`. */
export const DEFAULT_AGGREGATION_BY: Resolution[] = ['day', 'hour', 'minute'];

/** The start of the period a date falls in: the minute for `second`, the hour for `minute`, and so on. */
export function originOf(date: Date, resolution: Resolution): Date {
  const y = date.getUTCFullYear();
  const parts = [y, date.getUTCMonth(), date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()];
  const keep = { month: 1, day: 2, hour: 3, minute: 4, second: 5 }[resolution];
  const [, mo, d, h, mi] = parts;
  return new Date(Date.UTC(y, keep > 1 ? mo : 0, keep > 2 ? d : 1, keep > 3 ? h : 0, keep > 4 ? mi : 0, 0));
}

/** The point's offset inside its origin; days and months count from 1, as STH does. */
export function offsetOf(date: Date, resolution: Resolution): number {
  switch (resolution) {
    case 'second': return date.getUTCSeconds();
    case 'minute': return date.getUTCMinutes();
    case 'hour': return date.getUTCHours();
    case 'day': return date.getUTCDate();
    case 'month': return date.getUTCMonth() + 1;
  }
}

/** Days and months start at offset 1, so the point at offset N sits at index N-1. */
function firstOffset(resolution: Resolution): number {
  return resolution === 'day' || resolution === 'month' ? 1 : 0;
}

function pointsFor(resolution: Resolution, numeric: boolean): Record<string, unknown>[] {
  const total = { second: 60, minute: 60, hour: 24, day: 32, month: 13 }[resolution];
  const points: Record<string, unknown>[] = [];
  for (let offset = firstOffset(resolution); offset < total; offset++) {
    points.push(numeric
      ? { offset, samples: 0, sum: 0, sum2: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY }
      : { offset, samples: 0, occur: {} });
  }
  return points;
}

/** STH's test of "numeric": what `isNaN` accepts, blank strings excepted. */
export function isNumericValue(value: unknown): boolean {
  if (typeof value === 'string' && value.trim() === '') return false;
  return !Number.isNaN(Number(value)) && (typeof value === 'number' || typeof value === 'string');
}

export interface AggregateSample {
  attrName: string;
  attrType: string;
  attrValue: string | number;
  timestamp: Date;
}

/**
 * Prepopulates the document of each resolution (upsert with $setOnInsert), then adds the sample at
 * its point's index. STH uses the positional `points.$` operator for numbers; the index is the same
 * point, and every write stays one atomic update in Mongo, so concurrent replicas never lose one.
 */
export async function storeAggregate(collection: CollectionLike, sample: AggregateSample, resolutions: readonly Resolution[] = DEFAULT_AGGREGATION_BY): Promise<void> {
  const numeric = isNumericValue(sample.attrValue);
  for (const resolution of resolutions) {
    const filter = { '_id.attrName': sample.attrName, '_id.origin': originOf(sample.timestamp, resolution), '_id.resolution': resolution };
    await collection.updateOne(filter, { $setOnInsert: { attrType: sample.attrType, points: pointsFor(resolution, numeric) } }, { upsert: true });
    const at = `points.${offsetOf(sample.timestamp, resolution) - firstOffset(resolution)}`;
    if (numeric) {
      const n = Number(sample.attrValue);
      await collection.updateOne(filter, {
        $set: { attrType: sample.attrType },
        $inc: { [`${at}.samples`]: 1, [`${at}.sum`]: n, [`${at}.sum2`]: n * n },
        $min: { [`${at}.min`]: n },
        $max: { [`${at}.max`]: n },
      });
    } else {
      // STH escapes `$` and `.` in textual values with their full-width twins to use them as keys.
      const key = String(sample.attrValue).replace(/\$/g, '\uFF04').replace(/\./g, '\uFF0E');
      await collection.updateOne(filter, { $set: { attrType: sample.attrType }, $inc: { [`${at}.samples`]: 1, [`${at}.occur.${key}`]: 1 } });
    }
  }
}

export interface AggregateQuery {
  attrName: string;
  method: AggrMethod;
  resolution: Resolution;
  from?: Date;
  to?: Date;
}

/**
 * What STH answers with `filterOutEmpty` on (its default): per origin, the points with samples,
 * each as {offset, samples, <method>}, and the points outside dateFrom/dateTo dropped.
 */
export async function readAggregate(collection: CollectionLike, q: AggregateQuery): Promise<Record<string, unknown>[]> {
  const filter: Record<string, unknown> = { '_id.attrName': q.attrName, '_id.resolution': q.resolution };
  const origin: Record<string, Date> = {};
  if (q.from) origin.$gte = originOf(q.from, q.resolution);
  if (q.to) origin.$lte = originOf(q.to, q.resolution);
  if (Object.keys(origin).length) filter['_id.origin'] = origin;
  const docs = await collection.find(filter).sort({ '_id.origin': 1 }).toArray();
  const out: Record<string, unknown>[] = [];
  for (const doc of docs) {
    const id = doc._id as { attrName: string; origin: Date; resolution: string };
    const sameOrigin = (d: Date | undefined): boolean => !!d && originOf(d, q.resolution).getTime() === new Date(id.origin).getTime();
    const points = ((doc.points as Record<string, unknown>[]) ?? [])
      .filter((p) => Number(p.samples) > 0)
      .filter((p) => !(sameOrigin(q.from) && Number(p.offset) < offsetOf(q.from!, q.resolution)))
      .filter((p) => !(sameOrigin(q.to) && Number(p.offset) > offsetOf(q.to!, q.resolution)))
      .map((p) => ({ offset: p.offset, samples: p.samples, [q.method]: p[q.method] }));
    if (points.length) out.push({ _id: { attrName: id.attrName, origin: id.origin, resolution: id.resolution }, points });
  }
  return out;
}
