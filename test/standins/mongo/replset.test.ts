// Proves replica-set behaviour across three members as the official driver sees it: discovery, replication, NotMaster, failover, SDAM fields.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Member } from './member';
import { direct, initiate, mongodb, seedList, startMembers, stopAll, waitFor, waitForPrimary, type MongoClientLike } from './testkit';

const CLIENT_OPTIONS = { useUnifiedTopology: true, heartbeatFrequencyMS: 500, serverSelectionTimeoutMS: 10_000 };

for (const version of ['3.2.22', '4.2.24', '4.4.29']) {
  describe(`three ${version} members on 127.0.0.1`, () => {
    let members: Member[] = [];
    let primary: Member;
    let client: MongoClientLike;
    const clients: MongoClientLike[] = [];

    before(async () => {
      members = await startMembers(3, { version });
      primary = await initiate(members);
      client = new mongodb.MongoClient(`mongodb://${seedList(members)}/?replicaSet=rs`, CLIENT_OPTIONS);
      clients.push(client);
      await client.connect();
    });
    after(async () => {
      await Promise.all(clients.map((c) => c.close(true).catch(() => undefined)));
      await stopAll(members);
    });

    test('the driver with replicaSet=rs finds the primary, writes there and reads the write back from a secondary', async () => {
      const coll = client.db('sth_default').collection('sth_/_Room1_Room');
      await coll.insertOne({ attrName: 'temperature', attrValue: 23, recvTime: new Date() }, { writeConcern: { w: 'majority', wtimeout: 5000 } });
      assert.equal(client.topology.description.type, 'ReplicaSetWithPrimary');
      const fromSecondary = await waitFor('the write on a secondary', 5000, async () => {
        const docs = await client.db('sth_default').collection('sth_/_Room1_Room', { readPreference: 'secondary' }).find({ attrValue: 23 }).toArray();
        return docs.length === 1 ? docs : undefined;
      });
      assert.equal(fromSecondary[0].attrName, 'temperature');
      // Both secondaries replicate (pulling the primary's oplog), not just one.
      for (const secondary of members.filter((m) => m !== primary)) {
        // Like real mongod, a secondary answers reads only when the client allows it.
        const c = await direct(secondary, '&readPreference=secondaryPreferred');
        clients.push(c);
        await waitFor(`the write on ${secondary.address}`, 5000, async () => {
          const n = await c.db('sth_default').collection('sth_/_Room1_Room').countDocuments({ attrValue: 23 });
          return n === 1;
        });
      }
    });

    test('writes on a secondary over directConnection fail with code 10107 and the version wording', async () => {
      const secondary = members.find((m) => m !== primary && m.repl.state === 2)!;
      const c = await direct(secondary);
      clients.push(c);
      // Driver 3.7.4 never selects a non-writable server for insertOne, even when direct; a command
      // with a secondary-tolerant read preference is how a write reaches a secondary through it.
      const insert = { insert: 'c', documents: [{ a: 1 }] };
      await assert.rejects(c.db('t').command(insert, { readPreference: 'secondaryPreferred' }), (err: any) => {
        assert.equal(err.code, 10107);
        assert.equal(err.message, 'not master');
        const expected = version === '3.2.22' ? undefined : version === '4.2.24' ? 'NotMaster' : 'NotWritablePrimary';
        assert.equal(err.codeName, expected);
        return true;
      });
    });

    test('replSetGetStatus shows one PRIMARY, two SECONDARY with heartbeat fields', async () => {
      const status = await client.db('admin').command({ replSetGetStatus: 1 });
      assert.equal(status.set, 'rs');
      assert.deepEqual(status.members.map((m: any) => m.stateStr).sort(), ['PRIMARY', 'SECONDARY', 'SECONDARY']);
      for (const m of status.members) {
        assert.equal(m.health, 1);
        if (m.self) continue;
        assert.ok(m.lastHeartbeat instanceof Date && m.lastHeartbeat.getTime() > 0);
        assert.ok(m.lastHeartbeatRecv instanceof Date);
        assert.equal(typeof m.lastHeartbeatMessage, 'string');
      }
      const primaryEntry = status.members.find((m: any) => m.state === 1);
      assert.ok(primaryEntry.electionDate instanceof Date);
    });

    test('stopping the primary: a new primary is elected, the driver follows, electionId grows and setVersion stays', async () => {
      const before = client.topology.description;
      const oldElectionId = before.maxElectionId!.toHexString();
      assert.equal(before.maxSetVersion, 1);
      const old = primary;
      await old.stop();
      const started = Date.now();
      let attempts = 0;
      await waitFor('a write accepted after failover', 15_000, async () => {
        attempts++;
        await client.db('t').collection('after').insertOne({ at: new Date() });
        return true;
      }, 100);
      primary = await waitForPrimary(members, 5000, old);
      assert.notEqual(primary, old);
      const now = client.topology.description;
      assert.equal(now.type, 'ReplicaSetWithPrimary');
      assert.equal(now.maxSetVersion, 1);
      assert.ok(now.maxElectionId!.toHexString() > oldElectionId, `${now.maxElectionId!.toHexString()} > ${oldElectionId}`);
      // The write made before the failover survived on the new primary.
      const c = await direct(primary);
      clients.push(c);
      assert.equal(await c.db('sth_default').collection('sth_/_Room1_Room').countDocuments({}), 1);
      assert.ok(Date.now() - started < 15_000, `failover took ${Date.now() - started}ms over ${attempts} attempts`);
    });

    test('replSetReconfig on the primary bumps setVersion and the driver sees it', async () => {
      const admin = client.db('admin');
      const { config } = await admin.command({ replSetGetConfig: 1 });
      config.version += 1;
      await admin.command({ replSetReconfig: config });
      await waitFor('the driver to see setVersion 2', 10_000, () => client.topology.description.maxSetVersion === 2);
      const reply = await admin.command({ isMaster: 1 });
      assert.equal(reply.setVersion, 2);
    });
  });
}

describe('wrong or missing replica set, as driver 3.7.4 reports it', () => {
  let members: Member[] = [];
  before(async () => {
    members = await startMembers(3, { version: '3.2.22' });
  });
  after(() => stopAll(members));

  /** Connects and always closes, so a failed connect leaves no monitor running. */
  async function connectError(uri: string, options: Record<string, unknown>): Promise<any> {
    const client = new mongodb.MongoClient(uri, options);
    try {
      await client.connect();
      return undefined;
    } catch (err) {
      return err;
    } finally {
      await client.close(true).catch(() => undefined);
    }
  }

  test('a set that was never initiated: the unified topology times out server selection', async () => {
    const err = await connectError(`mongodb://${seedList(members)}/?replicaSet=rs`, { useUnifiedTopology: true, serverSelectionTimeoutMS: 1500 });
    assert.ok(err instanceof mongodb.MongoServerSelectionError, String(err));
    assert.equal(err.message, 'Server selection timed out after 1500 ms');
  });

  test('a set that was never initiated: the legacy topology gives the message STH-Comet logs', async () => {
    const err = await connectError(`mongodb://${seedList(members)}/?replicaSet=rs`, { connectTimeoutMS: 2000 });
    assert.ok(err instanceof mongodb.MongoError, String(err));
    assert.equal(err.message, 'no primary found in replicaset or invalid replica set name');
  });

  test('a replicaSet name other than the live set: the legacy topology names both', async () => {
    await initiate(members);
    const err = await connectError(`mongodb://${seedList(members)}/?replicaSet=wrong`, { connectTimeoutMS: 2000 });
    assert.ok(err instanceof mongodb.MongoError, String(err));
    assert.equal(err.message, 'setName from ismaster does not match provided connection setName [rs] != [wrong]');
  });

  test('a replicaSet name other than the live set: the unified topology of 3.7.4 does not check it', async () => {
    // NativeTopology renames replicaSet to setName before TopologyDescription reads replicaSet,
    // so the expected name is lost and the first setName seen wins: a product check cannot rely
    // on a driver error here and must compare hello.setName itself.
    const client = new mongodb.MongoClient(`mongodb://${seedList(members)}/?replicaSet=wrong`, { useUnifiedTopology: true, serverSelectionTimeoutMS: 5000 });
    try {
      await client.connect();
      assert.equal(client.topology.description.setName, 'rs');
      assert.equal((await client.db('admin').command({ isMaster: 1 })).setName, 'rs');
    } finally {
      await client.close(true);
    }
  });
});
