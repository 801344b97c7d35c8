// Tests of the Orion stand-in against Orion 1.12.0's facts: /version shape, argv, uptime text.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { parseOrionArgs, OrionArgsError } from './args';
import { createOrionApp, parsedUptime } from './app';

test('the recipe command appended to the image entrypoint parses as Orion reads it', () => {
  const a = parseOrionArgs(['-fg', '-multiservice', '-ngsiv1Autocast', '-logLevel', 'DEBUG', '-dbhost', 'mongo-rs_mongo', '-rplSet', 'rs', '-dbTimeout', '10000']);
  assert.equal(a.fg, true);
  assert.equal(a.multiservice, true);
  assert.equal(a.dbhost, 'mongo-rs_mongo');
  assert.equal(a.rplSet, 'rs');
  assert.equal(a.dbTimeout, 10000);
  assert.equal(a.port, 1026);
});

test('an option Orion does not know stops it', () => {
  assert.throws(() => parseOrionArgs(['-dbURI', 'x']), OrionArgsError);
  assert.throws(() => parseOrionArgs(['-dbhost']), OrionArgsError);
});

test('uptime is written as days, hours, minutes, seconds', () => {
  assert.equal(parsedUptime(0), '0 d, 0 h, 0 m, 0 s');
  assert.equal(parsedUptime(90061), '1 d, 1 h, 1 m, 1 s');
});

/** Runs `fn` against a fresh app on an ephemeral loopback port. */
async function withApp(fn: (base: string) => Promise<void>): Promise<void> {
  const app = createOrionApp();
  await new Promise<void>((r) => app.server.listen(0, '127.0.0.1', () => r()));
  try {
    await fn(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
  } finally {
    app.server.close();
  }
}

test('GET /version answers the orion object with the eight fields of 1.12.0', () => withApp(async (base) => {
  const res = await fetch(`${base}/version`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json');
  assert.match(res.headers.get('fiware-correlator') ?? '', /^[0-9a-f-]{36}$/);
  const body = await res.json() as { orion: Record<string, string> };
  assert.deepEqual(Object.keys(body.orion), ['version', 'uptime', 'git_hash', 'compile_time', 'compiled_by', 'compiled_in', 'release_date', 'doc']);
  assert.equal(body.orion.version, '1.12.0');
  assert.match(body.orion.git_hash, /^[0-9a-f]{40}$/);
  assert.equal(body.orion.doc, 'https://fiware-orion.readthedocs.org/en/1.12.0/');
}));

test('an unknown path answers as Orion does for a service it does not have', () => withApp(async (base) => {
  const res = await fetch(`${base}/nothing`);
  assert.equal(res.status, 400);
  assert.match(await res.text(), /Service not found/);
}));
