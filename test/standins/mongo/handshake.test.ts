// Proves the handshake and admin commands as the official driver sees them, per version persona and before/after initiation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Member } from './member';
import { direct, initiate, startMembers, stopAll, type MongoClientLike } from './testkit';

describe('a member that was never initiated (3.2, the recipe default)', () => {
  let members: Member[] = [];
  let client: MongoClientLike;
  before(async () => {
    members = await startMembers(1, { version: '3.2.22' });
    client = await direct(members[0]);
  });
  after(async () => {
    await client?.close();
    await stopAll(members);
  });

  test('isMaster has no setName and says it is a replica set without a valid config', async () => {
    const reply = await client.db('admin').command({ isMaster: 1 });
    assert.equal(reply.setName, undefined);
    assert.equal(reply.hosts, undefined);
    assert.equal(reply.isreplicaset, true);
    assert.equal(reply.ismaster, false);
    assert.equal(reply.secondary, false);
    assert.equal(reply.info, 'Does not have a valid replica set config');
    assert.equal(reply.maxWireVersion, 4);
    assert.equal(reply.minWireVersion, 0);
    assert.equal(reply.maxBsonObjectSize, 16 * 1024 * 1024);
    assert.equal(reply.maxMessageSizeBytes, 48_000_000);
    assert.equal(reply.maxWriteBatchSize, 1000);
    assert.ok(reply.localTime instanceof Date);
    assert.equal(reply.ok, 1);
    // 3.2 had neither sessions nor topologyVersion nor lastWrite.
    assert.equal(reply.logicalSessionTimeoutMinutes, undefined);
    assert.equal(reply.topologyVersion, undefined);
  });

  test('replSetGetStatus fails with code 94 NotYetInitialized', async () => {
    await assert.rejects(client.db('admin').command({ replSetGetStatus: 1 }), (err: any) => {
      assert.equal(err.code, 94);
      assert.equal(err.message, 'no replset config has been received');
      // 3.2 answers without codeName (it came in 3.4).
      assert.equal(err.codeName, undefined);
      return true;
    });
  });

  test('replSetGetConfig fails the same way before initiation', async () => {
    await assert.rejects(client.db('admin').command({ replSetGetConfig: 1 }), (err: any) => err.code === 94);
  });

  test('hello does not exist on 3.2 and unknown commands fail with code 59', async () => {
    await assert.rejects(client.db('admin').command({ hello: 1 }), (err: any) => err.code === 59 && /^no such command: 'hello'/.test(err.message));
    await assert.rejects(client.db('admin').command({ fooBar: 1 }), (err: any) => err.code === 59);
  });

  test('ping and buildInfo answer with the persona version', async () => {
    assert.equal((await client.db('admin').command({ ping: 1 })).ok, 1);
    const info = await client.db('admin').command({ buildInfo: 1 });
    assert.equal(info.version, '3.2.22');
    assert.deepEqual(info.versionArray, [3, 2, 22, 0]);
    assert.equal(info.bits, 64);
    assert.match(info.gitVersion, /^[0-9a-f]{40}$/);
    assert.equal(info.maxBsonObjectSize, 16 * 1024 * 1024);
  });

  test('the driver talked OP_QUERY only, since maxWireVersion 4 < 6', () => {
    assert.ok(members[0].opCounters.query > 0);
    assert.equal(members[0].opCounters.msg, 0);
  });

  test('replSetInitiate refuses a set name other than --replSet with code 93 and mongod wording', async () => {
    await assert.rejects(
      client.db('admin').command({ replSetInitiate: { _id: 'other', members: [{ _id: 0, host: members[0].address }] } }),
      (err: any) => err.code === 93 && err.message === 'Attempting to initiate a replica set with name other, but command line reports rs; rejecting',
    );
  });

  test('replSetInitiate refuses a config with an unreachable member (quorum check)', async () => {
    await assert.rejects(
      client.db('admin').command({ replSetInitiate: { _id: 'rs', members: [{ _id: 0, host: members[0].address }, { _id: 1, host: '127.0.0.1:1' }] } }),
      (err: any) => err.code === 74 && /quorum check failed.*127\.0\.0\.1:1 failed with Connection refused/.test(err.message),
    );
  });
});

describe('an initiated single member per version', () => {
  for (const version of ['3.2.22', '3.6.23', '4.2.24', '4.4.29', '6.0.20']) {
    test(`${version}: isMaster after initiation has the set fields drivers need`, async () => {
      const members = await startMembers(1, { version });
      let client: MongoClientLike | undefined;
      try {
        const primary = await initiate(members);
        client = await direct(primary);
        const reply = await client.db('admin').command({ isMaster: 1 });
        assert.equal(reply.setName, 'rs');
        assert.equal(reply.setVersion, 1);
        assert.deepEqual(reply.hosts, [primary.address]);
        assert.equal(reply.primary, primary.address);
        assert.equal(reply.me, primary.address);
        assert.equal(reply.ismaster, true);
        assert.equal(reply.secondary, false);
        // electionId is 7fffffff followed by the term, as protocol version 1 builds it.
        assert.match(reply.electionId.toHexString(), /^7fffffff0{15}1$/);
        const major = Number(version.split('.')[0]);
        const minor = Number(version.split('.')[1]);
        const wire: Record<string, number> = { '3.2': 4, '3.6': 6, '4.2': 8, '4.4': 9, '6.0': 17 };
        assert.equal(reply.maxWireVersion, wire[`${major}.${minor}`]);
        assert.equal(reply.logicalSessionTimeoutMinutes === 30, major > 3 || minor >= 6);
        assert.equal(reply.topologyVersion !== undefined, major > 4 || (major === 4 && minor >= 4));
        assert.equal(reply.lastWrite !== undefined, major > 3 || minor >= 4);
        const helloExists = version !== '3.2.22';
        if (helloExists) {
          const hello = await client.db('admin').command({ hello: 1 });
          assert.equal(hello.isWritablePrimary, true);
          assert.equal(hello.ismaster, undefined);
        }
        const status = await client.db('admin').command({ replSetGetStatus: 1 });
        assert.equal(status.set, 'rs');
        assert.equal(status.myState, 1);
        assert.equal(status.term !== undefined, major > 3 || minor >= 6);
        const self = status.members[0];
        assert.equal(self.self, true);
        assert.equal(self.stateStr, 'PRIMARY');
        assert.equal(self.health, 1);
        assert.ok(self.electionDate instanceof Date);
        assert.ok(self.optimeDate instanceof Date);
        const protocol = members[0].opCounters;
        assert.equal(protocol.msg > 0, reply.maxWireVersion >= 6, 'OP_MSG is used exactly when maxWireVersion >= 6');
      } finally {
        await client?.close();
        await stopAll(members);
      }
    });
  }
});
