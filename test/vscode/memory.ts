// Samples the resident memory of this process's descendants (code-server, its extension host, Chromium) to report a peak.
import * as fs from 'node:fs';

/** Sum of VmRSS over every live descendant of `root` (Linux /proc), in bytes. Shared pages count once per process. */
export function treeRss(root = process.pid): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = fs.readFileSync(`/proc/${name}/status`, 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      rss.set(Number(name), kb * 1024);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // the process ended while we read
    }
  }
  let total = 0;
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

export interface MemorySampler {
  /** Highest sum seen so far, in bytes. */
  peak(): number;
  stop(): number;
}

/** Samples treeRss every `intervalMs` until stopped. */
export function sampleMemory(intervalMs = 1000): MemorySampler {
  let peak = 0;
  const take = (): void => {
    peak = Math.max(peak, treeRss());
  };
  const timer = setInterval(take, intervalMs);
  timer.unref();
  return {
    peak: () => peak,
    stop: () => {
      clearInterval(timer);
      take();
      return peak;
    },
  };
}

export function mib(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MiB`;
}
