// Connecting to a docker-machine VM runs `docker-machine env` and adopts what it prints.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { classifyDockerMachineError, dockerMachineEnv, parseDockerMachineEnv } from '../../../src/core/docker/dockerMachine';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'comet-swarm-machine-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A stand-in docker-machine that prints what the real one prints for `env --shell bash NAME`. */
function stub(script: string): string {
  const file = path.join(dir, `docker-machine-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(file, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return file;
}

const ENV_OUTPUT = `export DOCKER_TLS_VERIFY="1"
export DOCKER_HOST="tcp://192.168.99.100:2376"
export DOCKER_CERT_PATH="/home/ana/.docker/machine/machines/ms-manager0"
export DOCKER_MACHINE_NAME="ms-manager0"
# Run this command to configure your shell:
# eval $(docker-machine env ms-manager0)`;

test('the env output becomes a TLS connection to the VM', () => {
  assert.deepEqual(parseDockerMachineEnv(ENV_OUTPUT, 'x'), { machineName: 'ms-manager0', host: 'tcp://192.168.99.100:2376', tlsVerify: true, certPath: '/home/ana/.docker/machine/machines/ms-manager0' });
});

test('docker-machine is run with env --shell bash NAME', async () => {
  const args = path.join(dir, 'args');
  const result = await dockerMachineEnv('ms-manager0', { executable: stub(`echo "$@" > ${args}\ncat <<'EOF'\n${ENV_OUTPUT}\nEOF`) });
  assert.equal(fs.readFileSync(args, 'utf8').trim(), 'env --shell bash ms-manager0');
  assert.ok(result.ok);
  assert.equal(result.connection.host, 'tcp://192.168.99.100:2376');
});

test('a missing docker-machine is "notInstalled", not a crash', async () => {
  const result = await dockerMachineEnv('ms-manager0', { executable: path.join(dir, 'nope') });
  assert.deepEqual(result, { ok: false, failure: { kind: 'notInstalled', message: `${path.join(dir, 'nope')} was not found on PATH` } });
});

test('docker-machine\'s own errors are classified', async () => {
  const missing = await dockerMachineEnv('ms-manager9', { executable: stub('echo \'Host does not exist: "ms-manager9"\' >&2; exit 1') });
  assert.deepEqual(missing, { ok: false, failure: { kind: 'noSuchMachine', message: 'Host does not exist: "ms-manager9"' } });
  const certs = 'Error checking TLS connection: Error checking and/or regenerating the certs: There was an error validating certificates for host "192.168.99.101:2376": x509: certificate is valid for 192.168.99.100, not 192.168.99.101\nYou can attempt to regenerate them using \'docker-machine regenerate-certs [name]\'.';
  assert.equal(classifyDockerMachineError(certs).kind, 'certificateMismatch');
});
