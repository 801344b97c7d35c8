// Tests of the STH-Comet stand-in against STH-Comet 2.2.0's facts: settings, connection URI, exit on bad Mongo, /version.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { readSthConfig, sthConnectionUrl, driverUrl } from './config';
import { createSthApp } from './app';

test('defaults are those of STH-Comet 2.2.0: localhost, 8666, localhost:27017, no replica set', () => {
  const cfg = readSthConfig({});
  assert.equal(cfg.host, 'localhost');
  assert.equal(cfg.port, 8666);
  assert.equal(sthConnectionUrl(cfg), 'mongodb://@localhost:27017/sth_testservice');
});

test('the recipe settings give the URI STH-Comet 2.2.0 connects to', () => {
  const cfg = readSthConfig({ STH_HOST: '0.0.0.0', DB_URI: 'mongo-rs_mongo', REPLICA_SET: 'rs' });
  assert.equal(sthConnectionUrl(cfg), 'mongodb://@mongo-rs_mongo/sth_testservice?replicaSet=rs');
  assert.equal(driverUrl(sthConnectionUrl(cfg)), 'mongodb://mongo-rs_mongo/sth_testservice?replicaSet=rs');
});

test('credentials are used only when both user and password are set', () => {
  assert.equal(sthConnectionUrl(readSthConfig({ DB_URI: 'h', DB_USERNAME: 'u' })), 'mongodb://@h/sth_testservice');
  assert.equal(sthConnectionUrl(readSthConfig({ DB_URI: 'h', DB_USERNAME: 'u', DB_PASSWORD: 'p' })), 'mongodb://u:p@h/sth_testservice');
});

test('a DB_URI with its own mongodb:// scheme makes a URI whose first host is literally "mongodb"', () => {
  const url = driverUrl(sthConnectionUrl(readSthConfig({ DB_URI: 'mongodb://mongo-rs_mongo', REPLICA_SET: 'rs' })));
  assert.equal(url, 'mongodb://mongodb://mongo-rs_mongo/sth_testservice?replicaSet=rs');
});

test('GET /version answers {"version":"2.2.0"} as JSON, and an unknown path the hapi 404', async () => {
  const app = createSthApp();
  await new Promise<void>((r) => app.server.listen(0, '127.0.0.1', () => r()));
  try {
    const port = (app.server.address() as AddressInfo).port;
    const res = await fetch(`http://127.0.0.1:${port}/version`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(await res.text(), '{"version":"2.2.0"}');
    const missing = await fetch(`http://127.0.0.1:${port}/nope`);
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { statusCode: 404, error: 'Not Found' });
  } finally {
    app.server.close();
  }
});

test('STH exits 1 with the driver error when Mongo cannot be reached', async () => {
  const entry = path.join(__dirname, 'main.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, DB_URI: '127.0.0.1:1', REPLICA_SET: 'rs', STH_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(null); }, 30_000);
    child.on('exit', (c) => { clearTimeout(timer); resolve(c); });
  });
  assert.equal(code, 1, out);
  assert.match(out, /Establishing connection to the database at mongodb:\/\/@127\.0\.0\.1:1\/sth_testservice\?replicaSet=rs/);
  assert.match(out, /lvl=ERROR .*op=OPER_STH_SHUTDOWN .*failed to connect to server \[127\.0\.0\.1:1\]/);
});
