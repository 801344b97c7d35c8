// Runs test/extension/**/*.test.ts (mocha, tdd, real `vscode` API) in code-server's extension host, driven from headless Chromium.
import * as fs from 'node:fs';
import { SourceMap, type SourceMapPayload, type SourceMapping } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as util from 'node:util';
import * as esbuild from 'esbuild';
import type { RunConfig, RunResults } from './mocha-entry';
import { buildExtension, extensionUnderTest } from './extension';
import { mib, sampleMemory } from './memory';
import { startCodeServer, type CodeServerOptions } from './server';
import { enableSmokeTestDriver, launchBrowser, REPO_ROOT, screenshot, workbenchUrl } from './workbench';

export interface ExtensionTestOptions {
  /** The extension under test (default: extensionUnderTest(), the repo root unless COMET_SWARM_EXTENSION_PATH says otherwise). */
  extensionDevelopmentPath?: string;
  /** Run `npm run build` in extensionDevelopmentPath first (default: for the repo root, unless COMET_SWARM_SKIP_BUILD=1). */
  build?: boolean;
  /** Where the *.test.ts files are (default test/extension). */
  testsDir?: string;
  /** Folder the workbench opens (default: an empty dir in the server's run dir). */
  workspace?: string;
  /** Only tests whose full title matches. */
  grep?: string;
  /** Deadline for the whole run, from opening the workbench to the extension host's exit (default 5 min). */
  timeoutMs?: number;
  /** Per-test mocha timeout (default 20 s). */
  testTimeoutMs?: number;
  /** Passed to startCodeServer: settings, env (e.g. DOCKER_HOST), disableWorkspaceTrust. */
  server?: Pick<CodeServerOptions, 'settings' | 'env' | 'disableWorkspaceTrust'>;
  /** Screenshot name under test-artifacts/ (default "extension-tests"). */
  screenshotName?: string;
}

export interface ExtensionTestOutcome {
  /** 0 only when the extension host exited 0, every test passed and at least one ran. */
  exitCode: number;
  results: RunResults | undefined;
  /** Why the run failed when it was not a test (timeout, no results, build error). */
  problem?: string;
  timings: Record<string, number>;
  peakMemoryBytes: number;
}

const BUILD_DIR = path.join(REPO_ROOT, 'test', '.build', 'extension');

/** *.test.ts under dir, recursively. */
function findTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return findTests(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Bundles the tests entry and every test file (vscode and mocha left external) into test/.build/extension/. */
export async function bundleExtensionTests(testsDir: string): Promise<{ entry: string; files: string[] }> {
  const files = findTests(testsDir);
  fs.rmSync(BUILD_DIR, { recursive: true, force: true });
  const common: esbuild.BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
    // mocha resolves from the repo's node_modules at run time; the rest mirror esbuild.mjs's optional natives.
    external: ['vscode', 'mocha', 'cpu-features', '*.node', 'kerberos', 'mongodb-client-encryption', 'bson-ext', 'snappy', 'aws4', 'saslprep'],
  };
  await esbuild.build({ ...common, entryPoints: [path.join(__dirname, 'mocha-entry.ts')], outfile: path.join(BUILD_DIR, 'index.js') });
  if (files.length > 0) {
    await esbuild.build({ ...common, entryPoints: files, outbase: testsDir, outdir: path.join(BUILD_DIR, 'suite') });
  }
  return { entry: path.join(BUILD_DIR, 'index.js'), files };
}

/** Builds, starts code-server, runs the suites in its extension host, and reports. Never throws for a test failure. */
export async function runExtensionTests(opts: ExtensionTestOptions = {}): Promise<ExtensionTestOutcome> {
  const t0 = Date.now();
  const timings: Record<string, number> = {};
  const mark = (name: string, since: number): number => (timings[name] = Date.now() - since);
  const dev = path.resolve(opts.extensionDevelopmentPath ?? extensionUnderTest());
  const testsDir = path.resolve(opts.testsDir ?? path.join(REPO_ROOT, 'test', 'extension'));
  const memory = sampleMemory();
  const fail = (problem: string, results?: RunResults): ExtensionTestOutcome => ({
    exitCode: 1,
    results,
    problem,
    timings,
    peakMemoryBytes: memory.stop(),
  });

  const tb = Date.now();
  try {
    buildExtension(dev, { build: opts.build });
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
  mark('build', tb);

  let t = Date.now();
  const prepared = await prepareExtensionTests({ testsDir, grep: opts.grep, testTimeoutMs: opts.testTimeoutMs });
  mark('bundle', t);
  if (typeof prepared === 'string') return fail(prepared);
  const { entry, resultsFile } = prepared;

  t = Date.now();
  const server = await startCodeServer({ ...opts.server, workspace: opts.workspace, verbose: true });
  mark('serverStart', t);
  console.log(`[extension-tests] code-server up at ${server.url} in ${timings.serverStart} ms`);
  const browser = await launchBrowser();
  let exitCode: number | string;
  try {
    const { page } = browser;
    let onExit!: (code: number | 'closed') => void;
    const exited = new Promise<number | 'closed'>((r) => (onExit = r));
    // VS Code's test mode calls these two window hooks: log lines, then the extension host's exit code.
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const line = util.format(...(args ?? [])).replace(/%c|color: #\w+/g, '').trim();
      // Noise: gallery/telemetry lookups, and the cancellations VS Code logs while the extension host shuts down.
      if (line && !/^Canceled|ChatModelSelection|AgentHost|ENOPRO|open-vsx|CodeExpectedError|marketplace|telemetry/i.test(line)) {
        console.log(`[vscode:${type}] ${line}`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => onExit(code));
    page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
    page.on('close', () => onExit('closed'));
    await enableSmokeTestDriver(page);
    t = Date.now();
    const timeoutMs = opts.timeoutMs ?? 5 * 60_000;
    const url = workbenchUrl(server.url, { folder: server.workspace, extensionDevelopmentPath: dev, extensionTestsPath: entry });
    // A page that never loads is the same failure as tests that never finish: the deadline below reports it.
    const loading = page.goto(url, { timeout: timeoutMs }).then(
      () => new Promise<never>(() => undefined),
      (e: unknown) => `page load failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
    );
    let timer: NodeJS.Timeout | undefined;
    exitCode = await Promise.race([
      exited,
      loading,
      new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), Math.max(1, timeoutMs - (Date.now() - t))))),
    ]);
    clearTimeout(timer);
    mark('testRun', t);
    const shot = await screenshot(page, opts.screenshotName ?? 'extension-tests').catch(() => undefined);
    if (shot) console.log(`[extension-tests] screenshot: ${path.relative(REPO_ROOT, shot)}`);
  } finally {
    await browser.close();
    await server.stop();
  }

  mark('total', t0);
  return { ...judgeRun(exitCode, resultsFile, dev), timings, peakMemoryBytes: memory.stop() };
}

/**
 * Bundles the suites and writes the entry's run-config.json; returns the tests entry and the
 * results file it will write, or why there is nothing to run.
 */
export async function prepareExtensionTests(opts: {
  testsDir: string;
  grep?: string;
  testTimeoutMs?: number;
}): Promise<{ entry: string; resultsFile: string } | string> {
  const { entry, files } = await bundleExtensionTests(opts.testsDir);
  if (files.length === 0) return `no *.test.ts under ${opts.testsDir}`;
  console.log(`[extension-tests] bundled ${files.length} test file(s) into ${path.relative(REPO_ROOT, BUILD_DIR)}`);
  const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'comet-swarm-ext-results-')), 'results.json');
  const config: RunConfig = { resultsFile, timeoutMs: opts.testTimeoutMs ?? 20_000, ...(opts.grep ? { grep: opts.grep } : {}) };
  fs.writeFileSync(path.join(BUILD_DIR, 'run-config.json'), JSON.stringify(config));
  return { entry, resultsFile };
}

/**
 * Reads (and removes) the results file and decides the exit status: 0 only when the extension
 * host exited 0, no test failed and at least one ran. `exit` is the extension host's exit code,
 * or a sentence saying why there is none (deadline, page closed, load failure).
 */
export function judgeRun(exit: number | string, resultsFile: string, dev: string): Pick<ExtensionTestOutcome, 'exitCode' | 'results' | 'problem'> {
  let results: RunResults | undefined;
  try {
    results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as RunResults;
  } catch {
    // no results: judged below
  }
  fs.rmSync(path.dirname(resultsFile), { recursive: true, force: true });
  const failed = (problem: string): Pick<ExtensionTestOutcome, 'exitCode' | 'results' | 'problem'> => ({ exitCode: 1, results, problem });
  if (exit === 'timeout') return failed('deadline passed before the extension host finished');
  if (exit === 'closed') return failed('the workbench page closed before the extension host finished');
  if (typeof exit === 'string') return failed(exit);
  if (!results) return failed(`the tests wrote no results (extension host exit code ${exit}); is ${dev} loadable?`);
  if (results.passed.length + results.failed.length === 0) return failed('no test ran');
  if (results.failed.length > 0) return { exitCode: 1, results };
  if (exit !== 0) return failed(`extension host exit code ${exit}`);
  return { exitCode: 0, results };
}

/**
 * Maps a stack frame in a bundled test file back to its .ts line through the bundle's inline
 * source map (the extension host installs its own prepareStackTrace, so Node's mapping is off there).
 */
function toSource(frame: string): string {
  const m = /\(?(\/[^():]+\.js):(\d+):(\d+)\)?$/.exec(frame);
  if (!m || !m[1].startsWith(BUILD_DIR)) return frame;
  try {
    const code = fs.readFileSync(m[1], 'utf8');
    const inline = /\/\/# sourceMappingURL=data:application\/json;base64,(\S+)\s*$/.exec(code);
    if (!inline) return frame;
    const map = new SourceMap(JSON.parse(Buffer.from(inline[1], 'base64').toString('utf8')) as SourceMapPayload);
    const entry = map.findEntry(Number(m[2]) - 1, Number(m[3]) - 1) as Partial<SourceMapping>;
    if (!entry.originalSource) return frame;
    const source = path.resolve(path.dirname(m[1]), entry.originalSource);
    return frame.replace(m[0], `(${path.relative(REPO_ROOT, source)}:${(entry.originalLine ?? 0) + 1}:${(entry.originalColumn ?? 0) + 1})`);
  } catch {
    return frame;
  }
}

/** Prints failures, timings and the closing `N passed, N failed` line. */
export function report(outcome: ExtensionTestOutcome): void {
  const r = outcome.results;
  for (const f of r?.failed ?? []) {
    console.log(`FAIL: ${f.title}${f.file ? ` (${f.file})` : ''}\n  ${f.error.trim().replace(/\n\s*\n/g, '\n').replace(/\n/g, '\n  ')}`);
    const frames = (f.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l) && !l.includes('node_modules/mocha'));
    if (frames.length) console.log(frames.slice(0, 4).map((l) => `    ${toSource(l.trim())}`).join('\n'));
  }
  if (outcome.problem) console.log(`ERROR: ${outcome.problem}`);
  if (r?.vscodeVersion) console.log(`[extension-tests] VS Code ${r.vscodeVersion}, extension host Node ${r.node}`);
  console.log(
    `[extension-tests] timings: ${Object.entries(outcome.timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')}; ` +
      `peak memory (code-server + Chromium, RSS sum) ${mib(outcome.peakMemoryBytes)}`,
  );
  const skipped = r?.pending.length ? `, ${r.pending.length} skipped` : '';
  console.log(`${r?.passed.length ?? 0} passed, ${(r?.failed.length ?? 0) + (outcome.problem && !r?.failed.length ? 1 : 0)} failed${skipped}`);
}

function parseArgs(argv: string[]): ExtensionTestOptions {
  const { values } = util.parseArgs({
    args: argv,
    options: {
      'extension-dev-path': { type: 'string' },
      tests: { type: 'string' },
      workspace: { type: 'string' },
      grep: { type: 'string' },
      timeout: { type: 'string' },
      'no-build': { type: 'boolean' },
      build: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(
      'usage: node --import tsx test/vscode/run-extension-tests.ts [--extension-dev-path DIR] [--tests DIR]\n' +
        '         [--workspace DIR] [--grep TEXT] [--timeout SECONDS] [--build | --no-build]',
    );
    process.exit(0);
  }
  return {
    extensionDevelopmentPath: values['extension-dev-path'],
    testsDir: values.tests,
    workspace: values.workspace && path.resolve(values.workspace),
    grep: values.grep,
    timeoutMs: values.timeout ? Number(values.timeout) * 1000 : undefined,
    build: values['no-build'] ? false : values.build,
  };
}

if (require.main === module) {
  runExtensionTests(parseArgs(process.argv.slice(2))).then(
    (outcome) => {
      report(outcome);
      process.exit(outcome.exitCode);
    },
    (e: unknown) => {
      console.error(`[extension-tests] harness error: ${e instanceof Error ? e.stack : String(e)}`);
      console.log('0 passed, 1 failed');
      process.exit(2);
    },
  );
}
