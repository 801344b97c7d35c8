// Holds the latest swarm status and refreshes it: on demand, and on a bounded poll while the view is visible.
import * as vscode from 'vscode';
import { createDockerClient, type DockerClient } from '../core/docker/client';
import { EndpointSyntaxError, resolveDockerEndpoint, type ResolvedEndpoint } from '../core/docker/endpoint';
import { collectStatus, type SwarmStatus } from '../core/status/collect';
import { dockerConnectionSettings, mongoUriSetting, refreshIntervalMs } from '../vscode/settings';

export type ConnectionState = 'unknown' | 'connected' | 'unreachable' | 'problem' | 'misconfigured';

export class SwarmModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SwarmStatus | undefined>();
  readonly onDidChange = this.changed.event;

  private docker: DockerClient | undefined;
  private resolved: ResolvedEndpoint | undefined;
  private configurationError: string | undefined;
  private current: SwarmStatus | undefined;
  private inFlight: Promise<void> | undefined;
  private again = false;
  private abort: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  get status(): SwarmStatus | undefined {
    return this.current;
  }

  /** Set when the connection settings themselves cannot be understood. */
  get misconfiguration(): string | undefined {
    return this.configurationError;
  }

  /** Drops the client so that the next refresh uses the current settings and environment. */
  reconnect(): void {
    this.docker = undefined;
    this.resolved = undefined;
    this.configurationError = undefined;
    this.abort?.abort(new Error('Connection settings changed'));
  }

  /** Refreshes now; calls made while one runs are folded into a single follow-up. */
  refresh(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = this.runRefresh().finally(() => {
      this.inFlight = undefined;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.inFlight;
  }

  /** Polls while someone is looking; Docker emits no event when a task changes state. */
  setPolling(active: boolean): void {
    if (active && !this.timer) {
      this.timer = setInterval(() => void this.refresh(), refreshIntervalMs());
      void this.refresh();
    } else if (!active && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  restartPolling(): void {
    if (!this.timer) return;
    this.setPolling(false);
    this.setPolling(true);
  }

  private ensureClient(): { docker: DockerClient; resolved: ResolvedEndpoint } | undefined {
    if (this.docker && this.resolved) return { docker: this.docker, resolved: this.resolved };
    try {
      this.resolved = resolveDockerEndpoint(dockerConnectionSettings(), process.env);
    } catch (error) {
      if (!(error instanceof EndpointSyntaxError)) throw error;
      this.configurationError = error.message;
      return undefined;
    }
    this.configurationError = undefined;
    this.docker = createDockerClient(this.resolved.endpoint);
    return { docker: this.docker, resolved: this.resolved };
  }

  private async runRefresh(): Promise<void> {
    const client = this.ensureClient();
    if (!client) {
      this.current = undefined;
      this.changed.fire(undefined);
      return;
    }
    this.abort = new AbortController();
    const started = Date.now();
    const mongoUri = mongoUriSetting();
    try {
      const next = await collectStatus(client.docker, client.resolved, { signal: this.abort.signal, ...(mongoUri ? { mongoUri } : {}) });
      this.logTransition(next, Date.now() - started);
      this.current = next;
      this.changed.fire(next);
    } catch (error) {
      // Only a cancelled refresh lands here (collectStatus turns engine failures into a status).
      this.log.debug(`[explorer] refresh cancelled: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.abort = undefined;
    }
  }

  private logTransition(next: SwarmStatus, elapsedMs: number): void {
    const before = this.current;
    if (!next.ok && (before === undefined || before.ok || before.problem.kind !== next.problem.kind)) {
      this.log.warn(`[explorer] ${next.problem.summary}: ${next.problem.detail}`);
    } else if (next.ok && (before === undefined || !before.ok)) {
      this.log.info(`[explorer] connected to ${next.engine.endpoint} (Docker ${next.engine.serverVersion ?? '?'}); ${next.snapshot.services.length} services`);
    }
    this.log.trace(`[explorer] refreshed in ${elapsedMs} ms`);
  }

  dispose(): void {
    this.setPolling(false);
    this.abort?.abort(new Error('Disposed'));
    this.changed.dispose();
  }
}
