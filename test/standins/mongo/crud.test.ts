// Proves the data commands an STH-Comet stand-in needs, through the official driver, plus raw OP_MSG document sequences.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ObjectId, type Document } from './bson';
import type { Member } from './member';
import { direct, initiate, startMembers, stopAll, type DbLike, type MongoClientLike } from './testkit';
import { encodeMsg, FrameReader, MSG_CHECKSUM_PRESENT, parseFrame } from './wire';

for (const version of ['3.2.22', '4.0.28']) {
  describe(`CRUD on a one-member ${version} set`, () => {
    let members: Member[] = [];
    let client: MongoClientLike;
    let db: DbLike;
    before(async () => {
      members = await startMembers(1, { version });
      await initiate(members);
      client = await direct(members[0]);
      db = client.db('sth_default');
      await db.collection('c').insertMany(Array.from({ length: 10 }, (_, i) => ({ _id: i, i, g: i % 3, ...(i % 2 ? { odd: true } : {}), tags: [`t${i % 4}`] })));
    });
    after(async () => {
      await client?.close();
      await stopAll(members);
    });

    test('find filters with equality, ranges, $in, $exists and array membership', async () => {
      const c = db.collection('c');
      assert.deepEqual((await c.find({ g: 1 }).toArray()).map((d: Document) => d.i), [1, 4, 7]);
      assert.deepEqual((await c.find({ i: { $gt: 2, $lte: 5 } }).toArray()).map((d: Document) => d.i), [3, 4, 5]);
      assert.deepEqual((await c.find({ i: { $gte: 8 } }).toArray()).map((d: Document) => d.i), [8, 9]);
      assert.deepEqual((await c.find({ i: { $lt: 2 } }).toArray()).map((d: Document) => d.i), [0, 1]);
      assert.deepEqual((await c.find({ i: { $in: [2, 5, 42] } }).toArray()).map((d: Document) => d.i), [2, 5]);
      assert.equal((await c.find({ odd: { $exists: true } }).toArray()).length, 5);
      assert.equal((await c.find({ odd: { $exists: false } }).toArray()).length, 5);
      assert.deepEqual((await c.find({ tags: 't1' }).toArray()).map((d: Document) => d.i), [1, 5, 9]);
    });

    test('find sorts, skips, limits and projects; small batches go through getMore', async () => {
      const c = db.collection('c');
      const docs = await c.find({}).sort({ g: -1, i: 1 }).skip(1).limit(4).project({ i: 1, _id: 0 }).toArray();
      assert.deepEqual(docs, [{ i: 5 }, { i: 8 }, { i: 1 }, { i: 4 }]);
      const all = await c.find({}).batchSize(3).toArray();
      assert.equal(all.length, 10);
      const noTags = await c.find({ i: 0 }).project({ tags: 0 }).toArray();
      assert.deepEqual(noTags, [{ _id: 0, i: 0, g: 0 }]);
    });

    test('count, countDocuments and aggregate with $match/$sort/$skip/$limit/$group', async () => {
      const c = db.collection('c');
      assert.equal(await c.countDocuments({ g: 0 }), 4);
      assert.equal(await c.countDocuments({}, { skip: 2, limit: 5 }), 5);
      assert.equal(await c.estimatedDocumentCount(), 10);
      const groups = await c
        .aggregate([{ $match: { i: { $gte: 1 } } }, { $group: { _id: '$g', n: { $sum: 1 }, total: { $sum: '$i' } } }, { $sort: { _id: 1 } }, { $skip: 1 }, { $limit: 1 }])
        .toArray();
      assert.deepEqual(groups, [{ _id: 1, n: 3, total: 12 }]);
    });

    test('updates: upsert with $setOnInsert and $inc on array slots (the STH aggregate shape), $set multi, replace', async () => {
      const aggr = db.collection('sth_/_Room1_Room.aggr');
      const key = { attrName: 'temperature', origin: new Date('2024-01-01T00:00:00Z'), resolution: 'hour', range: 'day' };
      for (const value of [23, 29.5]) {
        await aggr.updateOne(
          key,
          { $setOnInsert: { points: Array.from({ length: 24 }, (_, offset) => ({ offset, samples: 0, sum: 0 })) }, $inc: { 'points.3.samples': 1, 'points.3.sum': value } },
          { upsert: true },
        );
      }
      const doc = await aggr.findOne(key);
      assert.equal(doc.points.length, 24);
      assert.deepEqual(doc.points[3], { offset: 3, samples: 2, sum: 52.5 });
      const many = await db.collection('c').updateMany({ g: 2 }, { $set: { seen: true } });
      assert.equal(many.matchedCount, 3);
      assert.equal(many.modifiedCount, 3);
      const upserted = await db.collection('c').updateOne({ _id: 100 }, { $set: { i: 100 } }, { upsert: true });
      assert.equal(upserted.upsertedId._id, 100);
      await db.collection('c').replaceOne({ _id: 100 }, { i: 101 });
      assert.deepEqual(await db.collection('c').findOne({ _id: 100 }), { _id: 100, i: 101 });
    });

    test('deletes, duplicate keys and unique indexes', async () => {
      const c = db.collection('d');
      await c.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }]);
      assert.equal((await c.deleteOne({ _id: { $gte: 2 } })).deletedCount, 1);
      assert.equal((await c.deleteMany({})).deletedCount, 2);
      const id = new ObjectId();
      await c.insertOne({ _id: id, k: 'a' });
      await assert.rejects(c.insertOne({ _id: id }), (err: any) => err.code === 11000 && err.message.startsWith('E11000 duplicate key error collection: sth_default.d index: _id_ dup key: { : ObjectId('));
      await c.createIndex({ k: 1 }, { unique: true });
      await assert.rejects(c.insertOne({ k: 'a' }), (err: any) => err.code === 11000 && /index: k_1 dup key: \{ : "a" \}/.test(err.message));
    });

    test('indexes, collections and databases are listed and dropped', async () => {
      const c = db.collection('idx');
      assert.equal(await c.createIndex({ recvTime: 1, attrName: -1 }), 'recvTime_1_attrName_-1');
      const indexes = await c.indexes();
      assert.deepEqual(indexes.map((i: Document) => i.name), ['_id_', 'recvTime_1_attrName_-1']);
      const names = (await db.listCollections().toArray()).map((x) => x.name).sort();
      assert.ok(names.includes('idx') && names.includes('c'));
      const dbs = await client.db('admin').admin().listDatabases();
      assert.ok(dbs.databases.some((d: Document) => d.name === 'sth_default'));
      assert.equal(await c.drop(), true);
      await assert.rejects(c.drop(), (err: any) => err.code === 26 && err.message === 'ns not found');
      await client.db('scratch').collection('x').insertOne({ a: 1 });
      assert.equal(await client.db('scratch').dropDatabase(), true);
      const after = await client.db('admin').admin().listDatabases();
      assert.ok(!after.databases.some((d: Document) => d.name === 'scratch'));
    });

    test('collection namespaces over 120 bytes are refused with code 73, as before 4.4', async () => {
      const name = 'sth_/_' + 'x'.repeat(120);
      await assert.rejects(db.collection(name).insertOne({ a: 1 }), (err: any) => {
        assert.equal(err.code, 73);
        assert.equal(err.message, `fully qualified namespace sth_default.${name} is too long (max is 120 bytes)`);
        return true;
      });
    });
  });
}

describe('raw OP_MSG', () => {
  let members: Member[] = [];
  before(async () => {
    members = await startMembers(1, { version: '4.0.28' });
    await initiate(members);
  });
  after(() => stopAll(members));

  function roundTrip(frame: Buffer): Promise<Document> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(members[0].port, '127.0.0.1', () => socket.write(frame));
      const reader = new FrameReader();
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error('no reply within 5s'));
      }, 5000);
      socket.on('data', (chunk) => {
        for (const f of reader.push(chunk)) {
          const msg = parseFrame(f);
          clearTimeout(timer);
          socket.destroy();
          if (msg.kind === 'msg') resolve(msg.body);
          else reject(new Error(`unexpected ${msg.kind}`));
        }
      });
      socket.on('error', reject);
    });
  }

  test('an insert whose documents come as a kind-1 sequence, with a checksum trailer, is applied', async () => {
    const body = encodeMsg(7, 0, { insert: 'seq', $db: 'raw' }, 0, new Map([['documents', [{ _id: 1 }, { _id: 2 }]]]));
    // Set checksumPresent and append four bytes: the stand-in tolerates the trailer without checking it.
    const withChecksum = Buffer.concat([body, Buffer.alloc(4)]);
    withChecksum.writeInt32LE(withChecksum.length, 0);
    withChecksum.writeUInt32LE(MSG_CHECKSUM_PRESENT, 16);
    const reply = await roundTrip(withChecksum);
    assert.equal(reply.ok, 1);
    assert.equal(reply.n, 2);
    const count = await roundTrip(encodeMsg(8, 0, { count: 'seq', $db: 'raw' }));
    assert.equal(count.n, 2);
  });
});
