// `npm test`: installs what the suite needs, then runs every phase and closes with one `N passed, N failed` line.
//
// Phases: build and typecheck; unit tests; the rehearsal swarm (Docker Engine, images, the recipe
// deployed); stand-in and integration tests against it; the extension in a real VS Code
// (code-server): extension-host tests and UI tests; last, the disruptive tests that stop dockerd.
// A phase that cannot run counts as a failure.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ensureDependencies, ROOT } from './bootstrap.mjs';

const ARTIFACTS = join(ROOT, 'test-artifacts');
const TSX = ['--import', 'tsx'];
const only = process.argv.slice(2); // e.g. `npm test -- unit integration`
const totals = { passed: 0, failed: 0 };
const phases = [];

function say(message) {
  console.log(`\n== ${message}`);
}

/** Runs a command with inherited output; resolves with its exit status. */
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (error) => {
      console.error(`cannot start ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Like run, but keeps stdout to parse the closing count line as well as showing it. */
function runCapturing(command, args, env = {}) {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('error', () => resolve({ code: 127, out }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), out }));
  });
}

function testFiles(dir) {
  const abs = join(ROOT, dir);
  let entries;
  try {
    entries = readdirSync(abs);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(abs, name);
    if (statSync(path).isDirectory()) return testFiles(relative(ROOT, path));
    return name.endsWith('.test.ts') ? [relative(ROOT, path)] : [];
  }).sort();
}

/** A node:test run; counts come from a TAP copy of its report. */
async function nodeTests(name, dirs, env = {}) {
  const files = dirs.flatMap(testFiles);
  if (files.length === 0) return record(name, 0, 1, 'no test files found');
  const tap = join(ARTIFACTS, `${name}.tap`);
  const code = await run(process.execPath, [
    ...TSX, '--test', '--test-concurrency=1',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ], env);
  const report = readFileSync(tap, 'utf8');
  const passed = Number(/^# pass (\d+)/m.exec(report)?.[1] ?? 0);
  const failed = Number(/^# fail (\d+)/m.exec(report)?.[1] ?? 0) + Number(/^# cancelled (\d+)/m.exec(report)?.[1] ?? 0);
  const skipped = Number(/^# skipped (\d+)/m.exec(report)?.[1] ?? 0) + Number(/^# todo (\d+)/m.exec(report)?.[1] ?? 0);
  // A skipped test proves nothing: it counts against the run.
  return record(name, passed, failed + skipped + (code !== 0 && failed === 0 ? 1 : 0), skipped ? `${skipped} skipped` : code !== 0 && failed === 0 ? `exit ${code}` : '');
}

/** A step with no tests of its own (build, setup): failing it counts once. */
async function step(name, command, args, env) {
  const code = await run(command, args, env);
  return code === 0 ? record(name, 0, 0, '') : record(name, 0, 1, `exit ${code}`);
}

function record(name, passed, failed, note) {
  totals.passed += passed;
  totals.failed += failed;
  phases.push({ name, passed, failed, note, seconds: 0 });
  return failed === 0;
}

async function phase(name, body) {
  if (only.length > 0 && !only.includes(name)) return true;
  say(name);
  const started = Date.now();
  const before = phases.length;
  const ok = await body();
  for (const p of phases.slice(before)) p.seconds = Math.round((Date.now() - started) / 100) / 10;
  return ok;
}

async function main() {
  const started = Date.now();
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  say('dependencies');
  ensureDependencies();

  const built = await phase('build', async () => {
    // The VSIX first (a production build), as `npm run demo` and users install it; then the development build the tests load.
    const packaged = await step('package', 'npm', ['run', '--silent', 'package']);
    const bundled = await step('build', process.execPath, ['esbuild.mjs']);
    const typed = await step('typecheck', process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.', '--noEmit']);
    return packaged && bundled && typed;
  });
  await phase('unit', () => nodeTests('unit', ['test/unit']));
  const rehearsal = await phase('rehearsal', () => step('rehearsal', process.execPath, [...TSX, 'test/rehearsal/up.ts']));
  await phase('integration', () =>
    rehearsal ? nodeTests('integration', ['test/standins', 'test/integration']) : record('integration', 0, 1, 'the rehearsal did not come up'),
  );
  await phase('vscode', async () => {
    if (!built) return record('vscode', 0, 1, 'the build failed');
    if (!(await step('vscode-install', process.execPath, [...TSX, 'test/vscode/install.ts']))) return false;
    const { code, out } = await runCapturing(process.execPath, [...TSX, 'test/vscode/run-extension-tests.ts', '--no-build']);
    const counts = /^(\d+) passed, (\d+) failed/m.exec(out.split('\n').reverse().join('\n'));
    const passed = Number(counts?.[1] ?? 0);
    const failed = Number(counts?.[2] ?? 0);
    record('extension-host', passed, failed + (code !== 0 && failed === 0 ? 1 : 0), code !== 0 && failed === 0 ? `exit ${code}` : '');
    return nodeTests('ui', ['test/ui'], { COMET_SWARM_SKIP_BUILD: '1' });
  });
  // Last, because it stops and restarts the rehearsal's dockerd; each file re-converges the rehearsal before it ends.
  await phase('disruptive', () =>
    rehearsal ? nodeTests('disruptive', ['test/disruptive'], built ? { COMET_SWARM_SKIP_BUILD: '1' } : {}) : record('disruptive', 0, 1, 'the rehearsal did not come up'),
  );

  console.log('\n== summary');
  for (const p of phases) console.log(`${p.failed ? '✖' : '✔'} ${p.name.padEnd(16)} ${String(p.passed).padStart(4)} passed ${String(p.failed).padStart(3)} failed  ${String(p.seconds).padStart(6)} s  ${p.note}`);
  const seconds = Math.round((Date.now() - started) / 1000);
  writeFileSync(join(ARTIFACTS, 'summary.json'), JSON.stringify({ ...totals, seconds, phases }, null, 2));
  console.log(`suite took ${seconds} s; artifacts in ${relative(ROOT, ARTIFACTS)}/`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  process.exitCode = totals.failed === 0 && totals.passed > 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  console.log(`${totals.passed} passed, ${totals.failed + 1} failed`);
  process.exitCode = 1;
});
