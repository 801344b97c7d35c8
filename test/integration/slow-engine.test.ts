// A slow engine (answers delayed by a proxy in front of the rehearsal's socket): reads time out and say so, superseded reads are cancelled, nothing rejects unhandled.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createDockerClient, type DockerClient } from '../../src/core/docker/client';
import type { ResolvedEndpoint } from '../../src/core/docker/endpoint';
import { DeadlineError } from '../../src/core/docker/problems';
import { collectStatus } from '../../src/core/status/collect';
import { takeSnapshot } from '../../src/core/swarm/snapshot';
import { startEngineProxy, type EngineProxy } from '../support/engineProxy';

const DELAY_MS = 1_500;
const DEADLINE_MS = 300;

let proxy: EngineProxy;
let docker: DockerClient;
let resolved: ResolvedEndpoint;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

before(async () => {
  process.on('unhandledRejection', onUnhandled);
  proxy = await startEngineProxy({ delayMs: DELAY_MS });
  resolved = { endpoint: { kind: 'socket', socketPath: proxy.socketPath }, source: 'setting' };
  docker = createDockerClient(resolved.endpoint);
});

after(async () => {
  await proxy?.close();
  process.off('unhandledRejection', onUnhandled);
});

/** Polls a condition until it holds or the deadline passes; no fixed sleeps. */
async function until(what: string, condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits until every request has been answered or cancelled, so that a late rejection would have shown. */
async function drained(): Promise<void> {
  await until('every request to be answered or cancelled', () => proxy.requests.every((r) => r.answered || r.clientClosedBeforeAnswer), DELAY_MS * 4);
}

test('collectStatus against an engine slower than its deadline reports the timeout problem, in time', async () => {
  proxy.reset();
  const started = Date.now();
  const status = await collectStatus(docker, resolved, { withReplicaSet: false, deadlineMs: DEADLINE_MS });
  const elapsed = Date.now() - started;
  assert.equal(status.ok, false);
  assert.ok(!status.ok);
  assert.equal(status.problem.kind, 'timeout');
  assert.equal(status.problem.summary, `Docker at unix://${proxy.socketPath} did not answer in time`);
  assert.match(status.problem.detail, /got no answer within 300 ms/);
  assert.deepEqual(status.problem.nextSteps, ['retry', 'configureConnection']);
  assert.ok(elapsed < DELAY_MS, `the read took ${elapsed} ms: it waited for the slow answer instead of giving up at ${DEADLINE_MS} ms`);
  // The abandoned request is closed, not left to complete in the background.
  await until('the timed-out request to be cancelled', () => proxy.requests.some((r) => r.path === '/info' && r.clientClosedBeforeAnswer));
  await drained();
});

test('takeSnapshot past its deadline rejects with a DeadlineError and cancels all three list calls', async () => {
  proxy.reset();
  await assert.rejects(takeSnapshot(docker, { deadlineMs: DEADLINE_MS }), (error: unknown) => error instanceof DeadlineError && error.ms === DEADLINE_MS);
  await until('the three list calls to be cancelled', () => proxy.apiCalls().filter((r) => r.clientClosedBeforeAnswer).length === 3);
  assert.deepEqual(proxy.apiCalls().map((r) => r.path).sort(), ['/nodes', '/services', '/tasks']);
  await drained();
});

test('a read superseded by a newer one is cancelled at once: its requests are closed before the engine answers', async () => {
  proxy.reset();
  const superseded = new AbortController();
  const reading = takeSnapshot(docker, { deadlineMs: 10_000, signal: superseded.signal });
  await until('the three list calls to reach the engine', () => proxy.apiCalls().length === 3);
  const started = Date.now();
  superseded.abort(new Error('superseded by a newer refresh'));
  await assert.rejects(reading, /superseded by a newer refresh/);
  assert.ok(Date.now() - started < DELAY_MS, 'the superseded read waited for the engine');
  await until('the superseded requests to be closed', () => proxy.apiCalls().filter((r) => r.clientClosedBeforeAnswer).length === 3);
  await drained();
});

test('once the engine is quick again, the same client reads the swarm', async () => {
  proxy.delayMs = 0;
  const status = await collectStatus(docker, resolved, { withReplicaSet: false, deadlineMs: 5_000 });
  assert.ok(status.ok, status.ok ? '' : status.problem.detail);
  assert.ok(status.snapshot.services.some((s) => s.name === 'comet_comet'));
  proxy.delayMs = DELAY_MS;
});

test('no promise rejected unhandled while reads timed out and were cancelled', async () => {
  await drained();
  // A rejection is reported on the turn after it happens: let the queue run once more.
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(unhandled.map(String), []);
});
