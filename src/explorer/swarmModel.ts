// Holds the latest swarm status and keeps it current: engine events, a bounded poll while visible, and refreshes on demand.
import * as vscode from 'vscode';
import { createDockerClient, type DockerClient } from '../core/docker/client';
import { endpointEnvironment, EndpointSyntaxError, resolveDockerEndpoint, type ResolvedEndpoint } from '../core/docker/endpoint';
import type { EngineProblem } from '../core/docker/problems';
import { collectStatus, type SwarmStatus } from '../core/status/collect';
import { watchEngineEvents, type EventWatch } from '../core/swarm/events';
import { dockerConnectionSettings, mongoUriSetting, refreshIntervalMs } from '../vscode/settings';

/** Engine events come in bursts (a stack deploy emits dozens); one refresh answers a burst. */
const EVENT_DEBOUNCE_MS = 150;
/**
 * An engine that answers but is not ready (a restarting dockerd rejoins its swarm seconds after its
 * API is back) sends no event when it becomes ready: it is read again every second, a bounded
 * number of times, before the normal poll takes over.
 */
const QUICK_RETRY_MS = 1_000;
const QUICK_RETRIES = 30;
const MAX_SUPERSEDED_IN_A_ROW = 3;

export interface StaleState {
  /** When the shown status was read. */
  readonly since: Date;
  readonly problem: EngineProblem;
}

export class SwarmModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SwarmStatus | undefined>();
  readonly onDidChange = this.changed.event;

  private connection: { docker: DockerClient; events: DockerClient; resolved: ResolvedEndpoint } | undefined;
  private configurationError: string | undefined;
  private current: SwarmStatus | undefined;
  private staleState: StaleState | undefined;
  private readAt = new Date(0);
  private inFlight: Promise<void> | undefined;
  private again = false;
  private abort: AbortController | undefined;
  private poll: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private events: EventWatch | undefined;
  private quickRetry: NodeJS.Timeout | undefined;
  private quickRetriesLeft = QUICK_RETRIES;
  private supersededInARow = 0;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  get status(): SwarmStatus | undefined {
    return this.current;
  }

  /** Set when the engine stopped answering in time but an earlier status is still shown. */
  get stale(): StaleState | undefined {
    return this.staleState;
  }

  /** Set when the connection settings themselves cannot be understood. */
  get misconfiguration(): string | undefined {
    return this.configurationError;
  }

  /** The endpoint in use, once resolved. */
  get endpoint(): ResolvedEndpoint | undefined {
    return this.connection?.resolved;
  }

  /** The Docker client for commands that act on the swarm; undefined while the settings are invalid. */
  client(): DockerClient | undefined {
    return this.ensureConnection()?.docker;
  }

  /** A client without an inactivity timeout, for streams that may stay quiet for long (logs, events). */
  streamingClient(): DockerClient | undefined {
    return this.ensureConnection()?.events;
  }

  /** Environment for terminals and tasks, so that the docker CLI there talks to the same engine. */
  connectionEnvironment(): Record<string, string | null> {
    const resolved = this.ensureConnection()?.resolved;
    return resolved ? endpointEnvironment(resolved) : {};
  }

  /** Drops the clients so that the next refresh uses the current settings and environment. */
  reconnect(): void {
    this.abort?.abort(new Error('Connection settings changed'));
    const watching = this.events !== undefined;
    this.stopEvents();
    this.connection = undefined;
    this.configurationError = undefined;
    if (watching) this.startEvents();
  }

  /**
   * Refreshes now; calls made while one runs are folded into a single follow-up. With `supersede`,
   * the running one is cancelled first: its answer would describe a moment that is already over.
   */
  refresh(options: { supersede?: boolean } = {}): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      // A steady stream of events must not cancel every read: after a few in a row, one is let through.
      if (options.supersede && this.supersededInARow < MAX_SUPERSEDED_IN_A_ROW) {
        this.supersededInARow++;
        this.abort?.abort(new Error('Superseded by a newer refresh'));
      }
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

  /**
   * Keeps the status current while someone is looking: engine events for services, nodes and
   * containers, and a poll for task states, which Docker reports with no event.
   */
  setActive(active: boolean): void {
    if (active && !this.poll) {
      this.poll = setInterval(() => void this.refresh(), refreshIntervalMs());
      this.startEvents();
      void this.refresh();
    } else if (!active && this.poll) {
      clearInterval(this.poll);
      clearTimeout(this.quickRetry);
      this.poll = undefined;
      this.stopEvents();
    }
  }

  restartPolling(): void {
    if (!this.poll) return;
    this.setActive(false);
    this.setActive(true);
  }

  private startEvents(): void {
    const connection = this.ensureConnection();
    if (!connection || this.events) return;
    this.events = watchEngineEvents(connection.events, {
      onEvent: (event) => {
        this.log.trace(`[events] ${event.type} ${event.action} ${event.name ?? event.id}`);
        clearTimeout(this.debounce);
        this.debounce = setTimeout(() => void this.refresh({ supersede: true }), EVENT_DEBOUNCE_MS);
      },
      // A closed stream is the first sign of an engine that stopped; a reopened one, of its return.
      onState: (state, error) => {
        this.log.debug(`[events] ${state}${error ? `: ${error instanceof Error ? error.message : String(error)}` : ''}`);
        void this.refresh({ supersede: true });
      },
    });
  }

  private stopEvents(): void {
    clearTimeout(this.debounce);
    this.events?.dispose();
    this.events = undefined;
  }

  private ensureConnection(): SwarmModel['connection'] {
    if (this.connection) return this.connection;
    try {
      const resolved = resolveDockerEndpoint(dockerConnectionSettings(), process.env);
      this.configurationError = undefined;
      this.connection = {
        resolved,
        docker: createDockerClient(resolved.endpoint),
        // The event stream is idle between events: no inactivity timeout on its client.
        events: createDockerClient(resolved.endpoint, { timeoutMs: 0 }),
      };
      return this.connection;
    } catch (error) {
      if (!(error instanceof EndpointSyntaxError)) throw error;
      this.configurationError = error.message;
      return undefined;
    }
  }

  private async runRefresh(): Promise<void> {
    const connection = this.ensureConnection();
    if (!connection) {
      this.current = undefined;
      this.changed.fire(undefined);
      return;
    }
    this.abort = new AbortController();
    const started = Date.now();
    const mongoUri = mongoUriSetting();
    try {
      const next = await collectStatus(connection.docker, connection.resolved, { signal: this.abort.signal, ...(mongoUri ? { mongoUri } : {}) });
      this.supersededInARow = 0;
      this.logTransition(next, Date.now() - started);
      if (!next.ok && next.problem.kind === 'timeout' && this.current?.ok) {
        // A slow engine keeps the last picture on screen, marked as old, rather than blanking the view.
        this.staleState = { since: this.readAt, problem: next.problem };
      } else {
        this.staleState = undefined;
        this.current = next;
        this.readAt = new Date();
      }
      this.scheduleQuickRetry(next.ok);
      this.changed.fire(this.current);
    } catch (error) {
      // Only a cancelled refresh lands here: collectStatus turns engine failures into a status.
      this.log.debug(`[explorer] refresh cancelled: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.abort = undefined;
    }
  }

  private scheduleQuickRetry(ok: boolean): void {
    clearTimeout(this.quickRetry);
    if (ok) {
      this.quickRetriesLeft = QUICK_RETRIES;
      return;
    }
    if (!this.poll || this.quickRetriesLeft <= 0) return;
    this.quickRetriesLeft--;
    this.quickRetry = setTimeout(() => void this.refresh(), QUICK_RETRY_MS);
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
    this.setActive(false);
    this.abort?.abort(new Error('Disposed'));
    this.changed.dispose();
  }
}
