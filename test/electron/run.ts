// `npm run test:electron`: the extension-host suites in a downloaded desktop VS Code (@vscode/test-electron), for machines that can download it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { buildExtension, extensionUnderTest, REPO_ROOT } from '../vscode/extension';
import { judgeRun, prepareExtensionTests, report } from '../vscode/run-extension-tests';

/** The desktop build matching code-server 4.139.1's VS Code, unless VSCODE_TEST_VERSION says otherwise ('stable', 'insiders', 'X.Y.Z'). */
const VERSION = process.env.VSCODE_TEST_VERSION || '1.139.1';
const DOWNLOAD_DEADLINE_MS = 10 * 60_000;
const RUN_DEADLINE_MS = 10 * 60_000;

function withDeadline<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms)));
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

async function main(): Promise<number> {
  const t0 = Date.now();
  const dev = extensionUnderTest();
  buildExtension(dev);
  const prepared = await prepareExtensionTests({ testsDir: path.join(REPO_ROOT, 'test', 'extension'), grep: process.env.COMET_SWARM_TEST_GREP });
  if (typeof prepared === 'string') {
    report({ exitCode: 1, results: undefined, problem: prepared, timings: {}, peakMemoryBytes: 0 });
    return 1;
  }

  let vscodeExecutablePath: string;
  try {
    // Cached beside the code-server tooling, outside the repo.
    const cachePath = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'comet-swarm', 'vscode-test');
    console.log(`[electron] downloading VS Code ${VERSION} into ${cachePath} (once)`);
    vscodeExecutablePath = await withDeadline(
      'VS Code download',
      DOWNLOAD_DEADLINE_MS,
      downloadAndUnzipVSCode({ version: VERSION, cachePath, timeout: 30_000 }),
    );
  } catch (e) {
    console.error(
      `[electron] cannot download VS Code ${VERSION}: ${e instanceof Error ? e.message : String(e)}\n` +
        '[electron] This runner needs the VS Code download servers. Where they cannot be reached, run the same suites\n' +
        '[electron] in code-server instead: node --import tsx test/vscode/run-extension-tests.ts (part of `npm test`).',
    );
    console.log('0 passed, 1 failed');
    return 1;
  }

  // A fresh user-data dir and workspace keep the developer's own VS Code settings and extensions out.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'comet-swarm-electron-'));
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(workspace);
  let exit: number | string;
  try {
    exit = await withDeadline(
      'VS Code test run',
      RUN_DEADLINE_MS,
      runTests({
        vscodeExecutablePath,
        extensionDevelopmentPath: dev,
        extensionTestsPath: prepared.entry,
        launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(scratch, 'user-data'), '--skip-welcome', '--skip-release-notes'],
      }),
    );
  } catch (e) {
    // runTests rejects on a non-zero exit too; the results file tells a test failure from a crash.
    exit = /Failed|exit code/i.test(String(e)) && fs.existsSync(prepared.resultsFile) ? 1 : `VS Code did not run the tests: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const outcome = { ...judgeRun(exit, prepared.resultsFile, dev), timings: { total: Date.now() - t0 }, peakMemoryBytes: 0 };
  report(outcome);
  return outcome.exitCode;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`[electron] ${e instanceof Error ? e.stack : String(e)}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
