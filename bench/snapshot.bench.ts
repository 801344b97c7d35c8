// Benchmarks the swarm snapshot at 40 services x 5 tasks against the docker CLI and bare Engine API calls; exits 1 when a goal is missed.
//
// Run: node --import tsx bench/snapshot.bench.ts   (needs the rehearsal's engine; builds dist/ first)
import { execFile, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { promisify } from 'node:util';
import { createDockerClient } from '../src/core/docker/client';
import type { ResolvedEndpoint } from '../src/core/docker/endpoint';
import { collectStatus } from '../src/core/status/collect';
import { takeSnapshot } from '../src/core/swarm/snapshot';
import { ensureEngine, ensureSwarm } from '../test/rehearsal/engine';
import { startEngineProxy } from '../test/support/engineProxy';
import { createServices, removeServices, serviceName, waitConverged } from './lib/benchServices';
import { ensureSleeperImage, removeSleeperImage } from './lib/sleeperImage';
import { median, ms, timeRuns } from './lib/stats';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const SOCKET = '/var/run/docker.sock';
const SERVICES = 40;
const FEW = 5;
const REPLICAS = 5;
const CLI_RUNS = 9;
const DOCKER_CLI_RUNS = 5;
const IN_PROCESS_RUNS = 21;
const SCALE_RUNS = 6;
const GOALS = { cliRatio: 0.15, inProcessRatio: 2, scaleMs: 2_000 };

const run = promisify(execFile);
const resolved: ResolvedEndpoint = { endpoint: { kind: 'socket', socketPath: SOCKET }, source: 'default' };
const docker = createDockerClient(resolved.endpoint);
// DOCKER_HOST is cleared so that every command reaches the local engine, whatever the caller's shell says.
const env = { ...process.env, DOCKER_HOST: '' };

interface Report {
  lines: string[];
  missed: string[];
}
const report: Report = { lines: [], missed: [] };
function say(line: string): void {
  report.lines.push(line);
  console.log(line);
}
function goal(what: string, ok: boolean): string {
  if (!ok) report.missed.push(what);
  return ok ? 'goal met' : 'GOAL MISSED';
}

async function cliStatus(host?: string): Promise<void> {
  await run(process.execPath, [CLI, 'status', '--json', '--no-mongo', ...(host ? ['--host', host] : [])], { env, maxBuffer: 64 * 1024 * 1024 });
}

/** The docker CLI doing the job `status --json` does: list services, `service ps` each one, list nodes. */
async function dockerCliJob(names: readonly string[]): Promise<void> {
  await run('docker', ['service', 'ls'], { env });
  for (const name of names) await run('docker', ['service', 'ps', name], { env, maxBuffer: 16 * 1024 * 1024 });
  await run('docker', ['node', 'ls'], { env });
}

/** Three bare round trips on kept-alive connections: what a refresh cannot beat. */
function bareApi(agent: http.Agent): Promise<unknown[]> {
  const get = (p: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      http.get({ socketPath: SOCKET, path: p, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        res.on('error', reject);
      }).on('error', reject);
    });
  return Promise.all([get('/services'), get('/tasks'), get('/nodes')]);
}

/** Engine API calls one `status --json --no-mongo` and one in-process collectStatus make, counted by a proxy. */
async function countCalls(): Promise<{ cli: string[]; inProcess: string[] }> {
  const proxy = await startEngineProxy();
  try {
    await cliStatus(proxy.host);
    const cli = proxy.apiCalls().map((r) => `${r.method} ${r.path}`);
    proxy.reset();
    const viaProxy = createDockerClient({ kind: 'socket', socketPath: proxy.socketPath });
    await collectStatus(viaProxy, { endpoint: { kind: 'socket', socketPath: proxy.socketPath }, source: 'setting' }, { withReplicaSet: false });
    return { cli, inProcess: proxy.apiCalls().map((r) => `${r.method} ${r.path}`) };
  } finally {
    await proxy.close();
  }
}

/**
 * `status --watch` (events + debounce + collectStatus, the explorer's loop) with a 60 s poll, so
 * that only the event path can be quick: time from `docker service scale` to the line with the new count.
 */
async function scaleLatencies(name: string): Promise<number[]> {
  const watch = spawn(process.execPath, [CLI, 'status', '--watch', '--no-mongo', '--interval', '60'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: { at: number; json: { kind?: string; name?: string; replicas?: string; ok?: boolean; service?: { desired?: number } } }[] = [];
  const waiters = new Set<() => void>();
  readline.createInterface({ input: watch.stdout }).on('line', (line) => {
    lines.push({ at: Date.now(), json: JSON.parse(line) });
    for (const w of waiters) w();
  });
  const waitLine = (what: string, from: number, test: (j: (typeof lines)[number]['json']) => boolean, timeoutMs: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const hit = lines.slice(from).find((l) => test(l.json));
        if (!hit) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(hit.at);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`status --watch printed no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  try {
    await waitLine('engine line', 0, (j) => j.kind === 'engine' && j.ok === true, 30_000);
    const latencies: number[] = [];
    for (let i = 0; i < SCALE_RUNS; i++) {
      const replicas = i % 2 === 0 ? REPLICAS + 1 : REPLICAS;
      const from = lines.length;
      const started = Date.now();
      await run('docker', ['service', 'scale', '--detach', `${name}=${replicas}`], { env });
      const seen = await waitLine(`desired ${replicas} for ${name}`, from, (j) => j.kind === 'service' && j.name === name && j.service?.desired === replicas, 10_000);
      latencies.push(seen - started);
      // The next run starts from a converged service, as a user's second scale would.
      await waitLine(`${name} ${replicas}/${replicas}`, from, (j) => j.kind === 'service' && j.name === name && j.replicas === `${replicas}/${replicas}`, 60_000);
    }
    return latencies;
  } finally {
    watch.kill('SIGTERM');
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  await ensureEngine();
  await ensureSwarm();
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  ensureSleeperImage();
  await removeServices(docker);
  const others = ((await docker.listServices()) as unknown[]).length;
  say(`engine ${(await docker.version()).Version}, ${others} services of the rehearsal besides the benchmark's; ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the start`);

  await createServices(docker, 0, FEW, REPLICAS);
  await waitConverged(docker, FEW, REPLICAS, 120_000);
  const few = await countCalls();

  await createServices(docker, FEW, SERVICES, REPLICAS);
  const convergeMs = await waitConverged(docker, SERVICES, REPLICAS, 300_000);
  say(`${SERVICES} services x ${REPLICAS} tasks of a ${imageSize()} image converged (${(convergeMs / 1000).toFixed(0)} s after the last create)`);
  const many = await countCalls();

  // (c) calls per refresh
  const grows = few.cli.length !== many.cli.length || few.inProcess.length !== many.inProcess.length;
  say(`(c) Engine API calls per refresh: status --json --no-mongo ${few.cli.length} at ${FEW} services, ${many.cli.length} at ${SERVICES} [${many.cli.join(', ')}]; ` +
    `in-process collectStatus ${few.inProcess.length} and ${many.inProcess.length} [${many.inProcess.join(', ')}]: ${goal('calls per refresh do not grow', !grows)}`);

  // (a) the CLI against the docker CLI doing the same job
  const names = ((await docker.listServices()) as unknown as { Spec: { Name: string } }[]).map((s) => s.Spec.Name);
  // Interleaved, so that both sides see the same load from whatever else runs on the machine.
  const oursTimes: number[] = [];
  const theirsTimes: number[] = [];
  for (let i = 0; i < CLI_RUNS; i++) {
    oursTimes.push(...(await timeRuns(1, i === 0 ? 1 : 0, () => cliStatus())));
    theirsTimes.push(...(await timeRuns(1, i === 0 ? 1 : 0, () => dockerCliJob(names))));
  }
  const ours = median(oursTimes);
  const theirs = median(theirsTimes);
  const theirsOneCall = median(await timeRuns(DOCKER_CLI_RUNS, 1, async () => {
    await run('docker', ['service', 'ls'], { env });
    await run('docker', ['service', 'ps', ...names], { env, maxBuffer: 16 * 1024 * 1024 });
    await run('docker', ['node', 'ls'], { env });
  }));
  const cliRatio = ours / theirs;
  say(`(a) status --json --no-mongo ${ms(ours)} (median of ${CLI_RUNS}) vs docker service ls + ${names.length} x service ps + node ls ${ms(theirs)} (median of ${CLI_RUNS}, interleaved): ` +
    `${cliRatio.toFixed(3)}x, goal <= ${GOALS.cliRatio}x: ${goal('CLI ratio', cliRatio <= GOALS.cliRatio)}`);
  say(`    for reference, one \`docker service ps\` naming all ${names.length} services (+ ls, node ls): ${ms(theirsOneCall)}, ours ${(ours / theirsOneCall).toFixed(3)}x of it`);

  // (b) the in-process refresh against three bare round trips
  const agent = new http.Agent({ keepAlive: true });
  const bareTimes: number[] = [];
  const snapshotTimes: number[] = [];
  for (let i = 0; i < IN_PROCESS_RUNS; i++) {
    bareTimes.push(...(await timeRuns(1, i === 0 ? 3 : 0, () => bareApi(agent))));
    snapshotTimes.push(...(await timeRuns(1, i === 0 ? 3 : 0, () => takeSnapshot(docker))));
  }
  const bare = median(bareTimes);
  const snapshot = median(snapshotTimes);
  const collect = median(await timeRuns(IN_PROCESS_RUNS, 3, () => collectStatus(docker, resolved, { withReplicaSet: false })));
  agent.destroy();
  const inProcessRatio = snapshot / bare;
  say(`(b) takeSnapshot ${ms(snapshot)} vs three bare GETs (/services, /tasks, /nodes in parallel, keep-alive, JSON parsed) ${ms(bare)}, medians of ${IN_PROCESS_RUNS}: ` +
    `${inProcessRatio.toFixed(2)}x, goal <= ${GOALS.inProcessRatio}x: ${goal('in-process ratio', inProcessRatio <= GOALS.inProcessRatio)}`);
  say(`    collectStatus (engine info, then the snapshot; no replica set) ${ms(collect)}: ${(collect / bare).toFixed(2)}x`);

  // (d) scale to the watch loop's report
  const latencies = await scaleLatencies(serviceName(0));
  const worst = Math.max(...latencies);
  say(`(d) docker service scale -> status --watch line with the new desired count: median ${ms(median(latencies))}, max ${ms(worst)} over ${latencies.length} scales ` +
    `(poll at 60 s, so events alone): goal < ${GOALS.scaleMs} ms: ${goal('scale latency', worst < GOALS.scaleMs)}`);
  say(`bench took ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`);
}

function imageSize(): string {
  const bytes = Number(execFileSync('docker', ['image', 'inspect', '--format', '{{.Size}}', 'csbench-sleeper:1'], { encoding: 'utf8' }).trim());
  return `${(bytes / 1024).toFixed(0)} KB`;
}

main()
  .catch((error: unknown) => {
    report.missed.push(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    console.error(error);
  })
  .finally(async () => {
    await removeServices(docker).catch((error: unknown) => report.missed.push(`cleanup: ${String(error)}`));
    try {
      removeSleeperImage();
    } catch (error) {
      report.missed.push(`image cleanup: ${String(error)}`);
    }
    fs.mkdirSync(path.join(ROOT, 'test-artifacts'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'test-artifacts', 'bench-snapshot.txt'), `${report.lines.join('\n')}\n`);
    console.log(report.missed.length ? `\nMISSED: ${report.missed.join('; ')}` : '\nall goals met');
    process.exit(report.missed.length ? 1 : 0);
  });
