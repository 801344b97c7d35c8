// Splits MONGO_SERVICE_URI as STH-Comet uses it (DB_URI, after 'mongodb://' and before '/?replicaSet=...') and names what cannot work there.

import type { FindingCode } from './finding';

export interface DbUriHost {
  readonly host: string;
  readonly start: number;
  readonly end: number;
  readonly port?: string;
}

export interface DbUriProblem {
  readonly code: FindingCode;
  /** Offsets in the value. */
  readonly start: number;
  readonly end: number;
  readonly message: string;
  /** What the offending characters should become ('' removes them), when that is clear. */
  readonly replacement?: string;
  readonly fixTitle?: string;
}

export interface DbUriAnalysis {
  readonly hosts: readonly DbUriHost[];
  readonly problems: readonly DbUriProblem[];
  /** The value with every problem's replacement applied. */
  readonly corrected: string;
}

// Docker service names may hold `_` and `-`; an IPv4 address passes as a name too.
const HOST_NAME = /^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*$/;

export function analyzeDbUri(value: string): DbUriAnalysis {
  const problems: DbUriProblem[] = [];
  // Carriage returns have their own finding; leave them out of the address.
  let end = value.length;
  while (end > 0 && value[end - 1] === '\r') end--;
  if (end === 0) {
    return { hosts: [], problems: [{ code: 'mongo-uri-empty', start: 0, end: value.length, message: 'MONGO_SERVICE_URI is empty: STH-Comet then connects to "mongodb:///". Set it to the Mongo service, e.g. mongo-rs_mongo.' }], corrected: value };
  }
  for (let i = 0; i < end; i++) {
    if (value[i] === '"' || value[i] === "'") {
      problems.push({ code: 'mongo-uri-quotes', start: i, end: i + 1, message: `MONGO_SERVICE_URI holds a ${value[i] === '"' ? 'double' : 'single'} quote after the shell has read it, and STH-Comet would pass it to Mongo as part of the host name. Remove the quote (bash already strips the outer ones of "value").`, replacement: '', fixTitle: 'Remove the quotes' });
    }
  }
  let cursor = 0;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(value.slice(0, end));
  if (scheme) {
    problems.push({ code: 'mongo-uri-scheme', start: 0, end: scheme[0].length, message: `MONGO_SERVICE_URI must not start with ${scheme[0]}: STH-Comet adds 'mongodb://' itself, so it would connect to a host named "${scheme[0].split(':')[0]}". Remove the scheme.`, replacement: '', fixTitle: `Remove ${scheme[0]}` });
    cursor = scheme[0].length;
  }
  const rest = value.slice(cursor, end);
  const slash = rest.search(/[/?]/);
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const at = authority.lastIndexOf('@');
  let hostsStart = cursor;
  if (at >= 0) {
    problems.push({ code: 'mongo-uri-credentials', start: cursor, end: cursor + at + 1, message: 'MONGO_SERVICE_URI must not carry credentials: STH-Comet builds the URI itself (its DB_USERNAME and DB_PASSWORD settings add them). Remove "user:password@".', replacement: '', fixTitle: 'Remove the credentials' });
    hostsStart = cursor + at + 1;
  }
  if (slash >= 0) {
    const tailStart = cursor + slash;
    const question = value.indexOf('?', tailStart);
    const pathEnd = question < 0 || question >= end ? end : question;
    if (value[tailStart] === '/' && pathEnd > tailStart) {
      problems.push({ code: 'mongo-uri-path', start: tailStart, end: pathEnd, message: `MONGO_SERVICE_URI must not hold a path ("${value.slice(tailStart, pathEnd)}"): STH-Comet appends '/' and its own options. Remove it.`, replacement: '', fixTitle: 'Remove the path' });
    }
    if (question >= 0 && question < end) {
      const query = value.slice(question, end);
      const setName = /replicaSet=([^&]*)/.exec(query)?.[1];
      problems.push({ code: 'mongo-uri-query', start: question, end, message: `MONGO_SERVICE_URI must not hold options ("${query}"): STH-Comet appends ?replicaSet= from REPLICASET_NAME${setName !== undefined ? `; put ${setName || 'the set name'} in REPLICASET_NAME instead` : ''}. Remove them.`, replacement: '', fixTitle: 'Remove the options' });
    }
  }
  const hostsEnd = slash < 0 ? end : cursor + slash;
  const hosts: DbUriHost[] = [];
  let entryStart = hostsStart;
  for (const entry of value.slice(hostsStart, hostsEnd).split(',')) {
    const entryEnd = entryStart + entry.length;
    const clean = entry.replace(/["']/g, '');
    if (clean === '') {
      problems.push({ code: 'mongo-uri-host', start: entryStart, end: Math.max(entryEnd, entryStart + 1), message: 'MONGO_SERVICE_URI has an empty host in its list. Write host[:port] entries separated by single commas.' });
    } else {
      const bracketed = /^\[([0-9A-Fa-f:.]+)\](?::(.*))?$/.exec(clean);
      const colon = clean.lastIndexOf(':');
      const host = bracketed ? bracketed[1] : colon >= 0 ? clean.slice(0, colon) : clean;
      const port = bracketed ? bracketed[2] : colon >= 0 ? clean.slice(colon + 1) : undefined;
      const portStart = entryStart + entry.lastIndexOf(':') + 1;
      if (!bracketed && !HOST_NAME.test(host)) {
        problems.push({ code: 'mongo-uri-host', start: entryStart, end: colon >= 0 ? entryStart + entry.lastIndexOf(':') : entryEnd, message: `"${host}" is not a valid host name for MONGO_SERVICE_URI. Use the Mongo service's name (e.g. mongo-rs_mongo), an alias or an IP address, optionally with :port.` });
      } else {
        hosts.push({ host, start: entryStart, end: entryStart + entry.indexOf(host) + host.length, port });
      }
      if (port !== undefined && !(/^[0-9]{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
        problems.push({ code: 'mongo-uri-port', start: portStart, end: Math.max(entryEnd, portStart), message: `"${port}" is not a valid port: use a number from 1 to 65535 (Mongo listens on 27017), or leave ":port" out.` });
      }
    }
    entryStart = entryEnd + 1;
  }
  let corrected = '';
  let last = 0;
  for (const problem of [...problems].filter((p) => p.replacement !== undefined).sort((a, b) => a.start - b.start)) {
    if (problem.start < last) continue;
    corrected += value.slice(last, problem.start) + problem.replacement;
    last = problem.end;
  }
  corrected += value.slice(last);
  return { hosts, problems, corrected };
}
