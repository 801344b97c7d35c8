// Runs external commands with a deadline, killing the whole process group when it passes.
import { spawn } from 'node:child_process';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
  /** Return a non-zero exit instead of throwing. */
  allowFail?: boolean;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class CommandError extends Error {
  constructor(readonly command: string, readonly result: RunResult) {
    super(`${command} exited ${result.code}: ${(result.stderr || result.stdout).trim().slice(-2000)}`);
  }
}

const MAX_OUTPUT = 8 * 1024 * 1024;

export function run(file: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const label = [file, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      // Own process group, so a timeout can end the command and everything it started.
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => { if (stdout.length < MAX_OUTPUT) stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { if (stderr.length < MAX_OUTPUT) stderr += d.toString(); });
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
    }, timeoutMs);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result: RunResult = { code: code ?? (signal ? 128 : 1), stdout, stderr };
      if (timedOut) {
        reject(new CommandError(label, { ...result, stderr: `${stderr}\n(timed out after ${timeoutMs} ms)` }));
      } else if (result.code !== 0 && !opts.allowFail) {
        reject(new CommandError(label, result));
      } else {
        resolve(result);
      }
    });
    child.stdin.on('error', () => { /* the command may not read its input */ });
    child.stdin.end(opts.input ?? '');
  });
}

export async function docker(args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return run('docker', args, opts);
}
