// In a real VS Code: a mongodb:// scheme typed into frontend.env's MONGO_SERVICE_URI is an error in the Problems panel, and its quick fix removes it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { buildExtension, extensionUnderTest } from '../vscode/extension';
import { screenshot, startWorkbench, type WorkbenchSession } from '../vscode/workbench';

const RECIPE = path.resolve(__dirname, '..', '..', '..', 'shared', 'recipe');
const MESSAGE = 'MONGO_SERVICE_URI must not start with mongodb://';
let wb: WorkbenchSession;
let workspace: string;

before(async () => {
  // A working copy: the recipe's own files are never edited.
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'comet-swarm-env-ui-'));
  fs.cpSync(RECIPE, workspace, { recursive: true });
  for (const file of fs.readdirSync(workspace, { recursive: true, encoding: 'utf8' })) fs.chmodSync(path.join(workspace, file), 0o755);
  const extension = extensionUnderTest();
  buildExtension(extension);
  wb = await startWorkbench({ extensionDevelopmentPath: extension, workspace, viewport: { width: 1400, height: 900 } });
});

after(async () => {
  await wb?.close();
  fs.rmSync(workspace, { recursive: true, force: true });
});

async function problemRows(): Promise<string[]> {
  return wb.page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''));
}

async function waitForProblems(predicate: (rows: string[]) => boolean, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await problemRows();
    if (predicate(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`Problems panel never matched within ${timeoutMs} ms; rows: ${rows.join(' | ')}`);
    await wb.page.waitForTimeout(25);
  }
}

test('typing mongodb:// into MONGO_SERVICE_URI shows an error within a second, and the preferred quick fix removes it', async () => {
  const page = wb.page;
  try {
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').waitFor({ state: 'visible', timeout: 20_000 });
    await page.keyboard.press('Control+P');
    await page.keyboard.type('sth-ha/frontend.env');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'frontend.env' }).first().waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter');
    await page.locator('.editor-instance .view-lines').filter({ hasText: 'MONGO_SERVICE_URI=' }).first().waitFor({ timeout: 20_000 });
    // The recipe's files lint clean: no error before the edit.
    assert.ok(!(await problemRows()).some((r) => r.includes(MESSAGE)));

    await page.keyboard.press('Control+G');
    await page.keyboard.type('5:19');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('mongodb://mongo-rs_mongo');
    const typedAt = Date.now();
    const rows = await waitForProblems((r) => r.some((row) => row.includes(MESSAGE)), 1_000);
    console.log(`error shown ${Date.now() - typedAt} ms after the last keystroke`);
    assert.ok(rows.some((r) => /^Error/i.test(r) || r.includes('Error')), `rows: ${rows.join(' | ')}`);
    await screenshot(page, 'env-diagnostics-error');

    // Go to the problem and apply the preferred quick fix.
    await page.keyboard.press('F8');
    await page.keyboard.press('Escape');
    // The light bulb shows once VS Code has the code actions for the cursor: then the menu has them too.
    await page.locator('.monaco-editor .lightBulbWidget').first().waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row, .context-view .action-widget [role="option"]').filter({ hasText: 'Remove mongodb://' }).first();
    await fix.waitFor({ timeout: 10_000 });
    await fix.click();
    await waitForProblems((r) => !r.some((row) => row.includes(MESSAGE)), 5_000);
    await page.locator('.editor-instance .view-lines').filter({ hasText: 'MONGO_SERVICE_URI=mongo-rs_mongo' }).first().waitFor({ timeout: 5_000 });
  } finally {
    await screenshot(page, 'env-diagnostics-fixed');
  }
  assert.deepEqual(wb.pageErrors, [], 'the workbench page threw');
});
