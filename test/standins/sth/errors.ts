// STH-Comet's error answers: hapi 8's Boom bodies for NGSIv1 routes, {error, description} for NGSIv2 ones.
import type { SthReply } from './app';

export interface Validation {
  source: 'headers' | 'query' | 'payload' | 'params';
  keys: string[];
}

export function badRequest(message: string, validation?: Validation): SthReply {
  return { status: 400, json: { statusCode: 400, error: 'Bad Request', message, ...(validation ? { validation } : {}) } };
}

export function internalError(): SthReply {
  return { status: 500, json: { statusCode: 500, error: 'Internal Server Error', message: 'An internal server error occurred' } };
}

/** STH 2.7+ rewrites Boom errors of its v2 route as `{error: "BadRequest", description}`. */
export function asV2Error(reply: SthReply): SthReply {
  const body = reply.json as { error?: string; message?: string } | undefined;
  if (reply.status < 400 || !body?.error) return reply;
  return { ...reply, json: { error: body.error.replace(/ /, ''), description: body.message ?? '' } };
}
