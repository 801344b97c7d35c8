// The check flow in a real VS Code: open it from the palette, Run against stand-ins on 127.0.0.1, see the values; server text stays text.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startChain, type Chain } from '../standins/chain';
import { buildExtension, extensionUnderTest } from '../vscode/extension';
import { runCommand, screenshot, startWorkbench, webviewFrame, type WorkbenchSession } from '../vscode/workbench';

let wb: WorkbenchSession;
let chain: Chain;
const HOSTILE = '<img src=x onerror=alert(1)>';

before(async () => {
  chain = await startChain({ sthReplicas: 1 });
  const extension = extensionUnderTest();
  buildExtension(extension);
  wb = await startWorkbench({ extensionDevelopmentPath: extension, viewport: { width: 1400, height: 1000 } });
});

after(async () => {
  await wb?.close();
  await chain?.stop();
});

test('Run shows every step, the values 23 and 30.3 in the table and the chart, and an entity id with markup as plain text', async () => {
  try {
    await runCommand(wb.page, 'Comet Swarm: Run the Check Flow...', 60_000);
    const frame = await webviewFrame(wb.page, '#flow-form', 60_000);
    await frame.fill('#f-orionUrl', chain.orionUrl);
    await frame.fill('#f-cometUrl', chain.cometUrls[0]);
    await frame.fill('#f-reference', chain.reference);
    await frame.fill('#f-entityId', HOSTILE);
    await frame.click('#run');
    await frame.locator('#verdict').waitFor({ timeout: 60_000 });
    const cells = await frame.locator('#values tbody td').allTextContents();
    assert.ok(cells.includes('23') && cells.includes('30.3'), `cells: ${cells.join(' | ')}`);
    assert.equal(await frame.locator('svg.chart circle').count(), 2);
    assert.equal(await frame.locator('#verdict.ok').count(), 1);
    assert.equal(await frame.locator('img').count(), 0, 'no img element was made from server text');
    const text = await frame.locator('body').textContent();
    assert.ok(text?.includes(HOSTILE), 'the id is shown as the characters it is');
  } finally {
    await screenshot(wb.page, 'flow');
  }
  assert.deepEqual(wb.pageErrors, [], 'the workbench page threw');
});
