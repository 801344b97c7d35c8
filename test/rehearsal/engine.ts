// Makes a Docker Engine answer on /var/run/docker.sock and this node a swarm manager (installs Debian's docker.io when needed).
import * as fs from 'node:fs';
import { spawn } from 'node:child_process';
import { step } from './lib/log';
import { run, docker } from './lib/run';
import { waitFor } from './lib/wait';
import { statePath, isAlive } from './lib/state';

const PID_FILE = () => statePath('dockerd.pid');
const LOG_FILE = () => statePath('dockerd.log');

export async function engineAnswers(): Promise<boolean> {
  if (!fs.existsSync('/var/run/docker.sock')) return false;
  const r = await docker(['info', '--format', '{{.ServerVersion}}'], { allowFail: true, timeoutMs: 15_000 }).catch(() => undefined);
  return !!r && r.code === 0 && r.stdout.trim() !== '';
}

async function which(cmd: string): Promise<boolean> {
  const r = await run('sh', ['-c', `command -v ${cmd}`], { allowFail: true, timeoutMs: 5_000 });
  return r.code === 0;
}

async function installDockerIo(): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Another process may hold the dpkg lock: wait for it rather than fail.
  const lock = ['-o', 'DPkg::Lock::Timeout=300'];
  step('apt-get update');
  await run('apt-get', [...lock, 'update'], { env, timeoutMs: 300_000 });
  step('apt-get install docker.io');
  await run('apt-get', [...lock, 'install', '-y', '--no-install-recommends', 'docker.io', 'iptables'], { env, timeoutMs: 600_000 });
}

/** Starts dockerd in its own session, logging under the state dir; returns its pid. */
function startDockerd(): number {
  const out = fs.openSync(LOG_FILE(), 'a');
  // `detached` makes the child call setsid(2) itself, so the recorded pid is dockerd's own
  // (the setsid(1) wrapper would fork when started as a group leader and hide it).
  const child = spawn('dockerd', [], { detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  child.unref();
  if (!child.pid) throw new Error('could not start dockerd');
  fs.writeFileSync(PID_FILE(), String(child.pid));
  return child.pid;
}

export async function ensureEngine(timeoutMs = 90_000): Promise<void> {
  if (await engineAnswers()) {
    step('docker engine answers on /var/run/docker.sock');
    return;
  }
  if (!(await which('dockerd'))) {
    step('no dockerd on this machine: installing Debian docker.io');
    await installDockerIo();
  }
  const pid = startDockerd();
  step(`started dockerd (pid ${pid}, log ${LOG_FILE()}); waiting for docker info`);
  await waitFor('docker info to answer', async () => {
    if (!isAlive(pid)) {
      const tail = fs.readFileSync(LOG_FILE(), 'utf8').split('\n').slice(-15).join('\n');
      throw Object.assign(new Error(`dockerd (pid ${pid}) exited:\n${tail}`), { fatal: true });
    }
    return engineAnswers();
  }, { timeoutMs, intervalMs: 500 });
  step('docker engine is up');
}

export async function ensureSwarm(): Promise<void> {
  const r = await docker(['info', '--format', '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}'], { timeoutMs: 15_000 });
  const [state, control] = r.stdout.trim().split(' ');
  if (state === 'active' && control === 'true') {
    step('this node is already a swarm manager');
    return;
  }
  if (state === 'active') throw new Error('this node is in a swarm but is not a manager; the rehearsal needs a manager');
  step(`swarm state "${state}": docker swarm init --advertise-addr 127.0.0.1`);
  await docker(['swarm', 'init', '--advertise-addr', '127.0.0.1'], { timeoutMs: 60_000 });
}

/**
 * The pid of the dockerd serving /var/run/docker.sock when the rehearsal started it, else why not:
 * tests that stop the engine must never stop one that someone else runs.
 */
export function engineStartedByRehearsal(): { pid: number } | { reason: string } {
  const read = (file: string): number | undefined => {
    try {
      return Number(fs.readFileSync(file, 'utf8').trim()) || undefined;
    } catch {
      return undefined;
    }
  };
  const recorded = read(PID_FILE());
  // dockerd writes its own pid here; it names whichever dockerd owns the default socket now.
  const serving = read('/var/run/docker.pid');
  if (!recorded) return { reason: `no dockerd started by the rehearsal is recorded in ${PID_FILE()}; the running one (pid ${serving ?? '?'}) was started by someone else` };
  if (!isAlive(recorded)) return { reason: `the dockerd the rehearsal started (pid ${recorded}) is not running` };
  if (serving !== recorded) return { reason: `the dockerd serving /var/run/docker.sock (pid ${serving ?? '?'}) is not the one the rehearsal started (pid ${recorded})` };
  return { pid: recorded };
}

/** Stops the dockerd this rehearsal started (by its recorded pid), and nothing else. */
export async function stopEngine(timeoutMs = 60_000): Promise<void> {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(PID_FILE(), 'utf8').trim());
  } catch {
    step('no dockerd started by the rehearsal is recorded: leaving the engine alone');
    return;
  }
  const cmdline = (() => { try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { return ''; } })();
  if (!pid || !isAlive(pid) || !cmdline.includes('dockerd')) {
    step(`recorded dockerd pid ${pid} is not running`);
    fs.rmSync(PID_FILE(), { force: true });
    return;
  }
  step(`stopping dockerd pid ${pid}`);
  process.kill(pid, 'SIGTERM');
  try {
    await waitFor('dockerd to exit', () => !isAlive(pid), { timeoutMs, intervalMs: 300 });
  } catch {
    step(`dockerd pid ${pid} still running after ${timeoutMs} ms: SIGKILL`);
    process.kill(pid, 'SIGKILL');
  }
  fs.rmSync(PID_FILE(), { force: true });
}

if (require.main === module) {
  (async () => {
    await ensureEngine();
    await ensureSwarm();
  })().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
