// `comet-swarm status` against the rehearsal swarm: the command a user or a CI job runs.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
const run = promisify(execFile);

interface StatusJson {
  engine: { endpoint: string; isManager: boolean };
  services: { name: string; role: string; group: string; replicas: string; running: number; tasks: { state: string; desiredState: string }[] }[];
  replicaSet: { state: string; setName: string; via: string; members: { name: string; stateStr: string; health: number }[] } | null;
}

async function status(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, 'status', ...args], { timeout: 60_000, env: { ...process.env, DOCKER_HOST: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

test('status --json lists 2 running Comet tasks, 3 Mongo members with 1 PRIMARY, and Orion', async () => {
  const { code, stdout, stderr } = await status('--json');
  assert.equal(code, 0, stderr);
  const json = JSON.parse(stdout) as StatusJson;
  assert.equal(json.engine.endpoint, 'unix:///var/run/docker.sock');
  assert.equal(json.engine.isManager, true);

  const comet = json.services.find((s) => s.name === 'comet_comet');
  assert.ok(comet, 'no comet_comet service');
  assert.equal(comet.role, 'comet');
  assert.equal(comet.replicas, '2/2');
  assert.equal(comet.tasks.filter((t) => t.state === 'running' && t.desiredState === 'running').length, 2);

  assert.ok(json.replicaSet, 'no replica set reading');
  assert.equal(json.replicaSet.state, 'ok');
  assert.equal(json.replicaSet.setName, 'rs');
  assert.match(json.replicaSet.via, /^docker exec into mongo-rs_mongo\.\d$/);
  assert.equal(json.replicaSet.members.length, 3);
  assert.deepEqual(json.replicaSet.members.map((m) => m.stateStr).sort(), ['PRIMARY', 'SECONDARY', 'SECONDARY']);
  assert.ok(json.replicaSet.members.every((m) => m.health === 1));

  const orion = json.services.filter((s) => s.role === 'orion');
  assert.equal(orion.length, 1);
  assert.equal(orion[0].running, 2, 'the recipe runs Orion with 2 replicas');
});

test('status prints the groups and the replica set as text', async () => {
  const { code, stdout } = await status();
  assert.equal(code, 0);
  assert.match(stdout, /^Comet\n {2}comet_comet {2}2\/2 {2}replicated {2}telefonicaiot\/fiware-sth-comet:2\.2\.0/m);
  assert.match(stdout, /^Replica set rs \(config version \d+\) {2}via docker exec into mongo-rs_mongo\.\d$/m);
  assert.equal(stdout.match(/^ {2}\S+:27017 {2}PRIMARY {2}healthy$/gm)?.length, 1);
});

test('status against an engine that is not there exits 1 and says where it looked', async () => {
  const { code, stdout } = await status('--host', 'unix:///nonexistent/docker.sock', '--json');
  assert.equal(code, 1);
  const json = JSON.parse(stdout) as { problem: { kind: string; summary: string; nextSteps: string[] } };
  assert.equal(json.problem.kind, 'unreachable');
  assert.equal(json.problem.summary, 'Docker is not reachable at unix:///nonexistent/docker.sock');
  assert.deepEqual(json.problem.nextSteps, ['startDocker', 'connectDockerMachine', 'configureConnection']);
});

test('a bad --host is a usage error, exit 2', async () => {
  const { code, stderr } = await status('--host', 'fd://3');
  assert.equal(code, 2);
  assert.match(stderr, /fd:\/\/, which Comet Swarm cannot reach/);
});
