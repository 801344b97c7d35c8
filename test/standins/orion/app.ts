// Orion 1.12.0 stand-in HTTP app: a route table (GET /version now; the NGSI routes are added by the flow work).
import * as http from 'node:http';
import { randomUUID } from 'node:crypto';

export const ORION_VERSION = '1.12.0';

/** Build facts of the 1.12.0 release; compile_* are placeholders of the real shape. */
const BUILD = {
  git_hash: '199116d53b9d35a8aa13c5774eaf4bd6d74edc95',
  compile_time: 'Wed Feb 21 15:10:47 UTC 2018',
  compiled_by: 'root',
  compiled_in: '1dcf6ee6e2ce',
  release_date: 'Wed Feb 21 15:10:47 UTC 2018',
  doc: `https://fiware-orion.readthedocs.org/en/${ORION_VERSION}/`,
};

export interface OrionRequest {
  req: http.IncomingMessage;
  url: URL;
  params: Record<string, string>;
  body: string;
}

export interface OrionReply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export type OrionHandler = (r: OrionRequest) => OrionReply | Promise<OrionReply>;

/** Orion's "d, h, m, s" uptime text. */
export function parsedUptime(seconds: number): string {
  const s = Math.floor(seconds);
  const minutes = Math.floor(s / 60);
  const hours = Math.floor(minutes / 60);
  return `${Math.floor(hours / 24)} d, ${hours % 24} h, ${minutes % 60} m, ${s % 60} s`;
}

/** The body Orion 1.12 writes for GET /version, byte for byte in layout. */
export function versionBody(uptimeSeconds: number): string {
  return '{\n'
    + '"orion" : {\n'
    + `  "version" : "${ORION_VERSION}",\n`
    + `  "uptime" : "${parsedUptime(uptimeSeconds)}",\n`
    + `  "git_hash" : "${BUILD.git_hash}",\n`
    + `  "compile_time" : "${BUILD.compile_time}",\n`
    + `  "compiled_by" : "${BUILD.compiled_by}",\n`
    + `  "compiled_in" : "${BUILD.compiled_in}",\n`
    + `  "release_date" : "${BUILD.release_date}",\n`
    + `  "doc" : "${BUILD.doc}"\n`
    + '}\n'
    + '}\n';
}

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: OrionHandler;
}

export interface OrionApp {
  server: http.Server;
  /** Adds a route; `path` uses `{name}` placeholders. */
  route(method: string, path: string, handler: OrionHandler): void;
}

export function createOrionApp(opts: { now?: () => number; log?: (line: string) => void } = {}): OrionApp {
  const now = opts.now ?? Date.now;
  const started = now();
  const routes: Route[] = [];
  const log = opts.log ?? (() => undefined);

  function route(method: string, path: string, handler: OrionHandler): void {
    const keys: string[] = [];
    const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, k: string) => { keys.push(k); return '([^/]+)'; });
    routes.push({ method, pattern: new RegExp(`^${source}$`), keys, handler });
  }

  route('GET', '/version', () => ({
    status: 200,
    body: versionBody((now() - started) / 1000),
    headers: { 'Content-Type': 'application/json' },
  }));

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://orion');
        let reply: OrionReply;
        const match = routes
          .map((r) => ({ r, m: r.pattern.exec(url.pathname) }))
          .find(({ r, m }) => m && r.method === req.method);
        try {
          if (match && match.m) {
            const params: Record<string, string> = {};
            match.r.keys.forEach((k, i) => { params[k] = decodeURIComponent(match.m![i + 1]); });
            reply = await match.r.handler({ req, url, params, body: Buffer.concat(chunks).toString('utf8') });
          } else {
            reply = {
              status: 400,
              body: JSON.stringify({ orionError: { code: '400', reasonPhrase: 'Bad Request', details: 'Service not found. Check your URL as probably it is wrong.' } }),
              headers: { 'Content-Type': 'application/json' },
            };
          }
        } catch (err) {
          reply = { status: 500, body: JSON.stringify({ error: 'InternalServerError', description: String(err) }), headers: { 'Content-Type': 'application/json' } };
        }
        const correlator = (req.headers['fiware-correlator'] as string | undefined) ?? randomUUID();
        res.writeHead(reply.status, { 'Fiware-Correlator': correlator, ...(reply.headers ?? {}) });
        res.end(reply.body ?? '');
        log(`${req.method} ${req.url} -> ${reply.status}`);
      })();
    });
  });
  return { server, route };
}
