// The tenant and service path of an Orion request, and its JSON answers.
import type { IncomingMessage } from 'node:http';
import type { OrionReply } from './app';

export interface Scope {
  /** '' is the default tenant. */
  tenant: string;
  servicePath: string;
}

/** Orion lower-cases Fiware-Service, and ignores it unless started with -multiservice. */
export function scopeOf(req: IncomingMessage, multiservice: boolean): Scope {
  const service = String(req.headers['fiware-service'] ?? '');
  const path = String(req.headers['fiware-servicepath'] ?? '').trim();
  return { tenant: multiservice ? service.toLowerCase() : '', servicePath: path || '/' };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): OrionReply {
  return { status, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } };
}

export function v2Error(status: number, error: string, description: string): OrionReply {
  return json(status, { error, description });
}

export function parseJson(body: string): { ok: true; value: unknown } | { ok: false; reply: OrionReply } {
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    return { ok: false, reply: v2Error(400, 'ParseError', 'Errors found in incoming JSON buffer') };
  }
}
