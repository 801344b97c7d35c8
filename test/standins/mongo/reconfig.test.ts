// Proves what the replica-set controller relies on: members added by reconfig sync up, a primary without a majority steps down, force reconfig recovers.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Member } from './member';
import { direct, initiate, startMembers, stopAll, waitFor, waitForPrimary } from './testkit';

describe('controller-style reconfiguration (3.2)', () => {
  const all: Member[] = [];
  after(() => stopAll(all));

  test('a member added by replSetReconfig gets the config by heartbeat and copies existing data', async () => {
    const members = await startMembers(3, { version: '3.2.22' });
    all.push(...members);
    const [a, b, c] = members;
    const primary = await initiate([a, b]);
    const client = await direct(primary);
    try {
      await client.db('sth_default').collection('before').insertMany([{ n: 1 }, { n: 2 }]);
      assert.equal(c.repl.config, undefined);
      const { config } = await client.db('admin').command({ replSetGetConfig: 1 });
      config.members.push({ _id: 2, host: c.address });
      config.version += 1;
      await client.db('admin').command({ replSetReconfig: config });
      await waitFor('the new member to join as SECONDARY', 5000, () => c.repl.config?.version === 2 && c.repl.state === 2);
      const cc = await direct(c, '&readPreference=secondaryPreferred');
      try {
        await waitFor('the existing documents on the new member', 5000, async () => (await cc.db('sth_default').collection('before').countDocuments({})) === 2);
      } finally {
        await cc.close();
      }
      const status = await client.db('admin').command({ replSetGetStatus: 1 });
      assert.deepEqual(status.members.map((m: any) => m.stateStr).sort(), ['PRIMARY', 'SECONDARY', 'SECONDARY']);
    } finally {
      await client.close();
    }
  });

  test('a primary that loses the majority steps down; a forced reconfig on the survivor elects it', async () => {
    const members = await startMembers(3, { version: '3.2.22' });
    all.push(...members);
    const primary = await initiate(members);
    const others = members.filter((m) => m !== primary);
    await Promise.all(others.map((m) => m.stop()));
    await waitFor('the lone primary to step down', 5000, () => primary.repl.state === 2);
    const client = await direct(primary);
    try {
      const status = await client.db('admin').command({ replSetGetStatus: 1 });
      const down = status.members.filter((m: any) => !m.self);
      assert.deepEqual(down.map((m: any) => [m.health, m.state, m.stateStr]), [[0, 8, '(not reachable/healthy)'], [0, 8, '(not reachable/healthy)']]);
      assert.ok(down.every((m: any) => m.lastHeartbeatMessage === 'Connection refused'));
      const { config } = await client.db('admin').command({ replSetGetConfig: 1 });
      const oldVersion = config.version;
      await assert.rejects(
        client.db('admin').command({ replSetReconfig: { ...config, members: [config.members.find((m: any) => m.host === primary.address)], version: oldVersion + 1 } }),
        (err: any) => err.code === 10107 && /use the "force" argument to override/.test(err.message),
      );
      config.members = config.members.filter((m: any) => m.host === primary.address);
      config.version = oldVersion + 1;
      await client.db('admin').command({ replSetReconfig: config, force: true });
      await waitForPrimary([primary], 5000);
      const after = await client.db('admin').command({ replSetGetConfig: 1 });
      assert.ok(after.config.version > oldVersion + 10000, `forced version ${after.config.version} jumps far ahead`);
    } finally {
      await client.close();
    }
  });

  test('a member given a higher priority takes over once caught up; replSetStepDown hands the role on', async () => {
    const members = await startMembers(3, { version: '3.2.22' });
    all.push(...members);
    const primary = await initiate(members);
    const favourite = members.find((m) => m !== primary)!;
    const client = await direct(primary);
    try {
      const { config } = await client.db('admin').command({ replSetGetConfig: 1 });
      config.members.find((m: any) => m.host === favourite.address).priority = 2;
      config.version += 1;
      await client.db('admin').command({ replSetReconfig: config });
    } finally {
      await client.close(true);
    }
    await waitFor('the favourite to take over', 8000, () => favourite.repl.isPrimary && members.every((m) => m.repl.primaryHost === favourite.address));
    assert.equal(primary.repl.state, 2);
    const fc = await direct(favourite);
    try {
      // 3.2 closes client connections when stepping down, so the reply may be lost on the way.
      await fc.db('admin').command({ replSetStepDown: 60 }).catch(() => undefined);
    } finally {
      await fc.close(true);
    }
    const next = await waitFor('another primary after replSetStepDown', 8000, () => {
      const p = members.find((m) => m.repl.isPrimary);
      return p && p !== favourite ? p : undefined;
    });
    assert.notEqual(next, favourite);
    assert.equal(favourite.repl.state, 2);
  });
});
