// End to end in a real VS Code (code-server): scale Comet from the tree and watch the row follow; stop dockerd and see the error; start it and see the tree come back. Screenshots in test-artifacts/. Runs last: it stops the engine.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { buildExtension, extensionUnderTest } from '../vscode/extension';
import { clickActivityBarItem, screenshot, startWorkbench, waitForTreeRow, type WorkbenchSession } from '../vscode/workbench';
import { engineStartedByRehearsal, ensureEngine, stopEngine } from '../rehearsal/engine';
import { up } from '../rehearsal/up';

const SERVICE = 'comet_comet';
const UNREACHABLE = 'Docker is not reachable at unix:///var/run/docker.sock';

let wb: WorkbenchSession;

before(async () => {
  const extension = extensionUnderTest();
  buildExtension(extension);
  wb = await startWorkbench({ extensionDevelopmentPath: extension, viewport: { width: 1400, height: 900 } });
});

after(async () => {
  await wb?.close();
  // Leave the engine up, Comet at the recipe's 2 replicas and the rehearsal converged for later runs.
  await ensureEngine();
  execFileSync('docker', ['service', 'scale', '--detach', `${SERVICE}=2`], { stdio: 'ignore', env: { ...process.env, DOCKER_HOST: '' } });
  await up();
});

/** The service row, found by its accessible name, which carries replicas and states. */
function serviceRow(labelStart: string) {
  return wb.page.locator(`.part.sidebar .monaco-list-row[aria-label^="${labelStart}"]`).first();
}

async function rowLabels(): Promise<string> {
  const labels = await wb.page.locator('.part.sidebar .monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
  return labels.join(' | ');
}

/** Right-click the row, choose "Scale...", type the count, Enter: what a user does. */
async function scaleFromTree(replicas: number): Promise<void> {
  await serviceRow(`${SERVICE} `).click({ button: 'right' });
  const item = wb.page.locator('.context-view .monaco-menu .action-item').filter({ hasText: /^Scale\.\.\.$/ }).first();
  // VS Code's menus ignore a mouse-up that comes too soon after they open (it would be the right-click's own);
  // hovering first is what a person's pointer does anyway.
  await item.hover();
  await item.click({ delay: 50 });
  const input = wb.page.locator('.quick-input-widget .quick-input-box input').first();
  await input.waitFor({ state: 'visible' });
  await input.fill(String(replicas));
  await input.press('Enter');
}

async function waitForRow(labelStart: string, timeoutMs: number): Promise<void> {
  try {
    await serviceRow(labelStart).waitFor({ state: 'visible', timeout: timeoutMs });
  } catch (error) {
    throw new Error(`no row "${labelStart}..." within ${timeoutMs} ms; rows: ${await rowLabels()}`, { cause: error });
  }
}

test('scaling Comet from the tree to 3 shows comet_comet 3/3, and back to 2 shows 2/2', async () => {
  await clickActivityBarItem(wb.page, 'Comet Swarm');
  await waitForTreeRow(wb.page, SERVICE, 60_000);
  await waitForRow(`${SERVICE} 2/2, 2 running of 2 desired`, 60_000);
  await scaleFromTree(3);
  try {
    await waitForRow(`${SERVICE} 3/3, 3 running of 3 desired, `, 60_000);
  } finally {
    await screenshot(wb.page, 'explorer-live-scaled-3');
  }
  await scaleFromTree(2);
  await waitForRow(`${SERVICE} 2/2, 2 running of 2 desired, `, 60_000);
});

test('stopping dockerd replaces the tree with an error row naming the socket and the next steps; starting it brings the tree back', async (t) => {
  const engine = engineStartedByRehearsal();
  if ('reason' in engine) assert.fail(`refusing to stop dockerd: ${engine.reason}`);
  // A stopping dockerd first leaves the swarm (its API then says "not part of a swarm"), and closes
  // its socket only once its containers are down, seconds later: both are errors the view must show.
  const anyErrorRow = wb.page.locator('.part.sidebar .monaco-list-row').filter({ hasText: /^(Docker is not reachable at|The engine at) unix:\/\/\/var\/run\/docker\.sock/ }).first();
  const unreachableRow = wb.page.locator('.part.sidebar .monaco-list-row').filter({ hasText: UNREACHABLE }).first();

  const stoppedAt = Date.now();
  const stopping = stopEngine();
  await anyErrorRow.waitFor({ state: 'visible', timeout: 10_000 });
  const downMs = Date.now() - stoppedAt;
  await stopping;
  const exitedAt = Date.now();
  try {
    await unreachableRow.waitFor({ state: 'visible', timeout: 10_000 });
  } finally {
    await screenshot(wb.page, 'explorer-live-engine-stopped');
  }
  const unreachableMs = Date.now() - exitedAt;
  const sideBar = (await wb.page.locator('.part.sidebar').innerText()).replace(/\s+/g, ' ');
  // The OS's words for it: the socket is gone (ENOENT), refuses (ECONNREFUSED), or a request was cut (ECONNRESET).
  assert.match(sideBar, /connect ENOENT \/var\/run\/docker\.sock|connect ECONNREFUSED \/var\/run\/docker\.sock|read ECONNRESET/, `the engine's own words are missing: ${sideBar}`);
  assert.match(sideBar, /Start Docker, then retry/, `the next step is missing: ${sideBar}`);
  assert.equal(await wb.page.locator(`.part.sidebar .monaco-list-row[aria-label^="${SERVICE} "]`).count(), 0, 'service rows stayed on screen');

  await ensureEngine(120_000);
  const answeredAt = Date.now();
  try {
    await waitForRow(`${SERVICE} `, 60_000);
  } finally {
    await screenshot(wb.page, 'explorer-live-engine-back');
  }
  const upMs = Date.now() - answeredAt;
  t.diagnostic(`error row ${downMs} ms after SIGTERM; "not reachable" ${unreachableMs} ms after dockerd exited; ${SERVICE} row back ${upMs} ms after the engine answered docker info`);
  assert.ok(downMs <= 2_000, `the view showed the error ${downMs} ms after the stop`);
  assert.ok(unreachableMs <= 2_000, `the view said "not reachable" ${unreachableMs} ms after dockerd exited`);
  assert.ok(upMs <= 2_000, `the tree came back ${upMs} ms after the engine answered`);
  assert.deepEqual(wb.pageErrors, [], 'the workbench page threw');
});
