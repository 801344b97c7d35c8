// Tests of the rehearsal load balancer: round robin over what the name resolves to, skipping dead backends.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { createBalancer } from './balancer';

function backend(host: string, name: string): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer((s) => { s.end(name); });
    server.listen(0, host, () => resolve(server));
  });
}

function ask(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port });
    let data = '';
    s.setTimeout(5_000, () => s.destroy(new Error('timeout')));
    s.on('data', (d) => { data += d.toString(); });
    s.on('close', () => resolve(data));
    s.on('error', reject);
  });
}

test('connections alternate over every address the target name resolves to', async () => {
  // Loopback answers on all of 127/8, so two addresses with one port stand for two tasks.
  const a = await backend('127.0.0.2', 'a');
  const port = (a.address() as net.AddressInfo).port;
  const b = await new Promise<net.Server>((resolve) => {
    const server = net.createServer((s) => s.end('b'));
    server.listen(port, '127.0.0.3', () => resolve(server));
  });
  const lb = createBalancer({ targetHost: 'tasks.x', targetPort: port, resolve: async () => ['127.0.0.3', '127.0.0.2'] });
  await new Promise<void>((r) => lb.server.listen(0, '127.0.0.1', () => r()));
  const lbPort = (lb.server.address() as net.AddressInfo).port;
  try {
    const answers = [await ask(lbPort), await ask(lbPort), await ask(lbPort), await ask(lbPort)];
    assert.deepEqual([...answers].sort(), ['a', 'a', 'b', 'b']);
    assert.notEqual(answers[0], answers[1]);
  } finally {
    await lb.close();
    a.close();
    b.close();
  }
});

test('a backend that refuses is skipped and the next one answers', async () => {
  const a = await backend('127.0.0.4', 'alive');
  const port = (a.address() as net.AddressInfo).port;
  const lb = createBalancer({ targetHost: 'tasks.x', targetPort: port, resolve: async () => ['127.0.0.4', '127.0.0.5'] });
  await new Promise<void>((r) => lb.server.listen(0, '127.0.0.1', () => r()));
  const lbPort = (lb.server.address() as net.AddressInfo).port;
  try {
    for (let i = 0; i < 4; i++) assert.equal(await ask(lbPort), 'alive');
  } finally {
    await lb.close();
    a.close();
  }
});

test('a name that does not resolve closes the client connection instead of hanging it', async () => {
  const lb = createBalancer({ targetHost: 'tasks.none', targetPort: 1, resolve: async () => { throw new Error('ENOTFOUND'); } });
  await new Promise<void>((r) => lb.server.listen(0, '127.0.0.1', () => r()));
  const lbPort = (lb.server.address() as net.AddressInfo).port;
  try {
    assert.equal(await ask(lbPort), '');
    assert.deepEqual(lb.backends(), []);
  } finally {
    await lb.close();
  }
});
