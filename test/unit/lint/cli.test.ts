// comet-swarm lint and comet-swarm env, called as functions with captured streams.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, test } from 'node:test';
import { env } from '../../../src/cli/env';
import type { CliCommand } from '../../../src/cli/io';
import { lint } from '../../../src/cli/lint';

const RECIPE_ROOT = join(__dirname, '..', '..', '..', '..', 'shared', 'recipe');

async function run(command: CliCommand, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const code = await command(args, { stdout, stderr, cwd, env: {} });
  return { code, stdout: out, stderr: err };
}

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'comet-swarm-lint-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test('lint finds the recipe folder from its parent and exits 0 on the recipe as it is', async () => {
  const result = await run(lint, [], RECIPE_ROOT);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^sth-ha\/frontend\.env:1:1: information live-checks-skipped: /m);
});

test('lint --json prints 1-based positions and exits 1 on an error', async () => {
  const dir = folderWith({ 'frontend.env': 'MONGO_SERVICE_URI=mongodb://mongo\n' });
  const result = await run(lint, ['--json', dir], '/');
  assert.equal(result.code, 1);
  const findings = JSON.parse(result.stdout) as { code: string; line: number; column: number; endLine: number; endColumn: number; severity: string }[];
  const scheme = findings.find((finding) => finding.code === 'mongo-uri-scheme');
  assert.deepEqual(scheme && [scheme.severity, scheme.line, scheme.column, scheme.endLine, scheme.endColumn], ['error', 1, 19, 1, 29]);
});

test('lint with one file of a folder reports only that file', async () => {
  const dir = folderWith({ 'backend.env': 'STACK_NAM=x\n', 'frontend.env': 'STACK_NAME=comet\n' });
  const result = await run(lint, [join(dir, 'frontend.env')], '/');
  assert.doesNotMatch(result.stdout, /backend\.env/);
});

test('lint with no recipe folder around is a usage error (exit 2)', async () => {
  const result = await run(lint, [], folderWith({}));
  assert.equal(result.code, 2);
  assert.match(result.stderr, /no recipe folder/);
});

test('env prints the variables deploy_front.sh sees, with where each came from', async () => {
  const result = await run(env, ['sth-ha'], RECIPE_ROOT);
  assert.equal(result.code, 0);
  assert.equal(result.stdout, [
    'COMET_VERSION=2.2.0  # sth-ha/frontend.env:3',
    'MONGO_SERVICE_URI=mongo-rs_mongo  # sth-ha/frontend.env:5',
    'MONGO_VERSION=3.2  # sth-ha/backend.env:5',
    'REPLICASET_NAME=rs  # sth-ha/frontend.env:6',
    'STACK_NAME=comet  # sth-ha/frontend.env:2',
    '',
  ].join('\n'));
});

test('env --json marks values that need a command as unknown', async () => {
  const dir = folderWith({ 'frontend.env': 'A=$(hostname)\nB=${U:-dflt}\n' });
  const result = await run(env, ['--json', dir], '/');
  const variables = JSON.parse(result.stdout) as { name: string; known: boolean; value?: string; defaultUsed?: unknown }[];
  assert.deepEqual(variables.map((variable) => [variable.name, variable.known, variable.value]), [['A', false, undefined], ['B', true, 'dflt']]);
  assert.match(result.stderr, /command-substitution/);
});

test('lint given a folder above the recipe finds the recipe below it, as it does from the working directory', async () => {
  const root = folderWith({});
  cpSync(RECIPE_ROOT, join(root, 'recipe'), { recursive: true });
  const frontend = join(root, 'recipe', 'sth-ha', 'frontend.env');
  writeFileSync(frontend, readFileSync(frontend, 'utf8').replace('${MONGO_SERVICE_URI:-"mongo-rs_mongo"}', 'mongodb://mongo-rs_mongo'), { mode: 0o644 });
  const result = await run(lint, [join(root, 'recipe')], '/');
  assert.equal(result.code, 1);
  assert.match(result.stdout, /frontend\.env:5:19: error mongo-uri-scheme: /);
});

test('lint and env given a folder with no recipe in it say so and exit 2, rather than report nothing', async () => {
  const empty = folderWith({});
  mkdirSync(join(empty, 'nothing'));
  for (const command of [lint, env]) {
    const result = await run(command, [join(empty, 'nothing')], '/');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /no recipe folder \(one holding frontend\.env or backend\.env\) in it/);
  }
});

test('lint --help and env --help print their usage and exit 0', async () => {
  for (const command of [lint, env]) {
    const result = await run(command, ['--help'], '/');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^usage: comet-swarm (lint|env) /);
  }
});
