// Published ports of a compose file as docker stack deploy reads them.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { composePublishedPorts, parseShortPort } from '../../../src/core/deploy/composePorts';

test('"8666:8666" publishes 8666 through the routing mesh; a bare target publishes nothing', () => {
  assert.deepEqual(parseShortPort('comet', '8666:8666'), [{ service: 'comet', published: 8666, target: 8666, protocol: 'tcp', mode: 'ingress' }]);
  assert.deepEqual(parseShortPort('comet', '8666'), []);
  assert.deepEqual(parseShortPort('x', '127.0.0.1:9000-9001:80-81/udp').map((p) => [p.published, p.target, p.protocol]), [[9000, 80, 'udp'], [9001, 81, 'udp']]);
});

test('long syntax keeps host mode, and ${VAR:-default} is interpolated', () => {
  const text = 'services:\n  a:\n    ports:\n      - "${PORT:-8666}:8666"\n      - { target: 1026, published: 1026, mode: host }\n';
  assert.deepEqual(composePublishedPorts(text, new Map()).map((p) => `${p.service} ${p.published}->${p.target} ${p.mode}`), ['a 8666->8666 ingress', 'a 1026->1026 host']);
});
