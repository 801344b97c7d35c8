// collectStatus against a stand-in client that never answers: what it cancels and what it reports.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DockerClient } from '../../../src/core/docker/client';
import { collectStatus } from '../../../src/core/status/collect';

/** A client whose info() hangs until its abortSignal fires, recording whether it fired. */
function hangingClient(): { docker: DockerClient; infoAborted: () => boolean } {
  let aborted = false;
  const docker = {
    info: (opts?: { abortSignal?: AbortSignal }) =>
      new Promise((_, reject) => {
        opts?.abortSignal?.addEventListener('abort', () => {
          aborted = true;
          reject(new Error('aborted'));
        });
      }),
  } as unknown as DockerClient;
  return { docker, infoAborted: () => aborted };
}

const resolved = { endpoint: { kind: 'socket' as const, socketPath: '/nonexistent.sock' }, source: 'setting' as const };

test('an engine-info read past its deadline is cancelled, not left running, and reported as a timeout', async () => {
  const { docker, infoAborted } = hangingClient();
  const status = await collectStatus(docker, resolved, { deadlineMs: 20, withReplicaSet: false });
  assert.ok(!status.ok);
  assert.equal(status.problem.kind, 'timeout');
  assert.equal(infoAborted(), true, 'the request to /info was left running after its deadline');
});

test('a read whose caller gives up cancels its engine-info request and rejects with the caller\'s reason, not an engine problem', async () => {
  const { docker, infoAborted } = hangingClient();
  const controller = new AbortController();
  const reading = collectStatus(docker, resolved, { deadlineMs: 10_000, signal: controller.signal, withReplicaSet: false });
  controller.abort(new Error('superseded'));
  await assert.rejects(reading, /^Error: superseded$/);
  assert.equal(infoAborted(), true, 'the request to /info outlived its caller');
});
