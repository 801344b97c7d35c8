// The docker CLI environment the scripts get from the connection, and the miniswarm node count.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { dockerCliEnv } from '../../../src/core/deploy/cliEnv';
import { parseNodeCount } from '../../../src/core/deploy/miniswarm';
import { judgeNetworks } from '../../../src/core/deploy/networks';

test('a docker-machine TLS engine gives the scripts what `docker-machine env` would, and no context', () => {
  assert.deepEqual(dockerCliEnv({ kind: 'tcp', host: '192.168.99.100', port: 2376, tls: { verify: true, certPath: '/m/ms-manager0' } }), {
    DOCKER_HOST: 'tcp://192.168.99.100:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/m/ms-manager0', DOCKER_CONTEXT: undefined,
  });
  assert.equal(dockerCliEnv({ kind: 'socket', socketPath: '/var/run/docker.sock' }).DOCKER_HOST, 'unix:///var/run/docker.sock');
});

test('a local bridge named frontend is the wrong scope; a missing backend is missing', () => {
  assert.deepEqual(judgeNetworks(['backend', 'frontend'], [{ name: 'frontend', scope: 'local', driver: 'bridge' }]), [
    { name: 'backend', state: 'missing' },
    { name: 'frontend', state: 'wrongScope', scope: 'local', driver: 'bridge' },
  ]);
});

test('miniswarm node counts are 1 to 9', () => {
  assert.deepEqual(['3', ' 1 ', '0', '10', 'x'].map(parseNodeCount), [3, 1, undefined, undefined, undefined]);
});
