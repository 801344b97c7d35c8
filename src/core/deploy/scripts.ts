// What runs a deploy: the user's deploy_front.sh as it is, and for the back end what deploy_back.sh does after its download.
import { spawn } from 'node:child_process';
import { RECIPE_FILES } from './recipes';
import type { DeployTarget } from './types';

/** A process to run: the CLI spawns it, VS Code runs it as a Task. */
export interface ScriptSpec {
  /** For logs and task names. */
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** Variables to set (undefined: remove) over the runner's own environment. */
  readonly env: Record<string, string | undefined>;
}

export interface ScriptResult {
  readonly exitCode: number;
  /** The last lines of output, when the runner captured them. */
  readonly outputTail?: readonly string[];
}

export type ScriptRunner = (spec: ScriptSpec, signal?: AbortSignal) => Promise<ScriptResult>;

/**
 * deploy_back.sh without its two curl lines: the same allexport sourcing of backend.env and the
 * same `docker stack deploy -c mongo-docker-compose.yml ${STACK_NAME}`, on the file in the folder.
 */
export const BACK_DEPLOY_SCRIPT = `set -o allexport
. ./${RECIPE_FILES.backendEnv}
set +o allexport
docker stack deploy -c ${RECIPE_FILES.mongoCompose} \${STACK_NAME}`;

export function deployScript(target: DeployTarget, dir: string, env: Record<string, string | undefined>): ScriptSpec {
  if (target === 'front') {
    return { label: `bash ${RECIPE_FILES.deployFront}`, command: 'bash', args: [RECIPE_FILES.deployFront], cwd: dir, env };
  }
  return { label: `deploy_back.sh (local ${RECIPE_FILES.mongoCompose})`, command: 'bash', args: ['-c', BACK_DEPLOY_SCRIPT], cwd: dir, env };
}

const TAIL_LINES = 40;

/**
 * Runs a script as a child process in its own process group, so that cancelling ends everything
 * it started. `baseEnv` is what it inherits before the spec's variables.
 */
export function spawnScript(onLine?: (line: string) => void, baseEnv: NodeJS.ProcessEnv = process.env): ScriptRunner {
  return (spec, signal) =>
    new Promise((resolve, reject) => {
      const env: NodeJS.ProcessEnv = { ...baseEnv };
      for (const [k, v] of Object.entries(spec.env)) {
        if (v === undefined) delete env[k];
        else env[k] = v;
      }
      const child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      const tail: string[] = [];
      const partial = { stdout: '', stderr: '' };
      const take = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
        const lines = (partial[stream] + chunk.toString('utf8')).split('\n');
        partial[stream] = lines.pop() ?? '';
        for (const line of lines) {
          tail.push(line);
          if (tail.length > TAIL_LINES) tail.shift();
          onLine?.(line);
        }
      };
      child.stdout.on('data', take('stdout'));
      child.stderr.on('data', take('stderr'));
      const onAbort = (): void => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGTERM');
        } catch {
          // Already gone.
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      child.on('error', (error) => {
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      });
      child.on('close', (code, sig) => {
        signal?.removeEventListener('abort', onAbort);
        for (const rest of [partial.stdout, partial.stderr]) if (rest) tail.push(rest);
        if (signal?.aborted) reject(signal.reason ?? new Error('Cancelled'));
        else resolve({ exitCode: code ?? (sig ? 128 : 1), outputTail: tail.slice(-TAIL_LINES) });
      });
    });
}
