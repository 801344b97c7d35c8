// Deploying the front end from the palette of a real VS Code on the rehearsal: the progress notification, then the new replicas in the tree; Restricted Mode refuses and says why.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { after, test } from 'node:test';
import { removeStack } from '../rehearsal/up';
import { dockerShim, frontWithBalancer, recipeCopy, removeTempDirs, SUFFIX } from '../integration/deployFixture';
import { freePort } from '../vscode/server';
import { buildExtension, extensionUnderTest } from '../vscode/extension';
import { clickActivityBarItem, runCommand, screenshot, startWorkbench, waitForNotification, waitForTreeRow, type WorkbenchSession } from '../vscode/workbench';

const execFileAsync = promisify(execFile);
const stack = `dui-front-${SUFFIX}`;
let session: WorkbenchSession | undefined;

after(async () => {
  await session?.close();
  await removeStack(stack).catch((e: unknown) => console.error(`clean-up of ${stack}: ${String(e)}`));
  removeTempDirs();
});

/** A workspace holding a copy of the recipe whose Comet is fronted by a host-mode balancer (no routing mesh here). */
async function recipeWorkspace(): Promise<string> {
  const port = await freePort();
  const dir = recipeCopy('ui', { frontend: { STACK_NAME: `"${stack}"` } });
  frontWithBalancer(dir, stack, port);
  return path.dirname(dir);
}

/** The swarm's stacks, as `docker stack ls` names them. */
async function stackNames(): Promise<string[]> {
  const { stdout } = await execFileAsync('docker', ['stack', 'ls', '--format', '{{.Name}}'], { timeout: 30_000 });
  return [...new Set(stdout.split('\n').filter(Boolean))].sort();
}

test('Deploy Front End from the palette shows its progress, converges, and the tree shows the new replicas', async () => {
  const extension = extensionUnderTest();
  buildExtension(extension);
  const workspace = await recipeWorkspace();
  const shim = dockerShim();
  // Task terminals take their PATH from the terminal settings, not from the server's environment.
  session = await startWorkbench({
    extensionDevelopmentPath: extension,
    workspace,
    env: { PATH: shim.path, DOCKER_HOST: '' },
    settings: { 'terminal.integrated.env.linux': { PATH: shim.path } },
    viewport: { width: 1400, height: 900 },
  });
  const wb = session;
  try {
    await clickActivityBarItem(wb.page, 'Comet Swarm');
    await waitForTreeRow(wb.page, 'comet_comet', 60_000);
    await runCommand(wb.page, 'Comet Swarm: Deploy Front End (Comet)', 60_000);
    const progress = await waitForNotification(wb.page, 'Deploying the front end (Comet)', 30_000);
    assert.match(progress, /Deploying the front end \(Comet\)/);
    await screenshot(wb.page, 'deploy-front-progress');
    // The task's terminal takes the panel and closes the notification center: watch the tree, then reopen the center.
    const row = await waitForTreeRow(wb.page, new RegExp(`${stack}_comet\\s*2/2`), 150_000);
    assert.match((await row.getAttribute('aria-label')) ?? '', new RegExp(`^${stack}_comet 2/2, 2 running of 2 desired`));
    await wb.page.locator('.notifications-center').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => wb.page.keyboard.press('Escape'));
    const done = await waitForNotification(wb.page, `${stack} converged`, 60_000);
    assert.match(done, new RegExp(`${stack}_comet 2/2.*answers /version at http://127\\.0\\.0\\.1:\\d+ \\(through ${stack}_lb\\)`));
    assert.ok(shim.calls().includes(`stack deploy -c docker-compose.yml ${stack}`), `docker calls: ${shim.calls().join(' | ')}`);
  } finally {
    await screenshot(wb.page, 'deploy-front-converged');
    await session.close();
    session = undefined;
  }
});

test('in Restricted Mode a deploy from the palette refuses, says why, and the view still shows the swarm', async () => {
  const extension = extensionUnderTest();
  buildExtension(extension);
  const workspace = await recipeWorkspace();
  session = await startWorkbench({ extensionDevelopmentPath: extension, workspace, disableWorkspaceTrust: false, env: { DOCKER_HOST: '' }, viewport: { width: 1400, height: 900 } });
  const wb = session;
  try {
    await clickActivityBarItem(wb.page, 'Comet Swarm');
    await waitForTreeRow(wb.page, 'comet_comet', 60_000);
    const before = await stackNames();
    await runCommand(wb.page, 'Comet Swarm: Deploy Front End (Comet)');
    const refusal = await waitForNotification(wb.page, 'Restricted Mode', 30_000);
    assert.match(refusal, /^Deploying the front end changes the swarm, which Comet Swarm does not do in Restricted Mode\. Trust this workspace to allow it\.$/);
    assert.deepEqual(await stackNames(), before, 'no stack was deployed');
  } finally {
    await screenshot(wb.page, 'deploy-restricted-mode');
    await session.close();
    session = undefined;
  }
});
