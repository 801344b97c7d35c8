// Follows the engine's event stream for the objects the explorer shows, reconnecting with a capped backoff.
import type { Readable } from 'stream';
import type { DockerClient } from '../docker/client';

export interface EngineEvent {
  readonly type: 'service' | 'node' | 'container' | 'network';
  readonly action: string;
  readonly id: string;
  /** For containers: the swarm service the container runs a task of, if any. */
  readonly serviceId?: string;
  readonly name?: string;
  readonly timeNano?: number;
}

export type EventStreamState = 'connected' | 'disconnected';

export interface EventWatchOptions {
  readonly onEvent: (event: EngineEvent) => void;
  /** Called on every transition; the error is the reason of a disconnection. */
  readonly onState?: (state: EventStreamState, error?: unknown) => void;
  /** First retry delay; doubles up to maxRetryMs. */
  readonly minRetryMs?: number;
  /**
   * The cap stays low because a reconnection is how the explorer notices an engine that came
   * back; a refused connect on a socket or a LAN address costs next to nothing.
   */
  readonly maxRetryMs?: number;
}

export interface EventWatch {
  dispose(): void;
}

/** The docker CLI's `--filter type=...`: only what changes a row of the explorer. */
const FILTERS = { type: ['service', 'node', 'container'] };

/**
 * `docker` must be a client without a request timeout: the event stream is idle for as long as
 * nothing happens, and an inactivity timeout would cut it.
 */
export function watchEngineEvents(docker: DockerClient, options: EventWatchOptions): EventWatch {
  const minRetryMs = options.minRetryMs ?? 250;
  const maxRetryMs = options.maxRetryMs ?? 1_000;
  let retryMs = minRetryMs;
  let disposed = false;
  let connected = false;
  let stream: Readable | undefined;
  let abort: AbortController | undefined;
  let timer: NodeJS.Timeout | undefined;

  const setState = (next: EventStreamState, error?: unknown): void => {
    if ((next === 'connected') === connected) return;
    connected = next === 'connected';
    options.onState?.(next, error);
  };

  const scheduleRetry = (error?: unknown): void => {
    stream = undefined;
    setState('disconnected', error);
    if (disposed) return;
    timer = setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, maxRetryMs);
  };

  function connect(): void {
    if (disposed) return;
    abort = new AbortController();
    docker.getEvents({ filters: JSON.stringify(FILTERS), abortSignal: abort.signal } as object).then(
      (s) => {
        if (disposed) {
          (s as Readable).destroy();
          return;
        }
        stream = s as Readable;
        retryMs = minRetryMs;
        setState('connected');
        let buffered = '';
        stream.on('data', (chunk: Buffer) => {
          buffered += chunk.toString('utf8');
          let newline: number;
          while ((newline = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, newline).trim();
            buffered = buffered.slice(newline + 1);
            const event = line ? parseEngineEvent(line) : undefined;
            if (event) options.onEvent(event);
          }
        });
        let ended = false;
        const onEnd = (error?: unknown): void => {
          if (ended) return;
          ended = true;
          scheduleRetry(error ?? new Error('The engine closed its event stream'));
        };
        stream.once('end', () => onEnd());
        stream.once('close', () => onEnd());
        stream.once('error', (error) => onEnd(error));
      },
      (error: unknown) => scheduleRetry(error),
    );
  }

  connect();
  return {
    dispose(): void {
      disposed = true;
      clearTimeout(timer);
      abort?.abort();
      stream?.destroy();
    },
  };
}

/** One JSON line of GET /events; undefined for anything the explorer does not care about. */
export function parseEngineEvent(line: string): EngineEvent | undefined {
  let raw: { Type?: string; Action?: string; Actor?: { ID?: string; Attributes?: Record<string, string> }; timeNano?: number };
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  const type = raw.Type;
  if (type !== 'service' && type !== 'node' && type !== 'container' && type !== 'network') return undefined;
  const attributes = raw.Actor?.Attributes ?? {};
  const serviceId = attributes['com.docker.swarm.service.id'];
  // A container that runs no swarm task changes nothing the explorer shows.
  if (type === 'container' && !serviceId) return undefined;
  return {
    type,
    action: raw.Action ?? '',
    id: raw.Actor?.ID ?? '',
    ...(serviceId ? { serviceId } : {}),
    ...(attributes.name ? { name: attributes.name } : {}),
    ...(typeof raw.timeNano === 'number' ? { timeNano: raw.timeNano } : {}),
  };
}
