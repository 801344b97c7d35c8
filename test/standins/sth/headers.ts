// STH-Comet's header check on /notify and on queries, with its two differently worded messages.
import type { IncomingHttpHeaders } from 'node:http';
import { badRequest } from './errors';
import type { SthReply } from './app';

export interface FiwareScope {
  service: string;
  servicePath: string;
}

/**
 * STH's own validator (not Joi): a missing or empty Fiware-Service gives a message that starts with
 * `error=`, a missing Fiware-ServicePath one that does not. Values are used as sent, case included.
 */
export function checkFiwareHeaders(headers: IncomingHttpHeaders): FiwareScope | SthReply {
  const service = headers['fiware-service'];
  const servicePath = headers['fiware-servicepath'];
  if (!service || Array.isArray(service)) {
    return badRequest('error=child "fiware-service" fails because [fiware-service is required]', { source: 'headers', keys: [] });
  }
  if (!servicePath || Array.isArray(servicePath)) {
    return badRequest('child "fiware-servicepath" fails because [fiware-servicepath is required]', { source: 'headers', keys: [] });
  }
  return { service, servicePath };
}

export function isReply(x: FiwareScope | SthReply): x is SthReply {
  return (x as SthReply).status !== undefined;
}
