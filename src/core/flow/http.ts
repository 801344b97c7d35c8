// One HTTP exchange of the flow through undici, recorded as a step with request, response and timing.
import type { FlowStep, StepName, StepRequest } from './types';

/** Answers longer than this are cut in the record: a step card is for reading, not for archiving. */
const MAX_BODY = 64 * 1024;

export interface ExchangeOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Decides `ok` from the status; 2xx by default. */
  readonly accept?: (status: number) => boolean;
}

export async function exchange(name: StepName, request: StepRequest, opts: ExchangeOptions): Promise<FlowStep> {
  // undici loads on first use, keeping activation cheap.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { request: send } = require('undici') as typeof import('undici');
  const started = Date.now();
  const signal = opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs)]) : AbortSignal.timeout(opts.timeoutMs);
  const base = { name, request, startedAt: new Date(started).toISOString(), attempts: 1 };
  try {
    const res = await send(request.url, {
      method: request.method as 'GET',
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      signal,
    });
    let body = await res.body.text();
    if (body.length > MAX_BODY) body = `${body.slice(0, MAX_BODY)}…`;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const accept = opts.accept ?? ((s: number) => s >= 200 && s < 300);
    return { ...base, response: { status: res.statusCode, headers, body }, durationMs: Date.now() - started, ok: accept(res.statusCode) };
  } catch (err) {
    return { ...base, error: describeError(err, opts.timeoutMs), durationMs: Date.now() - started, ok: false };
  }
}

function describeError(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.code === 'UND_ERR_CONNECT_TIMEOUT') return `no answer within ${timeoutMs} ms`;
  if (e.name === 'AbortError') return 'cancelled';
  const code = e.code ?? e.cause?.code;
  return code ? `${code}: ${e.cause?.message ?? e.message ?? ''}`.trim() : e.message ?? String(err);
}

export function parseJson<T>(body: string | undefined): T | undefined {
  if (!body) return undefined;
  try {
    return JSON.parse(body) as T;
  } catch {
    return undefined;
  }
}
