// Engine failures become a named problem with the engine's own words and a next step.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeadlineError, describeEngineProblem } from '../../../src/core/docker/problems';

const socket = { kind: 'socket', socketPath: '/var/run/docker.sock' } as const;
const machine = { kind: 'tcp', host: '192.168.99.101', port: 2376, tls: { verify: true, certPath: '/c' } } as const;

function errno(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

test('a missing socket is "unreachable" and suggests starting Docker first', () => {
  const p = describeEngineProblem(errno('ENOENT', 'connect ENOENT /var/run/docker.sock'), socket);
  assert.equal(p.kind, 'unreachable');
  assert.equal(p.summary, 'Docker is not reachable at unix:///var/run/docker.sock');
  assert.equal(p.detail, 'connect ENOENT /var/run/docker.sock');
  assert.equal(p.nextSteps[0], 'startDocker');
});

test('a refused TCP connection to a VM suggests docker-machine env first', () => {
  const p = describeEngineProblem(errno('ECONNREFUSED', 'connect ECONNREFUSED 192.168.99.101:2376'), machine);
  assert.equal(p.kind, 'unreachable');
  assert.equal(p.nextSteps[0], 'connectDockerMachine');
});

test('EACCES on the socket is a permission problem', () => {
  assert.equal(describeEngineProblem(errno('EACCES', 'connect EACCES /var/run/docker.sock'), socket).kind, 'permissionDenied');
});

test('"not a swarm manager" from a worker is told apart from "not part of a swarm"', () => {
  const worker = Object.assign(new Error('(HTTP code 503) unexpected - ...'), {
    statusCode: 503,
    json: { message: "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager." },
  });
  const standalone = Object.assign(new Error('(HTTP code 503) ...'), {
    statusCode: 503,
    json: { message: 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.' },
  });
  assert.equal(describeEngineProblem(worker, machine).kind, 'notSwarmManager');
  assert.equal(describeEngineProblem(standalone, machine).kind, 'notInSwarm');
  assert.match(describeEngineProblem(worker, machine).detail, /^This node is not a swarm manager\. Worker nodes/);
});

test('a certificate that names another IP suggests regenerating the certificates', () => {
  const node = errno('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames: IP: 192.168.99.101 is not in the cert's list: 192.168.99.100");
  const cli = new Error('error during connect: x509: certificate is valid for 192.168.99.100, not 192.168.99.101');
  for (const error of [node, cli]) {
    const p = describeEngineProblem(error, machine);
    assert.equal(p.kind, 'tlsCertificateMismatch');
    assert.equal(p.nextSteps[0], 'regenerateCertificates');
  }
});

test('an engine too old for the client is an API version problem', () => {
  const e = Object.assign(new Error('x'), { json: { message: 'client version 1.41 is too new. Maximum supported API version is 1.40' } });
  assert.equal(describeEngineProblem(e, socket).kind, 'apiVersion');
});

test('a deadline is a timeout that offers a retry', () => {
  const p = describeEngineProblem(new DeadlineError('Listing services', 10_000), socket);
  assert.equal(p.kind, 'timeout');
  assert.equal(p.detail, 'Listing services got no answer within 10000 ms');
  assert.deepEqual(p.nextSteps, ['retry', 'configureConnection']);
});
