// STH-Comet 2.2.0 stand-in HTTP app: a route table (GET /version now; /notify and the history queries come with the flow work).
import * as http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { MongoDbLike } from './driver';

export const STH_VERSION = '2.2.0';

export interface SthRequest {
  req: http.IncomingMessage;
  url: URL;
  params: Record<string, string>;
  body: string;
}

export interface SthReply {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export type SthHandler = (r: SthRequest) => SthReply | Promise<SthReply>;

export interface SthAppContext {
  /** The database handle STH opened at start (database sth_<default service>); undefined in unit tests. */
  db?: MongoDbLike;
  log?: (line: string) => void;
}

export interface SthApp {
  server: http.Server;
  route(method: string, path: string, handler: SthHandler): void;
  /** Requests answered since the last reset (STH's "Everything OK, N requests attended" line). */
  attended(): number;
  resetAttended(): void;
}

export function createSthApp(ctx: SthAppContext = {}): SthApp {
  const routes: { method: string; pattern: RegExp; keys: string[]; handler: SthHandler }[] = [];
  let attended = 0;

  function route(method: string, path: string, handler: SthHandler): void {
    const keys: string[] = [];
    const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, k: string) => { keys.push(k); return '([^/]+)'; });
    routes.push({ method, pattern: new RegExp(`^${source}$`), keys, handler });
  }

  route('GET', '/version', () => ({ status: 200, json: { version: STH_VERSION } }));

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        attended++;
        const url = new URL(req.url ?? '/', 'http://sth');
        let reply: SthReply;
        try {
          let found: SthReply | undefined;
          for (const r of routes) {
            const m = r.method === req.method ? r.pattern.exec(url.pathname) : null;
            if (!m) continue;
            const params: Record<string, string> = {};
            r.keys.forEach((k, i) => { params[k] = decodeURIComponent(m[i + 1]); });
            found = await r.handler({ req, url, params, body: Buffer.concat(chunks).toString('utf8') });
            break;
          }
          reply = found ?? { status: 404, json: { statusCode: 404, error: 'Not Found' } };
        } catch (err) {
          reply = { status: 500, json: { statusCode: 500, error: 'Internal Server Error', message: 'An internal server error occurred' } };
          ctx.log?.(`${req.method} ${url.pathname} failed: ${String(err)}`);
        }
        const headers: Record<string, string> = {
          'fiware-correlator': (req.headers['fiware-correlator'] as string | undefined) ?? randomUUID(),
          ...(reply.json !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
          ...(reply.headers ?? {}),
        };
        res.writeHead(reply.status, headers);
        res.end(reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? ''));
      })();
    });
  });

  return { server, route, attended: () => attended, resetAttended: () => { attended = 0; } };
}
