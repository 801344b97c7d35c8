// Creates, waits for and removes the benchmark's services, all named with one prefix so that leftovers of an earlier run are found and removed.
import type Dockerode from 'dockerode';
import { SLEEPER_IMAGE } from './sleeperImage';

export const PREFIX = 'csbench-';

export function serviceName(index: number): string {
  return `${PREFIX}${String(index).padStart(2, '0')}`;
}

async function benchServices(docker: Dockerode): Promise<{ ID: string; Spec: { Name: string } }[]> {
  const all = (await docker.listServices()) as unknown as { ID: string; Spec: { Name: string } }[];
  return all.filter((s) => s.Spec.Name.startsWith(PREFIX));
}

/** Creates the services numbered from..to-1 that do not exist yet, with `replicas` tasks each. */
export async function createServices(docker: Dockerode, from: number, to: number, replicas: number): Promise<void> {
  const existing = new Set((await benchServices(docker)).map((s) => s.Spec.Name));
  for (let i = from; i < to; i++) {
    const name = serviceName(i);
    if (existing.has(name)) continue;
    await docker.createService({
      Name: name,
      Labels: { csbench: '1' },
      TaskTemplate: { ContainerSpec: { Image: SLEEPER_IMAGE, StopGracePeriod: 1_000_000_000 }, RestartPolicy: { Condition: 'any' } },
      Mode: { Replicated: { Replicas: replicas } },
    } as Dockerode.CreateServiceOptions);
  }
}

/** Polls (bounded) until every bench service runs `replicas` tasks; throws at the deadline saying how far it got. */
export async function waitConverged(docker: Dockerode, count: number, replicas: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  let running = 0;
  while (Date.now() - started < timeoutMs) {
    const services = await benchServices(docker);
    const ids = new Set(services.map((s) => s.ID));
    const tasks = (await docker.listTasks({ filters: JSON.stringify({ 'desired-state': ['running'] }) })) as { ServiceID: string; Status: { State: string } }[];
    running = tasks.filter((t) => ids.has(t.ServiceID) && t.Status.State === 'running').length;
    if (services.length === count && running === count * replicas) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`bench services did not converge within ${timeoutMs / 1000} s: ${running} of ${count * replicas} tasks running`);
}

/** Removes every service with the prefix and waits (bounded) until their containers are gone. */
export async function removeServices(docker: Dockerode, timeoutMs = 120_000): Promise<void> {
  for (const s of await benchServices(docker)) await docker.getService(s.ID).remove().catch(() => undefined);
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const containers = await docker.listContainers({ all: true, filters: JSON.stringify({ label: ['com.docker.swarm.service.name'] }) });
    if (!containers.some((c) => (c.Labels['com.docker.swarm.service.name'] ?? '').startsWith(PREFIX))) return;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`containers of ${PREFIX}* services still present after ${timeoutMs / 1000} s`);
}
