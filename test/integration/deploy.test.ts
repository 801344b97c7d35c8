// The deploy core against the rehearsal swarm: networks as create_networks.sh makes them, back and front converged, and the preflight stopping what would fail.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { createDockerClient } from '../../src/core/docker/client';
import { resolveDockerEndpoint } from '../../src/core/docker/endpoint';
import { deploy, type DeployOutcome, type DeployRequest } from '../../src/core/deploy/deploy';
import { miniswarmStartSpec, miniswarmTools } from '../../src/core/deploy/miniswarm';
import { createRecipeNetworks } from '../../src/core/deploy/networks';
import { spawnScript } from '../../src/core/deploy/scripts';
import { removeStack } from '../rehearsal/up';
import { freePort } from '../vscode/server';
import { dockerShim, editCompose, frontWithBalancer, recipeCopy, removeTempDirs, stubExecutable, SUFFIX, tempDir } from './deployFixture';

const resolved = resolveDockerEndpoint({}, { ...process.env, DOCKER_HOST: '' });
const docker = createDockerClient(resolved.endpoint);
const SHIPPED = path.resolve(__dirname, '..', '..', 'media', 'recipe');
const stacks: string[] = [];
const networks: string[] = [];

after(async () => {
  for (const stack of stacks) await removeStack(stack).catch((e: unknown) => console.error(`clean-up of ${stack}: ${String(e)}`));
  for (const name of networks) execFileSync('docker', ['network', 'rm', name], { stdio: 'ignore' });
  removeTempDirs();
});

function request(dir: string, target: 'back' | 'front', shimPath: string, extra: Partial<DeployRequest> = {}): DeployRequest {
  const env = { ...process.env, PATH: shimPath, DOCKER_HOST: '' };
  return { target, dir, docker, resolved, env, runScript: spawnScript(undefined, env), shippedRecipeDir: SHIPPED, hooks: { applyFix: async () => false, confirmWarnings: async () => false }, ...extra };
}

function stackServices(stack: string): string[] {
  return execFileSync('docker', ['service', 'ls', '--format', '{{.Name}}', '--filter', `label=com.docker.stack.namespace=${stack}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

function explain(outcome: DeployOutcome): string {
  const checks = outcome.preflight.checks.map((c) => `${c.status} ${c.id}: ${c.message}`).join('\n');
  const extra = outcome.kind === 'notConverged' && !outcome.convergence.ok ? `\n${outcome.convergence.reason}\n${outcome.convergence.taskErrors.join('\n')}\n${outcome.convergence.logTail.join('\n')}` : outcome.kind === 'scriptFailed' ? `\n${outcome.outputTail.join('\n')}` : '';
  return `${outcome.kind}\n${checks}${extra}`;
}

test('networks are created as tools/create_networks.sh creates them: swarm-scoped attachable overlays with MTU 1400', async () => {
  const mine = `dtest-net-${SUFFIX}-a`;
  const theirs = `dtest-net-${SUFFIX}-b`;
  networks.push(mine, theirs);
  const created = await createRecipeNetworks(docker, [mine], { ...process.env, DOCKER_MTU: '' });
  assert.deepEqual(created.created, [mine]);
  // The recipe's own script, with only the names changed, is the reference.
  const script = fs.readFileSync(path.join(SHIPPED, 'tools', 'create_networks.sh'), 'utf8').replace(/ backend$/m, ` ${theirs}`).replace(/^.* frontend$/m, '');
  execFileSync('sh', ['-c', script], { env: { ...process.env, DOCKER_MTU: '' } });
  const inspect = (name: string) => {
    const n = JSON.parse(execFileSync('docker', ['network', 'inspect', name], { encoding: 'utf8' }))[0] as { Driver: string; Scope: string; Attachable: boolean; Options: Record<string, string> };
    // The VXLAN id is the engine's choice, one per network.
    const { 'com.docker.network.driver.overlay.vxlanid_list': _vxlan, ...options } = n.Options;
    return { driver: n.Driver, scope: n.Scope, attachable: n.Attachable, options };
  };
  assert.deepEqual(inspect(mine), inspect(theirs));
  assert.deepEqual(inspect(mine), { driver: 'overlay', scope: 'swarm', attachable: true, options: { 'com.docker.network.driver.mtu': '1400' } });
  const again = await createRecipeNetworks(docker, [mine], process.env);
  assert.deepEqual(again, { created: [], existing: [mine] });
});

test('the back end deploys from the folder\'s mongo-docker-compose.yml and converges with a PRIMARY', async () => {
  const stack = `dtest-mongo-${SUFFIX}`;
  const dir = recipeCopy('back', { backend: { STACK_NAME: `"${stack}"`, MONGO_SERVICE_URI: `"${stack}_mongo"` } });
  // The recipe checks health every minute and swarm keeps a task `starting` until the first check passes:
  // a shorter interval keeps this test short without changing what is deployed.
  editCompose(path.join(dir, 'mongo-docker-compose.yml'), (doc) => doc.setIn(['services', 'mongo', 'healthcheck', 'interval'], '3s'));
  const shim = dockerShim();
  stacks.push(stack);
  const notes: string[] = [];
  const outcome = await deploy(request(dir, 'back', shim.path, { convergeTimeoutMs: 150_000, hooks: { applyFix: async () => false, confirmWarnings: async () => false, onProgress: (m) => notes.push(m) } }));
  assert.equal(outcome.kind, 'converged', explain(outcome));
  assert.ok(outcome.kind === 'converged' && outcome.convergence.ok);
  assert.match(outcome.how, /folder's own mongo-docker-compose\.yml/);
  assert.match(outcome.convergence.message, new RegExp(`^${stack}_controller 1/1, ${stack}_mongo 1/1; set rs has PRIMARY \\d+\\.\\d+\\.\\d+\\.\\d+:27017`));
  assert.deepEqual(shim.calls().filter((c) => c.startsWith('stack deploy')), [`stack deploy -c mongo-docker-compose.yml ${stack}`]);
  assert.ok(notes.some((n) => n.includes(`${stack}_mongo`)), `progress named the services: ${notes.join(' | ')}`);
});

test('the front end runs deploy_front.sh and converges when /version answers through the service that fronts Comet', async () => {
  const stack = `dtest-front-${SUFFIX}`;
  const port = await freePort();
  const dir = recipeCopy('front', { frontend: { STACK_NAME: `"${stack}"` } });
  frontWithBalancer(dir, stack, port);
  const shim = dockerShim();
  stacks.push(stack);
  const started = Date.now();
  const outcome = await deploy(request(dir, 'front', shim.path, { primaryWaitMs: 30_000, convergeTimeoutMs: 120_000 }));
  assert.equal(outcome.kind, 'converged', explain(outcome));
  assert.ok(outcome.kind === 'converged' && outcome.convergence.ok);
  assert.equal(outcome.how, "the recipe's deploy_front.sh");
  assert.match(outcome.convergence.message, new RegExp(`${stack}_comet 2/2.*answers /version at http://127\\.0\\.0\\.1:${port} \\(through ${stack}_lb\\)`));
  const checks = Object.fromEntries(outcome.preflight.checks.map((c) => [c.id, c.status]));
  assert.deepEqual(checks, { engine: 'ok', stackFile: 'ok', networks: 'ok', images: 'ok', ports: 'ok', mongoPrimary: 'ok', replicaSetName: 'ok', envFiles: 'ok' });
  assert.deepEqual(shim.calls().filter((c) => c.startsWith('stack deploy')), [`stack deploy -c docker-compose.yml ${stack}`]);
  console.log(`front end converged in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test('a compose file naming a network that does not exist is stopped by the preflight, before any docker command', async () => {
  const stack = `dtest-nonet-${SUFFIX}`;
  const missing = `dtest-missing-${SUFFIX}`;
  const dir = recipeCopy('nonet', { frontend: { STACK_NAME: `"${stack}"` } });
  editCompose(path.join(dir, 'docker-compose.yml'), (doc) => {
    doc.setIn(['services', 'comet', 'networks'], doc.createNode([missing, 'backend']));
    doc.deleteIn(['services', 'comet', 'ports']);
    doc.deleteIn(['networks', 'frontend']);
    doc.setIn(['networks', missing], doc.createNode({ driver: 'overlay', external: true }));
  });
  const shim = dockerShim();
  const offered: string[] = [];
  const outcome = await deploy(request(dir, 'front', shim.path, { hooks: { applyFix: async (fix) => (offered.push(fix.kind === 'createNetworks' ? fix.networks.join(',') : fix.kind), false) } }));
  assert.equal(outcome.kind, 'blocked', explain(outcome));
  const check = outcome.preflight.checks.find((c) => c.id === 'networks');
  assert.equal(check?.status, 'error');
  assert.match(check!.message, new RegExp(`"${missing}" does not exist, so docker stack deploy would fail with 'network "${missing}" is declared as external, but could not be found'`));
  assert.deepEqual(offered, [missing], 'creating the network was offered');
  assert.deepEqual(shim.calls(), []);
  assert.deepEqual(stackServices(stack), []);
});

test('a front end deployed before its back end waits for the Mongo stack, then refuses, naming it', async () => {
  const stack = `dtest-early-${SUFFIX}`;
  const absent = `dtest-absent-${SUFFIX}`;
  const dir = recipeCopy('early', { backend: { STACK_NAME: `"${absent}"`, MONGO_SERVICE_URI: `"${absent}_mongo"` }, frontend: { STACK_NAME: `"${stack}"` } });
  editCompose(path.join(dir, 'docker-compose.yml'), (doc) => doc.deleteIn(['services', 'comet', 'ports']));
  const shim = dockerShim();
  const waits: string[] = [];
  const started = Date.now();
  const outcome = await deploy(request(dir, 'front', shim.path, { primaryWaitMs: 5_000, hooks: { onProgress: (m) => waits.push(m) } }));
  const elapsed = Date.now() - started;
  assert.equal(outcome.kind, 'blocked', explain(outcome));
  const check = outcome.preflight.checks.find((c) => c.id === 'mongoPrimary');
  assert.equal(check?.status, 'error');
  assert.match(check!.message, new RegExp(`^No PRIMARY after waiting 5 s\\. No service ${absent}_mongo in the swarm: deploy the back end \\(the Mongo stack\\) first\\.`));
  assert.ok(waits.some((w) => w === `Waiting for ${absent}_mongo to be deployed`), waits.join(' | '));
  assert.ok(elapsed >= 5_000 && elapsed < 40_000, `waited ${elapsed} ms`);
  assert.deepEqual(shim.calls(), []);
  assert.deepEqual(stackServices(stack), []);
});

test('REPLICASET_NAME different from the live set\'s name is blocked before any docker stack deploy', async () => {
  const stack = `dtest-rsname-${SUFFIX}`;
  const dir = recipeCopy('rsname', { backend: { REPLICASET_NAME: '"wrongset"' }, frontend: { STACK_NAME: `"${stack}"` } });
  editCompose(path.join(dir, 'docker-compose.yml'), (doc) => doc.deleteIn(['services', 'comet', 'ports']));
  const shim = dockerShim();
  const outcome = await deploy(request(dir, 'front', shim.path, { primaryWaitMs: 30_000 }));
  assert.equal(outcome.kind, 'blocked', explain(outcome));
  const check = outcome.preflight.checks.find((c) => c.id === 'replicaSetName');
  assert.equal(check?.status, 'error');
  assert.match(check!.message, /^REPLICASET_NAME is "wrongset" but the live replica set is named "rs": STH-Comet would fail with "no primary found in replicaset or invalid replica set name"/);
  assert.deepEqual(shim.calls().filter((c) => c.startsWith('stack')), []);
  assert.deepEqual(stackServices(stack), []);
});

test('miniswarm start runs the miniswarm on PATH with the node count, once docker-machine is there too', async () => {
  const bin = tempDir('miniswarm-stub');
  const log = path.join(bin, 'calls.log');
  const env = { ...process.env, PATH: `${bin}${path.delimiter}/usr/bin:/bin` };
  assert.deepEqual(miniswarmTools(env).missing.map((m) => m.name), ['miniswarm', 'docker-machine']);
  stubExecutable(bin, 'miniswarm', log);
  stubExecutable(bin, 'docker-machine', log);
  const tools = miniswarmTools(env);
  assert.deepEqual(tools.missing, []);
  assert.equal(tools.miniswarm, path.join(bin, 'miniswarm'));
  const result = await spawnScript(undefined, env)(miniswarmStartSpec(3, bin));
  assert.equal(result.exitCode, 0);
  assert.deepEqual(fs.readFileSync(log, 'utf8').split('\n').filter(Boolean), ['start 3']);
});
