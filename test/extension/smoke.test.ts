// Smoke test of the extension in a real VS Code: it is installed, activates, and registers its commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'comet-swarm.comet-swarm';

suite('Comet Swarm extension in a real VS Code', () => {
  test('the extension is present under its publisher.name id', () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} is not installed`);
  });

  test('the extension activates without throwing', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('command cometSwarm.refresh is registered once the extension is active', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('cometSwarm.refresh'), 'cometSwarm.refresh is not registered');
  });
});
