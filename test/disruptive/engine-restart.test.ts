// dockerd stopped and started under a running `comet-swarm status --watch`: it says so within 2 s each way, its event stream reconnects, it never crashes. Runs last: it stops the engine.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { after, test } from 'node:test';
import { createDockerClient } from '../../src/core/docker/client';
import { ensureSleeperImage } from '../../bench/lib/sleeperImage';
import { engineStartedByRehearsal, ensureEngine, ensureSwarm, stopEngine } from '../rehearsal/engine';
import { up } from '../rehearsal/up';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
const SOCKET = '/var/run/docker.sock';
const PROBE_SERVICE = 'csrel-events';
const LIMIT_MS = 2_000;

interface WatchLine {
  at: number;
  json: { kind?: string; ok?: boolean; change?: string; name?: string; problem?: { kind?: string; summary?: string } };
}

let watch: ChildProcess | undefined;
const lines: WatchLine[] = [];
let stderr = '';
const docker = createDockerClient({ kind: 'socket', socketPath: SOCKET });

after(async () => {
  // Whatever happened above, leave an engine up, the probe service gone and the rehearsal converged for later runs.
  watch?.kill('SIGTERM');
  await ensureEngine();
  await docker.getService(PROBE_SERVICE).remove().catch(() => undefined);
  await up();
});

/** Resolves with the first line (from index `from`) that matches, polling until the deadline. */
async function lineMatching(what: string, from: number, match: (l: WatchLine['json']) => boolean, timeoutMs: number): Promise<WatchLine> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = lines.slice(from).find((l) => match(l.json));
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error(`status --watch printed no ${what} within ${timeoutMs} ms; it printed:\n${lines.slice(from).map((l) => JSON.stringify(l.json).slice(0, 200)).join('\n')}\nstderr: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** When GET /_ping first answers 200 on the socket, polled every 20 ms up to the deadline. */
async function engineAnswersAt(timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get({ socketPath: SOCKET, path: '/_ping', timeout: 1_000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
    });
    if (ok) return Date.now();
    if (Date.now() > deadline) throw new Error(`the engine did not answer /_ping within ${timeoutMs} ms of its start`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('status --watch reports dockerd going away and coming back within 2 s each, and follows events again afterwards', async (t) => {
  const engine = engineStartedByRehearsal();
  if ('reason' in engine) assert.fail(`refusing to stop dockerd: ${engine.reason}. Only a dockerd the rehearsal started (test/rehearsal/engine.ts) may be stopped by this test.`);
  ensureSleeperImage();
  await docker.getService(PROBE_SERVICE).remove().catch(() => undefined);

  // A 60 s poll: whatever is reported quickly below came through the event stream or its reconnection.
  watch = spawn(process.execPath, [CLI, 'status', '--watch', '--no-mongo', '--interval', '60'], { env: { ...process.env, DOCKER_HOST: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  watch.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  readline.createInterface({ input: watch.stdout! }).on('line', (line) => lines.push({ at: Date.now(), json: JSON.parse(line) }));
  let exit: number | null | undefined;
  watch.on('exit', (code) => (exit = code));
  await lineMatching('engine-up line at start', 0, (j) => j.kind === 'engine' && j.ok === true, 30_000);

  const beforeStop = lines.length;
  const stoppedAt = Date.now();
  const stopping = stopEngine();
  const down = await lineMatching('engine-down line', beforeStop, (j) => j.kind === 'engine' && j.ok === false, 10_000);
  const downMs = down.at - stoppedAt;
  await stopping;

  const beforeStart = lines.length;
  const [answeredAt] = await Promise.all([engineAnswersAt(120_000), ensureEngine(120_000)]);
  await ensureSwarm();
  const back = await lineMatching('engine-up line', beforeStart, (j) => j.kind === 'engine' && j.ok === true, 30_000);
  const upMs = back.at - answeredAt;

  // The reconnected stream carries a new service to the watch at once, with the poll a minute away.
  const beforeCreate = lines.length;
  const createdAt = Date.now();
  await docker.createService({ Name: PROBE_SERVICE, Labels: { csbench: '1' }, TaskTemplate: { ContainerSpec: { Image: 'csbench-sleeper:1' } }, Mode: { Replicated: { Replicas: 1 } } });
  const added = await lineMatching(`${PROBE_SERVICE} added`, beforeCreate, (j) => j.kind === 'service' && j.change === 'added' && j.name === PROBE_SERVICE, 10_000);
  const eventMs = added.at - createdAt;

  t.diagnostic(`engine down reported ${downMs} ms after SIGTERM (${down.json.problem?.kind}: ${down.json.problem?.summary}); up ${upMs} ms after the engine first answered; a new service ${eventMs} ms after its creation`);
  assert.ok(downMs <= LIMIT_MS, `engine-down line ${downMs} ms after the stop`);
  assert.ok(upMs <= LIMIT_MS, `engine-up line ${upMs} ms after the engine answered`);
  assert.ok(eventMs <= LIMIT_MS, `the service added after the restart took ${eventMs} ms to show: the event stream did not reconnect`);
  assert.equal(exit, undefined, `status --watch exited (${exit}) during the restart; stderr: ${stderr}`);

  watch.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => (exit !== undefined ? resolve(exit) : watch!.once('exit', resolve)));
  assert.equal(code, 0, `status --watch ended with ${code} on SIGTERM`);
  assert.doesNotMatch(stderr, /Unhandled|Error/, 'status --watch wrote an error');
  watch = undefined;
});
