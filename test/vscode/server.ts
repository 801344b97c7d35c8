// Starts and stops a code-server (real VS Code, web workbench) on 127.0.0.1 for tests, each in a run dir of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureVscodeTooling, type VscodeTooling } from './install';

export interface CodeServerOptions {
  /** Folder the workbench opens by default (also used as `?folder=` by the helpers). Default: an empty dir in the run dir. */
  workspace?: string;
  /** Start with `--disable-workspace-trust` (default true); Restricted Mode tests pass false. */
  disableWorkspaceTrust?: boolean;
  /** Merged over the harness defaults into user-data/User/settings.json. */
  settings?: Record<string, unknown>;
  /** Extra environment for the server and so for its extension host (e.g. DOCKER_HOST). */
  env?: NodeJS.ProcessEnv;
  /**
   * Where config, user data, extensions and logs go. Default: a fresh dir under the OS temp dir,
   * removed by stop() unless COMET_SWARM_KEEP_RUN_DIR=1 (to read code-server.log after a run).
   */
  runDir?: string;
  /** VSIX files installed into the run's extensions dir before the server starts. */
  installVsix?: string[];
  /** Deadline for /healthz to answer (default 60 s). */
  startTimeoutMs?: number;
  /** Print what it does (default false). */
  verbose?: boolean;
}

export interface CodeServer {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  url: string;
  port: number;
  pid: number;
  runDir: string;
  workspace: string;
  /** The server's combined stdout/stderr. */
  logFile: string;
  tooling: VscodeTooling;
  /** Kills the server's process group (and only it); resolves when every member is gone (and the temp run dir removed). */
  stop(): Promise<void>;
}

/** Settings that keep the workbench quiet and deterministic in tests. */
const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
};

const live = new Set<number>();
// A test run that crashes or is interrupted must not leave servers behind: kill our groups on the way out.
process.on('exit', () => {
  for (const pgid of live) killGroup(pgid, 'SIGKILL');
});
let signalsHandled = false;
function handleSignals(): void {
  if (signalsHandled) return;
  signalsHandled = true;
  // Node skips 'exit' handlers when a signal ends it; exiting from the handler runs them.
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.once(signal, () => process.exit(code));
  }
}

function killGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is empty
  }
}

/** A port the OS says is free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function healthz(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${url}/healthz`, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** Resolves when /healthz answers 200, rejects when the process exits first or the deadline passes. */
async function waitHealthy(url: string, child: ChildProcess, deadline: number, logFile: string): Promise<void> {
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = signal ?? `exit code ${code}`));
  for (;;) {
    if (exited) throw new Error(`code-server ended before it was healthy (${exited}); log: ${logFile}\n${tail(logFile)}`);
    if (await healthz(url)) return;
    if (Date.now() > deadline) throw new Error(`code-server not healthy at ${url}/healthz by the deadline; log: ${logFile}`);
    // Next probe on the next "exit" or after a short interval, whichever is first.
    await new Promise<void>((r) => {
      const t = setTimeout(r, 250);
      child.once('exit', () => {
        clearTimeout(t);
        r();
      });
    });
  }
}

function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function waitGroupGone(pgid: number, deadline: number): Promise<boolean> {
  while (killGroup(pgid, 0)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/** Starts code-server and resolves once /healthz answers. */
export async function startCodeServer(opts: CodeServerOptions = {}): Promise<CodeServer> {
  const tooling = await ensureVscodeTooling({ verbose: opts.verbose ?? false });
  const runDir = opts.runDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'comet-swarm-code-server-'));
  const removeRunDir = !opts.runDir && process.env.COMET_SWARM_KEEP_RUN_DIR !== '1';
  const dirs = {
    userData: path.join(runDir, 'user-data'),
    extensions: path.join(runDir, 'extensions'),
    config: path.join(runDir, 'xdg-config'),
    data: path.join(runDir, 'xdg-data'),
    cache: path.join(runDir, 'xdg-cache'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  const workspace = opts.workspace ?? path.join(runDir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...opts.settings }, null, 2),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Keep ~ clean: code-server and VS Code write under the XDG dirs.
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    ...opts.env,
  };
  // Variables of an outer VS Code or test run would confuse the server's own extension host.
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  const logFile = path.join(runDir, 'code-server.log');

  for (const vsix of opts.installVsix ?? []) {
    await new Promise<void>((resolve, reject) => {
      const p = spawn(tooling.node, [tooling.codeServerEntry, ...common, '--install-extension', vsix], {
        env,
        stdio: ['ignore', fs.openSync(logFile, 'a'), fs.openSync(logFile, 'a')],
      });
      const t = setTimeout(() => p.kill('SIGKILL'), 120_000);
      p.on('exit', (code) => {
        clearTimeout(t);
        if (code === 0) resolve();
        else reject(new Error(`installing ${vsix} failed (exit ${code}); log: ${logFile}`));
      });
    });
  }

  const disableTrust = opts.disableWorkspaceTrust ?? true;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  // The free port can be taken between probe and bind: try a few ports before giving up.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const configFile = path.join(runDir, 'config.yaml');
    fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    const args = [
      tooling.codeServerEntry,
      '--config', configFile,
      ...common,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(disableTrust ? ['--disable-workspace-trust'] : []),
      '--reconnection-grace-time', '5',
      workspace,
    ];
    const out = fs.openSync(logFile, 'a');
    fs.writeSync(out, `\n$ ${tooling.node} ${args.join(' ')}\n`);
    // detached = setsid(): the server leads a process group of its own, which stop() kills whole
    // (a plain SIGTERM leaves its file watcher and agent host behind).
    const child = spawn(tooling.node, args, { cwd: runDir, env, detached: true, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    const pid = child.pid;
    if (!pid) throw new Error('code-server did not start (no pid)');
    live.add(pid);
    handleSignals();
    if (opts.verbose) console.log(`[code-server] pid ${pid} on ${url}, run dir ${runDir}`);
    let stopped: Promise<void> | undefined;
    const stop = (): Promise<void> =>
      (stopped ??= (async () => {
        killGroup(pid, 'SIGTERM');
        if (!(await waitGroupGone(pid, Date.now() + 5000))) {
          killGroup(pid, 'SIGKILL');
          await waitGroupGone(pid, Date.now() + 5000);
        }
        live.delete(pid);
      })());
    const stopAndClean = async (): Promise<void> => {
      await stop();
      if (removeRunDir) fs.rmSync(runDir, { recursive: true, force: true });
    };
    try {
      await waitHealthy(url, child, deadline, logFile);
    } catch (e) {
      await stop();
      const inUse = /EADDRINUSE/.test(tail(logFile, 40));
      if (inUse && attempt < 3 && Date.now() < deadline) continue;
      throw e;
    }
    return { url, port, pid, runDir, workspace, logFile, tooling, stop: stopAndClean };
  }
}

if (require.main === module) {
  // CLI: node --import tsx test/vscode/server.ts [WORKSPACE]  -- runs until Ctrl-C, which ends its process group.
  startCodeServer({ workspace: process.argv[2] ? path.resolve(process.argv[2]) : undefined, verbose: true }).then(
    (s) => {
      console.log(`code-server ready: ${s.url}/?folder=${encodeURIComponent(s.workspace)}  (Ctrl-C stops it)`);
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
