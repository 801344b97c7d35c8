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

    const read = (): void => {
      if (running) {
        again = true;
        return;
      }
      running = collectStatus(docker, resolved, options)
        .then((next) => {
          const time = new Date().toISOString();
          for (const change of statusChanges(previous, next)) io.stdout.write(`${JSON.stringify({ time, ...change })}\n`);
          previous = next;
        })
        .finally(() => {
          running = undefined;
          if (again) {
            again = false;
            read();
          }
        });
    };

    const poll = setInterval(read, intervalMs);
    const events = watchEngineEvents(createDockerClient(resolved.endpoint, { timeoutMs: 0 }), {
      onEvent: () => {
        clearTimeout(debounce);
        debounce = setTimeout(read, 150);
      },
      onState: () => read(),
    });
    const stop = (): void => {
      clearInterval(poll);
      clearTimeout(debounce);
      events.dispose();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    read();
  });
}
