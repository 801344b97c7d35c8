// `comet-swarm flow` against the in-process stand-ins: exit 0 with the values, exit 1 with the cause, exit 2 on bad usage.
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { flow } from '../../../src/cli/flow';
import { startChain, type Chain } from '../../standins/chain';

let chain: Chain;
before(async () => { chain = await startChain({ sthReplicas: 1 }); });
after(async () => chain?.stop());

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => { out += d; });
  stderr.on('data', (d) => { err += d; });
  const common = ['--host', 'unix:///nonexistent/docker.sock', '--orion', chain.orionUrl, '--comet', chain.cometUrls[0], '--reference', chain.reference];
  const code = await flow([...common, ...args], { stdout, stderr, cwd: process.cwd(), env: {} });
  return { code, out, err };
}

test('flow --json exits 0 and carries the steps and the two values', async () => {
  const { code, out } = await cli('--entity', 'CliRoom1', '--json');
  assert.equal(code, 0, out);
  const json = JSON.parse(out) as { ok: boolean; values: { attrValue: unknown }[]; steps: unknown[] };
  assert.equal(json.ok, true);
  assert.deepEqual(json.values.map((v) => v.attrValue), [23, 30.3]);
});

test('flow with service Default exits 1 and prints the explanation', async () => {
  const { code, out } = await cli('--entity', 'CliRoom2', '--service', 'Default', '--timeout', '3');
  assert.equal(code, 1);
  assert.match(out, /✖ STH answered no values under service "Default"; Orion lower-cases services/);
  assert.match(out, /fix: Use the service "default"/);
});

test('--v1 with --v2 is a usage error', async () => {
  const { code, err } = await cli('--v1', '--v2');
  assert.equal(code, 2);
  assert.match(err, /exclude each other/);
});
