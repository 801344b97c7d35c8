// A unix-socket proxy in front of the Docker engine that counts the API requests passing through and can delay the engine's answers.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ProxiedRequest {
  readonly method: string;
  /** Path without the API version prefix or the query (`/services`, `/tasks`, `/events`). */
  readonly path: string;
  readonly at: number;
  /** Set when the client hung up before the engine's first answer byte reached it: the call was cancelled. */
  clientClosedBeforeAnswer?: boolean;
  answered?: boolean;
}

export interface EngineProxy {
  /** `unix:///tmp/...sock`, for DOCKER_HOST or `--host`. */
  readonly host: string;
  readonly socketPath: string;
  readonly requests: ProxiedRequest[];
  /** Delay added before each chunk of the engine's answer is passed on; change it at any time. */
  delayMs: number;
  /** Client connections still open. */
  openConnections(): number;
  /** Requests whose path is not the event stream (which stays open and says nothing about a refresh). */
  apiCalls(): ProxiedRequest[];
  reset(): void;
  close(): Promise<void>;
}

const REQUEST_LINE = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/;

/** Starts a proxy on a fresh socket in the temp dir; `close()` removes it and cuts every connection. */
export async function startEngineProxy(opts: { engineSocket?: string; delayMs?: number } = {}): Promise<EngineProxy> {
  const engineSocket = opts.engineSocket ?? '/var/run/docker.sock';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'comet-swarm-proxy-'));
  const socketPath = path.join(dir, 'docker.sock');
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<net.Socket>();
  const clients = new Set<net.Socket>();
  const state = { delayMs: opts.delayMs ?? 0 };

  const server = net.createServer((client) => {
    sockets.add(client);
    clients.add(client);
    const engine = net.connect(engineSocket);
    sockets.add(engine);
    // Requests on this connection still waiting for their answer, oldest first (HTTP/1.1 answers in order).
    const waiting: ProxiedRequest[] = [];
    let head = Buffer.alloc(0);
    let bodyLeft = 0;
    let clientGone = false;
    let chain = Promise.resolve();

    client.on('data', (chunk: Buffer) => {
      engine.write(chunk);
      parseRequests(chunk);
    });
    engine.on('data', (chunk: Buffer) => {
      const due = Date.now() + state.delayMs;
      // Chunks keep their order: each waits for the one before it, then for its own due time.
      chain = chain.then(async () => {
        const wait = due - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (clientGone) return;
        const first = waiting.shift();
        if (first) first.answered = true;
        client.write(chunk);
      });
    });
    const closeBoth = (): void => {
      if (!clientGone) {
        clientGone = true;
        for (const r of waiting) if (!r.answered) r.clientClosedBeforeAnswer = true;
      }
      client.destroy();
      engine.destroy();
      sockets.delete(client);
      sockets.delete(engine);
      clients.delete(client);
    };
    client.on('close', closeBoth);
    client.on('error', closeBoth);
    engine.on('close', () => void chain.then(closeBoth));
    engine.on('error', () => void chain.then(closeBoth));

    /** Reads request heads (and skips bodies by Content-Length) so that each request is counted once. */
    function parseRequests(chunk: Buffer): void {
      let data = chunk;
      while (data.length > 0) {
        if (bodyLeft > 0) {
          const skip = Math.min(bodyLeft, data.length);
          bodyLeft -= skip;
          data = data.subarray(skip);
          continue;
        }
        head = Buffer.concat([head, data]);
        data = Buffer.alloc(0);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        const lines = head.subarray(0, end).toString('latin1').split('\r\n');
        const rest = head.subarray(end + 4);
        head = Buffer.alloc(0);
        const match = REQUEST_LINE.exec(lines[0]);
        if (match) {
          const request: ProxiedRequest = { method: match[1], path: match[2].split('?')[0].replace(/^\/v[\d.]+/, ''), at: Date.now() };
          requests.push(request);
          waiting.push(request);
        }
        const length = lines.map((l) => /^content-length:\s*(\d+)$/i.exec(l)?.[1]).find(Boolean);
        bodyLeft = length ? Number(length) : 0;
        data = rest;
      }
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });

  return {
    host: `unix://${socketPath}`,
    socketPath,
    requests,
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    openConnections: () => clients.size,
    apiCalls: () => requests.filter((r) => r.path !== '/events'),
    reset: () => {
      requests.length = 0;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
