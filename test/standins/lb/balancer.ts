// A tiny TCP load balancer for the rehearsal: stands in for the swarm routing mesh that this kernel lacks.
import * as net from 'node:net';
import { promises as dns } from 'node:dns';

export interface BalancerOptions {
  /** Name whose addresses are the backends, e.g. `tasks.comet_comet`. */
  targetHost: string;
  targetPort: number;
  /** How often the name is looked up again (tasks come and go). */
  resolveEveryMs?: number;
  /** How long one backend may take to accept a connection before the next is tried. */
  connectTimeoutMs?: number;
  /** Injected in tests; defaults to the system resolver (Docker's embedded DNS in a task). */
  resolve?: (host: string) => Promise<string[]>;
  log?: (line: string) => void;
}

export interface Balancer {
  server: net.Server;
  /** Addresses currently balanced over. */
  backends(): string[];
  /** Looks the target name up now. */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

async function systemResolve(host: string): Promise<string[]> {
  const found = await dns.lookup(host, { all: true, family: 4 });
  return found.map((a) => a.address);
}

export function createBalancer(opts: BalancerOptions): Balancer {
  const resolve = opts.resolve ?? systemResolve;
  const log = opts.log ?? (() => undefined);
  const connectTimeoutMs = opts.connectTimeoutMs ?? 3_000;
  let addresses: string[] = [];
  let next = 0;

  async function refresh(): Promise<void> {
    try {
      const found = (await resolve(opts.targetHost)).sort();
      if (found.join(',') !== addresses.join(',')) log(`backends of ${opts.targetHost}: ${found.join(', ') || '(none)'}`);
      addresses = found;
    } catch (err) {
      if (addresses.length) log(`backends of ${opts.targetHost}: (none) (${(err as Error).message})`);
      addresses = [];
    }
  }

  function connectTo(address: string): Promise<net.Socket> {
    return new Promise((resolveSocket, reject) => {
      const upstream = net.connect({ host: address, port: opts.targetPort });
      const timer = setTimeout(() => upstream.destroy(new Error(`connect to ${address} timed out`)), connectTimeoutMs);
      upstream.once('connect', () => { clearTimeout(timer); resolveSocket(upstream); });
      upstream.once('error', (err) => { clearTimeout(timer); reject(err); });
    });
  }

  const server = net.createServer((client) => {
    client.pause();
    client.on('error', () => undefined);
    void (async () => {
      if (!addresses.length) await refresh();
      // Round robin; a backend that refuses is skipped, each tried at most once per connection.
      const candidates = addresses.length;
      for (let i = 0; i < candidates; i++) {
        const address = addresses[next++ % addresses.length];
        try {
          const upstream = await connectTo(address);
          upstream.on('error', () => client.destroy());
          client.on('close', () => upstream.destroy());
          upstream.on('close', () => client.destroy());
          client.pipe(upstream);
          upstream.pipe(client);
          client.resume();
          return;
        } catch (err) {
          log(`backend ${address}:${opts.targetPort} failed: ${(err as Error).message}`);
        }
      }
      client.destroy();
    })();
  });

  const timer = setInterval(() => void refresh(), opts.resolveEveryMs ?? 2_000);
  timer.unref();
  void refresh();

  return {
    server,
    backends: () => [...addresses],
    refresh,
    close: () => new Promise((r) => { clearInterval(timer); server.close(() => r()); }),
  };
}
