// Extension-host tests entry (VS Code calls exports.run): runs the bundled mocha suites and writes results JSON for the driver.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha = require('mocha');

/** Written by the driver next to this bundle; read here because extension-host console output reaches only the browser. */
export interface RunConfig {
  resultsFile: string;
  timeoutMs: number;
  grep?: string;
}

export interface TestFailure {
  title: string;
  file?: string;
  error: string;
  stack?: string;
}

export interface RunResults {
  passed: string[];
  failed: TestFailure[];
  pending: string[];
  files: string[];
  startedAt: string;
  finishedAt?: string;
  vscodeVersion?: string;
  node: string;
}

function testFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return testFiles(p);
      return e.name.endsWith('.test.js') ? [p] : [];
    })
    .sort();
}

export function run(): Promise<void> {
  const config = JSON.parse(fs.readFileSync(path.join(__dirname, 'run-config.json'), 'utf8')) as RunConfig;
  const suiteDir = path.join(__dirname, 'suite');
  const results: RunResults = {
    passed: [],
    failed: [],
    pending: [],
    files: [],
    startedAt: new Date().toISOString(),
    node: process.version,
  };
  const write = (): void => fs.writeFileSync(config.resultsFile, JSON.stringify(results, null, 2));
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    results.vscodeVersion = (require('vscode') as { version: string }).version;
  } catch {
    // not in an extension host: the results say so by the missing version
  }
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: config.timeoutMs, ...(config.grep ? { grep: config.grep } : {}) });
  for (const f of testFiles(suiteDir)) {
    mocha.addFile(f);
    results.files.push(path.relative(suiteDir, f));
  }
  write(); // a results file with nothing in it beats none when a suite hangs before its first test
  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        results.finishedAt = new Date().toISOString();
        write();
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else resolve();
      });
      runner.on('pass', (t) => {
        results.passed.push(t.fullTitle());
        write();
      });
      runner.on('pending', (t) => results.pending.push(t.fullTitle()));
      runner.on('fail', (t, err: unknown) => {
        const e = err instanceof Error ? err : new Error(String(err));
        results.failed.push({ title: t.fullTitle(), file: t.file && path.relative(suiteDir, t.file), error: e.message, stack: e.stack });
        write();
      });
    } catch (e) {
      // A suite that throws while loading fails the run, visibly.
      results.failed.push({ title: '(loading test files)', error: e instanceof Error ? e.message : String(e), stack: (e as Error).stack });
      results.finishedAt = new Date().toISOString();
      write();
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
