// How Comet Swarm finds the Docker Engine, compared with what the docker CLI does with the same inputs.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatEndpoint, resolveDockerEndpoint } from '../../../src/core/docker/endpoint';

const HOME = '/home/ana';

test('with no setting and no DOCKER_HOST the local socket is used', () => {
  assert.deepEqual(resolveDockerEndpoint({}, {}, HOME), { endpoint: { kind: 'socket', socketPath: '/var/run/docker.sock' }, source: 'default' });
});

test('docker-machine env variables give a TLS endpoint with the machine\'s cert path', () => {
  const env = { DOCKER_HOST: 'tcp://192.168.99.100:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/home/ana/.docker/machine/machines/ms-manager0', DOCKER_MACHINE_NAME: 'ms-manager0' };
  const resolved = resolveDockerEndpoint({}, env, HOME);
  assert.deepEqual(resolved, {
    endpoint: { kind: 'tcp', host: '192.168.99.100', port: 2376, tls: { verify: true, certPath: '/home/ana/.docker/machine/machines/ms-manager0' } },
    source: 'environment',
  });
  assert.equal(formatEndpoint(resolved.endpoint), 'tcp://192.168.99.100:2376 (TLS)');
});

test('a tcp host without TLS defaults to port 2375 and plain HTTP', () => {
  assert.deepEqual(resolveDockerEndpoint({}, { DOCKER_HOST: 'tcp://10.0.0.5' }, HOME).endpoint, { kind: 'tcp', host: '10.0.0.5', port: 2375 });
});

test('DOCKER_TLS_VERIFY=1 without DOCKER_CERT_PATH reads certificates from ~/.docker', () => {
  const { endpoint } = resolveDockerEndpoint({}, { DOCKER_HOST: 'tcp://10.0.0.5', DOCKER_TLS_VERIFY: '1' }, HOME);
  assert.deepEqual(endpoint, { kind: 'tcp', host: '10.0.0.5', port: 2376, tls: { verify: true, certPath: '/home/ana/.docker' } });
});

test('the host setting wins over DOCKER_HOST', () => {
  const resolved = resolveDockerEndpoint({ host: 'unix:///run/user/1000/docker.sock' }, { DOCKER_HOST: 'tcp://10.0.0.5:2375' }, HOME);
  assert.deepEqual(resolved, { endpoint: { kind: 'socket', socketPath: '/run/user/1000/docker.sock' }, source: 'setting' });
});

test('an empty host setting falls back to the environment', () => {
  assert.equal(resolveDockerEndpoint({ host: '  ' }, { DOCKER_HOST: 'tcp://10.0.0.5:2375' }, HOME).source, 'environment');
});

test('ssh hosts keep user and port', () => {
  assert.deepEqual(resolveDockerEndpoint({}, { DOCKER_HOST: 'ssh://docker@ms-manager0:2222' }, HOME).endpoint, { kind: 'ssh', host: 'ms-manager0', port: 2222, username: 'docker' });
});

test('Docker Desktop\'s named pipe on Windows is a socket path', () => {
  const { endpoint } = resolveDockerEndpoint({}, { DOCKER_HOST: 'npipe:////./pipe/docker_engine' }, HOME);
  assert.deepEqual(endpoint, { kind: 'socket', socketPath: '//./pipe/docker_engine' });
  assert.equal(formatEndpoint(endpoint), 'npipe:////./pipe/docker_engine');
});

test('an unsupported scheme is refused with the schemes that work', () => {
  assert.throws(() => resolveDockerEndpoint({}, { DOCKER_HOST: 'fd://3' }, HOME), /fd:\/\/, which Comet Swarm cannot reach \(use unix:\/\/, tcp:\/\/ or ssh:\/\/\)/);
});
