// Where the rehearsal keeps what it must remember between runs (machine-wide, like Docker itself).
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Machine-wide, because the Docker state it describes outlives any one checkout. */
export const STATE_DIR = process.env.COMET_REHEARSAL_STATE ?? '/var/lib/comet-swarm-rehearsal';

export function statePath(name: string): string {
  fs.mkdirSync(STATE_DIR, { recursive: true });
  return path.join(STATE_DIR, name);
}

interface Created {
  networks: string[];
  volumes: string[];
  stacks: string[];
}

function createdFile(): string {
  return statePath('created.json');
}

export function readCreated(): Created {
  try {
    const parsed = JSON.parse(fs.readFileSync(createdFile(), 'utf8')) as Partial<Created>;
    return { networks: parsed.networks ?? [], volumes: parsed.volumes ?? [], stacks: parsed.stacks ?? [] };
  } catch {
    return { networks: [], volumes: [], stacks: [] };
  }
}

export function recordCreated(kind: keyof Created, name: string): void {
  const created = readCreated();
  if (!created[kind].includes(name)) created[kind].push(name);
  fs.writeFileSync(createdFile(), JSON.stringify(created, null, 2));
}

export function forgetCreated(kind: keyof Created, name: string): void {
  const created = readCreated();
  created[kind] = created[kind].filter((n) => n !== name);
  fs.writeFileSync(createdFile(), JSON.stringify(created, null, 2));
}

/**
 * A machine-wide lock, so two test processes never deploy at once. A lock whose holder is dead
 * is taken over.
 */
export async function withLock<T>(name: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const file = statePath(`${name}.lock`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(file, 'utf8').trim());
      if (!holder || !isAlive(holder) || holder === process.pid) {
        fs.rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`lock ${file} still held by pid ${holder} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** Whether a process runs; a zombie (exited, not yet reaped) does not. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S ..."; the comm may hold spaces, the state follows its last ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}
