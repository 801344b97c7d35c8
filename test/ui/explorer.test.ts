// What a user sees in the Comet Swarm view of a real VS Code, against the rehearsal swarm; screenshots saved.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildExtension, extensionUnderTest } from '../vscode/extension';
import { clickActivityBarItem, screenshot, startWorkbench, waitForTreeRow, type WorkbenchSession } from '../vscode/workbench';

let wb: WorkbenchSession;

before(async () => {
  const extension = extensionUnderTest();
  buildExtension(extension);
  wb = await startWorkbench({ extensionDevelopmentPath: extension, viewport: { width: 1400, height: 900 } });
});

after(async () => {
  await wb?.close();
});

/** Rows of the Comet Swarm view by their accessible names, which carry label and state. */
async function rowLabels(): Promise<string[]> {
  return wb.page.locator('.part.sidebar .monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
}

test('the view shows comet_comet 2/2, three members with one PRIMARY, and Orion', async (t) => {
  try {
    await clickActivityBarItem(wb.page, 'Comet Swarm');
    await waitForTreeRow(wb.page, 'comet_comet', 60_000);
    await waitForTreeRow(wb.page, 'PRIMARY', 60_000);
    await waitForTreeRow(wb.page, 'orion_orion', 30_000);
    const labels = await rowLabels();
    assert.ok(labels.some((l) => l.startsWith('comet_comet 2/2, 2 running of 2 desired')), `rows: ${labels.join(' | ')}`);
    const members = labels.filter((l) => /:27017 (PRIMARY|SECONDARY), health 1$/.test(l));
    assert.equal(members.length, 3, `member rows: ${members.join(' | ')}`);
    assert.equal(members.filter((l) => l.includes(' PRIMARY')).length, 1);
    assert.ok(labels.some((l) => l.startsWith('orion_orion ') && l.includes('fiware/orion:1.12.0')), `rows: ${labels.join(' | ')}`);
  } finally {
    await screenshot(wb.page, 'explorer');
  }
  assert.deepEqual(wb.pageErrors, [], 'the workbench page threw');
});
