// The query parameters of STH-Comet's history routes, checked with the messages its Joi 5 schema gives through hapi 8.
import { METHODS, RESOLUTIONS, type AggrMethod, type Resolution } from './aggregate';
import { badRequest } from './errors';
import type { SthReply } from './app';
import type { SthPersona } from './persona';

export interface HistoryQuery {
  lastN?: number;
  hLimit?: number;
  hOffset?: number;
  aggrMethod?: AggrMethod;
  aggrPeriod?: Resolution;
  dateFrom?: Date;
  dateTo?: Date;
  filetype?: string;
  count?: boolean;
  type?: string;
}

function failure(key: string, reason: string): SthReply {
  return badRequest(`child "${key}" fails because ["${key}" ${reason}]`, { source: 'query', keys: [key] });
}

/** Joi's date(): milliseconds or anything Date.parse accepts. */
function joiDate(raw: string): Date | undefined {
  const d = /^-?\d+(\.\d+)?$/.test(raw) ? new Date(Number(raw)) : new Date(raw);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function parseHistoryQuery(params: URLSearchParams, persona: SthPersona, v2: boolean): HistoryQuery | SthReply {
  const known = new Set(['lastN', 'hLimit', 'hOffset', 'aggrMethod', 'aggrPeriod', 'dateFrom', 'dateTo', 'filetype']);
  if (persona.hasCount) known.add('count');
  if (v2) known.add('type');
  const q: HistoryQuery = {};
  for (const [key, raw] of params) {
    if (!known.has(key)) return badRequest(`"${key}" is not allowed`, { source: 'query', keys: [key] });
    switch (key) {
      case 'lastN':
      case 'hLimit':
      case 'hOffset': {
        const n = Number(raw);
        if (raw.trim() === '' || Number.isNaN(n)) return failure(key, 'must be a number');
        if (!Number.isInteger(n)) return failure(key, 'must be an integer');
        if (n <= -1) return failure(key, 'must be greater than -1');
        q[key] = n;
        break;
      }
      case 'aggrMethod':
        if (!(METHODS as readonly string[]).includes(raw)) return failure(key, `must be one of [${METHODS.join(', ')}]`);
        q.aggrMethod = raw as AggrMethod;
        break;
      case 'aggrPeriod':
        if (!(RESOLUTIONS as readonly string[]).includes(raw)) return failure(key, `must be one of [${RESOLUTIONS.join(', ')}]`);
        q.aggrPeriod = raw as Resolution;
        break;
      case 'dateFrom':
      case 'dateTo': {
        const d = joiDate(raw);
        if (!d) return failure(key, 'must be a number of milliseconds or valid date string');
        q[key] = d;
        break;
      }
      case 'count':
        if (raw !== 'true' && raw !== 'false') return failure(key, 'must be a boolean');
        q.count = raw === 'true';
        break;
      default:
        q[key as 'filetype' | 'type'] = raw;
    }
  }
  if (v2 && !q.type) return badRequest('child "type" fails because ["type" is required]', { source: 'query', keys: ['type'] });
  return q;
}

export function isQuery(x: HistoryQuery | SthReply): x is HistoryQuery {
  return (x as SthReply).status === undefined;
}

export type HistoryKind = 'raw' | 'aggregated';

/** Which history a valid query asks for, or STH's 400 naming the parameters it needs. */
export function historyKind(q: HistoryQuery): HistoryKind | SthReply {
  if (q.lastN !== undefined || (q.hLimit !== undefined && q.hOffset !== undefined) || q.filetype?.toLowerCase() === 'csv') return 'raw';
  if (q.aggrMethod && q.aggrPeriod) return 'aggregated';
  return badRequest('A combination of the following query params is required: lastN, hLimit and hOffset, filetype, or aggrMethod and aggrPeriod', {
    source: 'query',
    keys: ['lastN', 'hLimit', 'hOffset', 'filetype', 'aggrMethod', 'aggrPeriod'],
  });
}
