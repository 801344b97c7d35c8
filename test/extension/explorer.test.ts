// The explorer's rows, read through the real VS Code API from the extension host, against the rehearsal swarm.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CometSwarmApi } from '../../src/extension';

const EXTENSION_ID = 'comet-swarm.comet-swarm';

async function api(): Promise<CometSwarmApi> {
  const extension = vscode.extensions.getExtension<CometSwarmApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  return extension.activate();
}

async function children(tree: CometSwarmApi['tree'], element?: vscode.TreeItem): Promise<vscode.TreeItem[]> {
  return (await tree.getChildren(element)) ?? [];
}

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

suite('Swarm explorer against the rehearsal swarm', () => {
  let cometSwarm: CometSwarmApi;

  suiteSetup(async function () {
    this.timeout(60_000);
    cometSwarm = await api();
    await cometSwarm.refresh();
  });

  test('the engine answered as a swarm manager', () => {
    const status = cometSwarm.status();
    assert.ok(status, 'no status after a refresh');
    assert.ok(status.ok, `engine problem: ${status.ok ? '' : `${status.problem.summary}: ${status.problem.detail}`}`);
    assert.equal(status.engine.isManager, true);
  });

  test('the root rows are Comet, Mongo, Orion, Other and Nodes, in that order', async () => {
    const roots = await children(cometSwarm.tree);
    assert.deepEqual(roots.map(label), ['Comet', 'Mongo', 'Orion', 'Other', 'Nodes']);
  });

  test('Comet lists comet_comet with 2/2 replicas and two running tasks', async () => {
    const [comet] = await children(cometSwarm.tree);
    const services = await children(cometSwarm.tree, comet);
    const service = services.find((s) => label(s) === 'comet_comet');
    assert.ok(service, `no comet_comet row among ${services.map(label).join(', ')}`);
    assert.match(String(service.description), /^2\/2 {2}telefonicaiot\/fiware-sth-comet:2\.2\.0/);
    assert.equal(service.contextValue, 'service.comet.converged.replicated.stack');
    const tasks = await children(cometSwarm.tree, service);
    const running = tasks.filter((t) => t.contextValue === 'task.running').map(label).sort();
    assert.deepEqual(running, ['comet_comet.1', 'comet_comet.2']);
  });

  test('Mongo shows the replica set rs with one PRIMARY and two SECONDARY members', async () => {
    const mongo = (await children(cometSwarm.tree))[1];
    const rows = await children(cometSwarm.tree, mongo);
    const set = rows.find((r) => r.contextValue?.startsWith('replicaSet.'));
    assert.ok(set, 'no replica set row');
    assert.equal(label(set), 'Replica set rs');
    assert.equal(set.contextValue, 'replicaSet.ok');
    const members = await children(cometSwarm.tree, set);
    const states = members.map((m) => String(m.description).split(' · ')[0]).sort();
    assert.deepEqual(states, ['PRIMARY', 'SECONDARY', 'SECONDARY']);
    assert.deepEqual(members.map((m) => m.contextValue).sort(), ['member.primary', 'member.secondary', 'member.secondary']);
    // Each member is matched to the mongod task whose overlay address it carries.
    for (const m of members) assert.match(String(m.description), / · mongo-rs_mongo\.\d$/);
    const services = rows.filter((r) => r.contextValue?.startsWith('service.')).map(label).sort();
    assert.deepEqual(services, ['mongo-rs_controller', 'mongo-rs_mongo']);
  });

  test('Orion lists the orion service of the orion stack', async () => {
    const orion = (await children(cometSwarm.tree))[2];
    const services = await children(cometSwarm.tree, orion);
    assert.ok(services.some((s) => /^orion_orion$/.test(label(s)) && String(s.description).includes('fiware/orion:1.12.0')), services.map(label).join(', '));
  });

  test('Nodes lists this one-node swarm\'s manager as leader', async () => {
    const nodes = (await children(cometSwarm.tree))[4];
    const rows = await children(cometSwarm.tree, nodes);
    assert.equal(rows.length, 1);
    assert.match(String(rows[0].description), /^manager \(leader\) · active · ready$/);
  });
});
