// The demo: the recipe deployed on a rehearsal swarm and Comet Swarm in a real VS Code (code-server) showing it.
//
//   npm run demo            bring everything up (idempotent) and print the URL
//   npm run demo -- --down  stop the demo's code-server and tear the rehearsal down
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ensureVscodeTooling } from '../vscode/install';
import { REPO_ROOT } from '../vscode/extension';

const STATE_DIR = path.join(REPO_ROOT, '.rehearsal', 'demo');
const STATE_FILE = path.join(STATE_DIR, 'code-server.json');
const RECIPE = path.resolve(REPO_ROOT, '..', 'shared', 'recipe');
const DEFAULT_PORT = Number(process.env.COMET_SWARM_DEMO_PORT ?? 18080);

interface DemoState {
  pid: number;
  port: number;
  url: string;
}

function say(message: string): void {
  console.log(`[demo] ${message}`);
}

function runStep(what: string, command: string, args: string[]): void {
  say(what);
  const r = spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal})`);
}

function readState(): DemoState | undefined {
  try {
    return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) as DemoState;
  } catch {
    return undefined;
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopCodeServer(): Promise<void> {
  const state = readState();
  if (!state) return;
  if (groupAlive(state.pid)) {
    say(`stopping code-server (process group ${state.pid})`);
    process.kill(-state.pid, 'SIGTERM');
    const deadline = Date.now() + 15_000;
    while (groupAlive(state.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (groupAlive(state.pid)) process.kill(-state.pid, 'SIGKILL');
  }
  fs.rmSync(STATE_FILE, { force: true });
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function healthy(url: string, deadlineMs: number): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

/** A working copy of the recipe for the demo's workspace, so edits made while trying the extension never touch the original. */
function demoWorkspace(): string {
  const workspace = path.join(STATE_DIR, 'workspace');
  if (!fs.existsSync(workspace)) {
    fs.mkdirSync(workspace, { recursive: true });
    fs.cpSync(RECIPE, workspace, { recursive: true });
    for (const file of fs.readdirSync(workspace, { recursive: true, encoding: 'utf8' })) fs.chmodSync(path.join(workspace, file), 0o755);
  }
  return workspace;
}

async function up(): Promise<void> {
  runStep('building the extension and packaging it as a VSIX', 'npm', ['run', '--silent', 'package']);
  runStep('bringing up the rehearsal swarm from the recipe', process.execPath, ['--import', 'tsx', 'test/rehearsal/up.ts']);
  say('making sure code-server and Chromium are installed');
  const tooling = await ensureVscodeTooling({ verbose: true });
  await stopCodeServer();

  const port = (await portFree(DEFAULT_PORT)) ? DEFAULT_PORT : 0;
  const runDir = path.join(STATE_DIR, 'code-server');
  const dirs = ['user-data/User', 'extensions', 'xdg-config', 'xdg-data', 'xdg-cache'].map((d) => path.join(runDir, d));
  for (const d of dirs) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(
    path.join(runDir, 'user-data', 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoUpdate': false,
        // No chat side bar: the demo is about the Comet Swarm view.
        'chat.disableAIFeatures': true,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
      },
      null,
      2,
    ),
  );
  const env = { ...process.env, XDG_CONFIG_HOME: dirs[2], XDG_DATA_HOME: dirs[3], XDG_CACHE_HOME: dirs[4] };
  const common = ['--user-data-dir', path.join(runDir, 'user-data'), '--extensions-dir', path.join(runDir, 'extensions')];
  say('installing the VSIX into the demo\'s code-server');
  const install = spawnSync(tooling.node, [tooling.codeServerEntry, ...common, '--install-extension', path.join(REPO_ROOT, 'dist', 'comet-swarm.vsix'), '--force'], { env, encoding: 'utf8', timeout: 120_000 });
  if (install.status !== 0) throw new Error(`installing the VSIX failed: ${install.stderr || install.stdout}`);

  const log = fs.openSync(path.join(runDir, 'code-server.log'), 'a');
  const bind = `127.0.0.1:${port || (await freePort())}`;
  const workspace = demoWorkspace();
  // Detached in its own process group so that it outlives this script and `--down` can stop it, and only it.
  const child = spawn(tooling.node, [tooling.codeServerEntry, ...common, '--bind-addr', bind, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    // The demo's workspace is a copy of the recipe made by this script: trusted, so that every command can be tried.
    '--disable-workspace-trust', workspace], {
    env,
    detached: true,
    stdio: ['ignore', log, log],
  });
  child.unref();
  if (child.pid === undefined) throw new Error('code-server did not start');
  const url = `http://${bind}`;
  fs.writeFileSync(STATE_FILE, JSON.stringify({ pid: child.pid, port: Number(bind.split(':')[1]), url } satisfies DemoState));
  if (!(await healthy(url, 60_000))) throw new Error(`code-server did not come up; see ${path.join(runDir, 'code-server.log')}`);
  say('ready.');
  console.log(`\n  Open ${url}/?folder=${encodeURIComponent(workspace)}\n  and click the Comet Swarm icon in the activity bar.\n  The same picture from the command line: node dist/cli.js status\n  Tear it all down: npm run demo -- --down\n`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function down(): Promise<void> {
  await stopCodeServer();
  // The next demo starts from the recipe as users have it, not from what was tried in this one.
  fs.rmSync(path.join(STATE_DIR, 'workspace'), { recursive: true, force: true });
  runStep('tearing down the rehearsal swarm', process.execPath, ['--import', 'tsx', 'test/rehearsal/down.ts']);
  say('done.');
}

(process.argv.includes('--down') ? down() : up()).catch((error: unknown) => {
  console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
