// Docker contexts are read from the CLI's config folder with the CLI's precedence.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { listDockerContexts } from '../../../src/core/docker/contexts';
import { EndpointSyntaxError, resolveDockerEndpoint } from '../../../src/core/docker/endpoint';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'comet-swarm-contexts-'));
after(() => fs.rmSync(home, { recursive: true, force: true }));

function writeContext(name: string, host: string, withTls: boolean): void {
  const digest = createHash('sha256').update(name).digest('hex');
  const meta = path.join(home, '.docker', 'contexts', 'meta', digest);
  fs.mkdirSync(meta, { recursive: true });
  fs.writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
  if (withTls) {
    const tls = path.join(home, '.docker', 'contexts', 'tls', digest, 'docker');
    fs.mkdirSync(tls, { recursive: true });
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) fs.writeFileSync(path.join(tls, f), 'x');
  }
}

writeContext('ms-manager0', 'tcp://192.168.99.100:2376', true);
writeContext('desktop-linux', 'unix:///home/ana/.docker/desktop/docker.sock', false);
fs.writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({ auths: {}, currentContext: 'ms-manager0' }));

test('config.json\'s current context gives its endpoint with its TLS material', () => {
  const resolved = resolveDockerEndpoint({}, {}, home);
  assert.equal(resolved.source, 'context');
  assert.equal(resolved.contextName, 'ms-manager0');
  const digest = createHash('sha256').update('ms-manager0').digest('hex');
  assert.deepEqual(resolved.endpoint, { kind: 'tcp', host: '192.168.99.100', port: 2376, tls: { verify: true, certPath: path.join(home, '.docker', 'contexts', 'tls', digest, 'docker') } });
});

test('DOCKER_CONTEXT wins over config.json, and DOCKER_HOST over both', () => {
  assert.deepEqual(resolveDockerEndpoint({}, { DOCKER_CONTEXT: 'desktop-linux' }, home).endpoint, { kind: 'socket', socketPath: '/home/ana/.docker/desktop/docker.sock' });
  assert.equal(resolveDockerEndpoint({}, { DOCKER_CONTEXT: 'desktop-linux', DOCKER_HOST: 'tcp://10.0.0.9:2375' }, home).source, 'environment');
  assert.equal(resolveDockerEndpoint({}, { DOCKER_CONTEXT: 'default' }, home).source, 'default');
});

test('a current context that does not exist is a configuration error naming it', () => {
  assert.throws(() => resolveDockerEndpoint({}, { DOCKER_CONTEXT: 'gone' }, home), (e: unknown) => e instanceof EndpointSyntaxError && /Docker context "gone" does not exist/.test(e.message));
});

test('contexts are listed by name', () => {
  assert.deepEqual(listDockerContexts({}, home).map((c) => c.name), ['desktop-linux', 'ms-manager0']);
});
