// Proves the mongod and mongo CLIs: the recipe's argv per version, bind defaults, refusals with mongod's words, and the health probe.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { ArgvError, parseMongodArgv } from './argv';
import { startMember } from './member';
import { personaFor } from './persona';
import { waitFor } from './testkit';

const HERE = __dirname;
const RECIPE_ARGV = ['--replSet', 'rs', '--journal', '--smallfiles', '--bind_ip', '0.0.0.0'];
const PROBE = 'quit(db.runCommand({ ping: 1 }).ok ? 0 : 2)';

function run(script: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(HERE, script), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function finished(child: ChildProcess, deadlineMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`process did not exit within ${deadlineMs}ms; stdout: ${stdout}`));
    }, deadlineMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('mongod argv as the recipe passes it', () => {
  test('3.2 to 4.0 accept the recipe line and bind where it says', () => {
    for (const version of ['3.2.22', '3.6.23', '4.0.28']) {
      const args = parseMongodArgv(RECIPE_ARGV, personaFor(version));
      assert.equal(args.replSet, 'rs');
      assert.deepEqual(args.bindIp, ['0.0.0.0']);
      assert.equal(args.port, 27017);
      assert.equal(args.parsed.storage.mmapv1.smallFiles, true);
    }
  });

  test('4.2 refuses --smallfiles with mongod words', () => {
    assert.throws(() => parseMongodArgv(RECIPE_ARGV, personaFor('4.2.24')), (err: unknown) => err instanceof ArgvError && err.message === "Error parsing command line: unrecognised option '--smallfiles'" && err.exitCode === 2);
  });

  test('--bind_ip_all exists from 3.6 only', () => {
    assert.deepEqual(parseMongodArgv(['--replSet', 'rs', '--bind_ip_all'], personaFor('3.6.23')).bindIp, ['0.0.0.0']);
    assert.throws(() => parseMongodArgv(['--replSet', 'rs', '--bind_ip_all'], personaFor('3.2.22')), /unrecognised option '--bind_ip_all'/);
  });

  test('without --bind_ip, 3.6+ binds localhost and 3.2 binds every address', () => {
    assert.deepEqual(parseMongodArgv(['--replSet', 'rs'], personaFor('3.6.23')).bindIp, ['127.0.0.1']);
    assert.deepEqual(parseMongodArgv(['--replSet', 'rs'], personaFor('3.2.22')).bindIp, ['0.0.0.0']);
  });

  test('missing values and --opt=value forms follow boost program_options', () => {
    assert.throws(() => parseMongodArgv(['--replSet'], personaFor('3.2.22')), /the required argument for option '--replSet' is missing/);
    assert.equal(parseMongodArgv(['--replSet=rs0', '--port=27018'], personaFor('3.2.22')).port, 27018);
  });
});

describe('members listen where their version says', () => {
  test('3.6 without bind_ip listens on 127.0.0.1 only; 3.2 on all addresses', async () => {
    const m36 = await startMember({ port: 0, replSet: 'rs', version: '3.6.23' });
    const m32 = await startMember({ port: 0, replSet: 'rs', version: '3.2.22' });
    try {
      assert.deepEqual(m36.addresses, ['127.0.0.1']);
      assert.deepEqual(m32.addresses, ['0.0.0.0']);
    } finally {
      await m36.stop();
      await m32.stop();
    }
  });
});

describe('the CLIs as processes', () => {
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) if (c.exitCode === null && c.pid) process.kill(c.pid, 'SIGKILL');
  });

  test('mongod 4.2 with the recipe line exits 2 with mongod message on stderr', async () => {
    const result = await finished(run('mongod.ts', RECIPE_ARGV, { MONGO_STANDIN_VERSION: '4.2.24' }), 15_000);
    assert.equal(result.code, 2);
    assert.equal(result.stderr.split('\n')[0], "Error parsing command line: unrecognised option '--smallfiles'");
  });

  test('the health probe exits 0 against a running mongod, 1 when it is gone, 253 for other scripts', async () => {
    const port = await freePort();
    const mongod = run('mongod.ts', ['--replSet', 'rs', '--journal', '--smallfiles', '--bind_ip', '127.0.0.1', '--port', String(port)], { MONGO_STANDIN_VERSION: '3.2.22' });
    children.push(mongod);
    const exited = finished(mongod, 30_000);
    await waitFor('mongod to accept connections', 15_000, () =>
      new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => {
          s.destroy();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      }),
    );
    const ok = await finished(run('shell.ts', ['--quiet', `127.0.0.1:${port}/test`, '--eval', PROBE]), 15_000);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    const other = await finished(run('shell.ts', ['--quiet', `127.0.0.1:${port}/test`, '--eval', 'db.stats()']), 15_000);
    assert.equal(other.code, 253);
    assert.match(other.stderr, /only runs the recipe's health probe/);
    mongod.kill('SIGTERM');
    const { code, stdout } = await exited;
    assert.equal(code, 0);
    assert.match(stdout, /I NETWORK  \[initandlisten\] waiting for connections on port \d+/);
    assert.match(stdout, /I CONTROL  \[initandlisten\] db version v3\.2\.22/);
    const down = await finished(run('shell.ts', ['--quiet', `127.0.0.1:${port}/test`, '--eval', PROBE]), 15_000);
    assert.equal(down.code, 1);
    assert.match(down.stdout, /couldn't connect to server 127\.0\.0\.1:\d+/);
  });
});
