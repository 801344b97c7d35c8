// Playwright helpers for driving the VS Code web workbench that code-server serves: open, click, read, screenshot.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Frame, type Locator, type Page } from 'playwright-core';
import { REPO_ROOT } from './extension';
import { startCodeServer, type CodeServer, type CodeServerOptions } from './server';

export { REPO_ROOT };
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts');
const CHROMIUM = '/usr/bin/chromium';
/** docs/sandbox.md's flags; --disable-dev-shm-usage because /dev/shm is small in containers. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Closes Chromium and removes its profile dir. */
  close(): Promise<void>;
}

/** Headless /usr/bin/chromium with a fresh profile. */
export async function launchBrowser(opts: { viewport?: { width: number; height: number } } = {}): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'comet-swarm-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    // Chromium's crash reporter writes under XDG_CONFIG_HOME whatever the profile dir: keep ~ clean.
    env: { ...process.env, XDG_CONFIG_HOME: path.join(profile, 'xdg-config'), XDG_CACHE_HOME: path.join(profile, 'xdg-cache') },
    viewport: opts.viewport ?? { width: 1400, height: 850 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  let closed: Promise<void> | undefined;
  return {
    context,
    page,
    close: () =>
      (closed ??= (async () => {
        await context.close().catch(() => undefined);
        fs.rmSync(profile, { recursive: true, force: true });
      })()),
  };
}

export interface WorkbenchUrlOptions {
  /** Folder to open (absolute path on the server's machine). */
  folder: string;
  /** Load this folder as the extension under development (needs the smoke-test driver option, see below). */
  extensionDevelopmentPath?: string;
  /** Extension tests entry (a JS file exporting run()) for the extension host to run. */
  extensionTestsPath?: string;
}

/** The workbench URL; dev/test paths go in the `payload` query as vscode-remote URIs of the server's authority. */
export function workbenchUrl(serverUrl: string, opts: WorkbenchUrlOptions): string {
  const authority = new URL(serverUrl).host; // code-server's remote authority is host:port
  const remote = (p: string): string => `vscode-remote://${authority}${p}`;
  const payload: [string, string][] = [['skipWelcome', 'true']];
  if (opts.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(opts.extensionDevelopmentPath)]);
  if (opts.extensionTestsPath) payload.push(['extensionTestsPath', remote(opts.extensionTestsPath)]);
  return `${serverUrl}/?folder=${encodeURIComponent(opts.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * A built VS Code ignores extensionDevelopmentPath/extensionTestsPath from the URL unless
 * developmentOptions.enableSmokeTestDriver is set in the page's workbench configuration, and
 * code-server's CLI has no flag for it: patch the configuration <meta> before workbench.js reads it.
 * (Rewriting the HTML with page.route + fulfill instead makes Chromium block the workbench's
 * websocket to 127.0.0.1.)
 */
export async function enableSmokeTestDriver(page: Page): Promise<void> {
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      const meta = document.getElementById('vscode-workbench-web-configuration');
      const settings = meta?.getAttribute('data-settings');
      if (!meta || !settings) return;
      const config = JSON.parse(settings) as { developmentOptions?: Record<string, unknown> };
      config.developmentOptions = { ...config.developmentOptions, enableSmokeTestDriver: true };
      meta.setAttribute('data-settings', JSON.stringify(config));
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
}

export interface Workbench extends Browser {
  url: string;
  /** Browser-side errors seen so far (page errors), for tests to assert on or print. */
  pageErrors: string[];
}

/** Opens the workbench on a folder in a fresh Chromium and waits until it is usable. */
export async function openWorkbench(
  serverUrl: string,
  opts: WorkbenchUrlOptions & { timeoutMs?: number; viewport?: { width: number; height: number } },
): Promise<Workbench> {
  const browser = await launchBrowser({ viewport: opts.viewport });
  const pageErrors: string[] = [];
  browser.page.on('pageerror', (e) => pageErrors.push(e.message));
  try {
    if (opts.extensionDevelopmentPath || opts.extensionTestsPath) await enableSmokeTestDriver(browser.page);
    const url = workbenchUrl(serverUrl, opts);
    await browser.page.goto(url, { timeout: opts.timeoutMs ?? 60_000 });
    await waitForWorkbench(browser.page, opts.timeoutMs);
    return { ...browser, url, pageErrors };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

export interface WorkbenchSession extends Workbench {
  server: CodeServer;
}

/**
 * Starts code-server and opens its workbench on `folder` (default: the server's empty workspace),
 * with `extensionDevelopmentPath` loaded as the extension under development. close() ends both.
 */
export async function startWorkbench(
  opts: CodeServerOptions & { extensionDevelopmentPath?: string; timeoutMs?: number; viewport?: { width: number; height: number } } = {},
): Promise<WorkbenchSession> {
  const server = await startCodeServer(opts);
  try {
    const wb = await openWorkbench(server.url, {
      folder: server.workspace,
      extensionDevelopmentPath: opts.extensionDevelopmentPath,
      timeoutMs: opts.timeoutMs,
      viewport: opts.viewport,
    });
    return {
      ...wb,
      server,
      close: async () => {
        await wb.close();
        await server.stop();
      },
    };
  } catch (e) {
    await server.stop();
    throw e;
  }
}

/** Waits for the workbench shell, the activity bar and the status bar, and for the extension host to have started. */
export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const left = (): number => Math.max(1, deadline - Date.now());
  await page.waitForSelector('.monaco-workbench', { timeout: left() });
  await page.waitForSelector('.part.activitybar', { timeout: left() });
  await page.waitForSelector('.part.statusbar', { timeout: left() });
  // The remote indicator turns into the connected state once the server connection (and its extension host) is up.
  await page
    .locator('.part.statusbar #status\\.host, .part.statusbar [id="status.host"]')
    .first()
    .waitFor({ state: 'attached', timeout: left() })
    .catch(() => undefined); // not every build shows it; the shell being up is what matters
}

/** The activity-bar item whose aria-label starts with `label` (labels may end in a keybinding). */
export function activityBarItem(page: Page, label: string): Locator {
  return page.locator(`.part.activitybar .action-item [aria-label^="${cssString(label)}"]`).first();
}

/** Clicks an activity-bar item by aria-label and waits for its side bar to show. */
export async function clickActivityBarItem(page: Page, label: string, timeoutMs = 30_000): Promise<void> {
  const item = activityBarItem(page, label);
  await item.click({ timeout: timeoutMs });
  await page
    .locator(`.part.sidebar .composite.title h2, .part.sidebar .title-label h2`)
    .filter({ hasText: new RegExp(escapeRegExp(label), 'i') })
    .first()
    .waitFor({ timeout: timeoutMs });
}

/**
 * Waits until the side bar shows a view's own content (tree rows or a welcome view) rather than
 * the "no data provider" placeholder it shows while the extension activates.
 */
export async function waitForSideBarContent(page: Page, timeoutMs = 30_000): Promise<void> {
  await page
    .locator('.part.sidebar .pane-body')
    .filter({ has: page.locator('.monaco-list-row, .welcome-view-content') })
    .first()
    .waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Waits for a visible tree (or list) row in the side bar or panel whose text contains `text`. */
export async function waitForTreeRow(page: Page, text: string | RegExp, timeoutMs = 30_000): Promise<Locator> {
  const row = page.locator('.monaco-list-row[role="treeitem"], .monaco-list-row').filter({ hasText: text }).first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  return row;
}

/**
 * Runs a command through F1 and the quick input, choosing the entry whose label is `label`
 * ("Category: Title"). The palette lists what was registered when it opened, so while extensions
 * are still loading it is closed and opened again until the entry shows or the deadline passes.
 */
export async function runCommand(page: Page, label: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const left = (cap = Infinity): number => Math.max(1, Math.min(cap, deadline - Date.now()));
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('.quick-input-box input').first();
  const entry = widget
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) })
    .first();
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: left() });
    await input.fill(`>${label}`);
    const shown = await entry.waitFor({ state: 'visible', timeout: left(5000) }).then(
      () => true,
      () => false,
    );
    if (shown) break;
    const listed = await widget.locator('.quick-input-list .monaco-list-row .label-name').allTextContents();
    await input.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: left() });
    if (Date.now() >= deadline) {
      throw new Error(`command "${label}" not in the palette within ${timeoutMs} ms; it listed: ${listed.slice(0, 10).join(' | ') || 'nothing'}`);
    }
  }
  await entry.click({ timeout: left() });
  await widget.waitFor({ state: 'hidden', timeout: left() });
}

/**
 * Waits for a notification whose message contains `text` and returns its message. With the
 * smoke-test driver on (every workbench that loads an extension under development) VS Code shows
 * no toasts, so this reads the notification center, opening it first.
 */
export async function waitForNotification(page: Page, text: string | RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  const center = page.locator('.notifications-center');
  if (!(await center.isVisible())) {
    await page.locator('.part.statusbar [id="status.notifications"] a, .part.statusbar [id="status.notifications"]').first().click({ timeout: timeoutMs });
    await center.waitFor({ state: 'visible', timeout: Math.max(1, deadline - Date.now()) });
  }
  const row = page.locator('.notifications-center .notifications-list-container .monaco-list-row, .notification-toast').filter({ hasText: text }).first();
  await row.waitFor({ state: 'visible', timeout: Math.max(1, deadline - Date.now()) });
  return ((await row.locator('.notification-list-item-message').first().textContent()) ?? (await row.textContent()) ?? '').trim();
}

/** One row of the Problems panel: a file row (`kind: 'file'`) or a marker row with its aria-label (severity, message, position). */
export interface ProblemRow {
  kind: 'file' | 'marker';
  text: string;
  ariaLabel: string;
}

/** Opens the Problems panel and returns its rows, top to bottom (all expanded by default). */
export async function readProblems(page: Page, timeoutMs = 20_000): Promise<ProblemRow[]> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    // Ctrl+Shift+M (View: Problems) toggles, hence only when the panel is hidden; a keybinding, unlike a
    // palette label, does not change with the display language.
    await page.locator('.monaco-workbench').press('Control+Shift+M');
  }
  await panel.waitFor({ state: 'visible', timeout: timeoutMs });
  const rows = panel.locator('.monaco-list-row');
  const out: ProblemRow[] = [];
  for (const row of await rows.all()) {
    const ariaLabel = (await row.getAttribute('aria-label')) ?? '';
    const text = ((await row.textContent()) ?? '').trim();
    const isFile = (await row.locator('.resource-label, .file-icon').count()) > 0 && (await row.locator('.marker-icon').count()) === 0;
    out.push({ kind: isFile ? 'file' : 'marker', text, ariaLabel });
  }
  return out;
}

/**
 * A webview's inner frame (where the extension's HTML lives) holding `selector`. VS Code nests
 * two iframes: the outer `iframe.webview` host and the inner `#active-frame` document.
 */
export async function webviewFrame(page: Page, selector: string, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      const parent = frame.parentFrame();
      if (!parent || parent === page.mainFrame()) continue; // inner frames have an iframe parent
      if (!/webview/i.test(parent.url()) && !/webview/i.test(frame.url())) continue;
      if (await frame.$(selector).catch(() => null)) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview frame with ${selector} within ${timeoutMs} ms`);
    // Wait for the next frame navigation or a short interval, whichever is first.
    await page.waitForEvent('framenavigated', { timeout: Math.min(500, Math.max(1, deadline - Date.now())) }).catch(() => undefined);
  }
}

/** Saves a full-window screenshot as test-artifacts/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '')}.png`);
  await page.screenshot({ path: file });
  return file;
}

function cssString(s: string): string {
  return s.replace(/["\\]/g, '\\$&');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
