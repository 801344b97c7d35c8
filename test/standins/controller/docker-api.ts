// Minimal Docker Engine API client over the unix socket (plain node http, no dependencies).
import * as http from 'node:http';

export interface DockerApiOptions {
  socketPath?: string;
  timeoutMs?: number;
}

export class DockerApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export class DockerApi {
  readonly socketPath: string;
  readonly timeoutMs: number;

  constructor(opts: DockerApiOptions = {}) {
    this.socketPath = opts.socketPath ?? '/var/run/docker.sock';
    this.timeoutMs = opts.timeoutMs ?? 15_000;
  }

  request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request({
        socketPath: this.socketPath,
        method,
        path,
        headers: { Host: 'docker', ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}) },
        timeout: this.timeoutMs,
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status >= 400) {
            let message = text;
            try { message = (JSON.parse(text) as { message?: string }).message ?? text; } catch { /* not JSON */ }
            reject(new DockerApiError(status, `${method} ${path}: ${status} ${message}`));
            return;
          }
          try { resolve((text ? JSON.parse(text) : undefined) as T); } catch (err) { reject(err); }
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  listServices(): Promise<SwarmService[]> {
    return this.request('GET', '/services');
  }

  listTasks(filters: Record<string, string[]>): Promise<SwarmTask[]> {
    return this.request('GET', `/tasks?filters=${encodeURIComponent(JSON.stringify(filters))}`);
  }
}

/** The fields of a swarm service the rehearsal and the controller read. */
export interface SwarmService {
  ID: string;
  Spec: {
    Name: string;
    Labels?: Record<string, string>;
    Mode?: { Replicated?: { Replicas?: number }; Global?: Record<string, never> };
    TaskTemplate?: { ContainerSpec?: { Image?: string } };
    EndpointSpec?: { Mode?: string; Ports?: { TargetPort: number; PublishedPort?: number; PublishMode?: string }[] };
  };
}

export interface SwarmTask {
  ID: string;
  ServiceID: string;
  Slot?: number;
  NodeID?: string;
  DesiredState: string;
  Status: { State: string; Timestamp?: string; Err?: string; ContainerStatus?: { ContainerID?: string; ExitCode?: number } };
  NetworksAttachments?: { Network: { Spec: { Name: string } }; Addresses: string[] }[];
}
