// `comet-swarm status --watch`: one JSON line per change, until interrupted.
import { createDockerClient, type DockerClient } from '../core/docker/client';
import type { ResolvedEndpoint } from '../core/docker/endpoint';
import { statusChanges } from '../core/status/changes';
import { collectStatus, type CollectOptions, type SwarmStatus } from '../core/status/collect';
import { watchEngineEvents } from '../core/swarm/events';
import type { CliIo } from './io';

export function watchStatus(docker: DockerClient, resolved: ResolvedEndpoint, options: CollectOptions, intervalMs: number, io: CliIo): Promise<number> {
  return new Promise((resolve) => {
    let previous: SwarmStatus | undefined;
    let running: Promise<void> | undefined;
    let again = false;
    let debounce: NodeJS.Timeout | undefined;
    let abort: AbortController | undefined;
    let supersededInARow = 0;

    /**
     * Reads once; a read asked for while one runs follows it. With `supersede`, the running read is
     * cancelled first (its answer describes a moment already over), at most three times in a row
     * so that a steady stream of events cannot starve the output: the explorer's rule too.
     */
    const read = (supersede = false): void => {
      if (running) {
        again = true;
        if (supersede && supersededInARow < 3) {
          supersededInARow++;
          abort?.abort(new Error('Superseded by a newer read'));
        }
        return;
      }
      abort = new AbortController();
      running = collectStatus(docker, resolved, { ...options, signal: abort.signal })
        .then((next) => {
          supersededInARow = 0;
          const time = new Date().toISOString();
          for (const change of statusChanges(previous, next)) io.stdout.write(`${JSON.stringify({ time, ...change })}\n`);
          previous = next;
        })
        // Only a superseded read rejects: collectStatus turns engine failures into a status.
        .catch(() => undefined)
        .finally(() => {
          running = undefined;
          if (again) {
            again = false;
            read();
          }
        });
    };

    const poll = setInterval(() => read(), intervalMs);
    const events = watchEngineEvents(createDockerClient(resolved.endpoint, { timeoutMs: 0 }), {
      onEvent: () => {
        clearTimeout(debounce);
        debounce = setTimeout(() => read(true), 150);
      },
      // A closed or reopened event stream is the first sign of an engine that went away or came back.
      onState: () => read(true),
    });
    const stop = (): void => {
      clearInterval(poll);
      clearTimeout(debounce);
      events.dispose();
      abort?.abort(new Error('Stopped'));
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    read();
  });
}
