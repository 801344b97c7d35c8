// One deploy step from start to end, for the commands and the CLI alike: plan, preflight (with fixes and questions through hooks), the script, then convergence.
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DockerClient } from '../docker/client';
import type { ResolvedEndpoint } from '../docker/endpoint';
import { dockerCliEnv } from './cliEnv';
import { watchConvergence, type ConvergeResult, type ServiceProgress } from './converge';
import { createRecipeNetworks } from './networks';
import { readDeployPlan, type DeployPlan } from './plan';
import { runPreflight, type Preflight } from './preflight';
import { RECIPE_FILES } from './recipes';
import { deployScript, type ScriptRunner } from './scripts';
import type { CheckFix, CheckResult, DeployTarget, ProgressReporter } from './types';

export interface DeployHooks {
  readonly onProgress?: ProgressReporter;
  readonly onPreflight?: (preflight: Preflight) => void;
  /** A check failed with a fix the product can make: true applies it and checks again. */
  readonly applyFix?: (fix: CheckFix, check: CheckResult) => Promise<boolean>;
  /** The preflight found warnings only: true goes on. */
  readonly confirmWarnings?: (warnings: readonly CheckResult[]) => Promise<boolean>;
  readonly onConvergeProgress?: (services: readonly ServiceProgress[], note: string) => void;
}

export interface DeployRequest {
  readonly target: DeployTarget;
  readonly dir: string;
  readonly docker: DockerClient;
  readonly resolved: ResolvedEndpoint;
  /** The environment the scripts inherit (and the env files are evaluated from). */
  readonly env: NodeJS.ProcessEnv;
  readonly runScript: ScriptRunner;
  /** The recipe files the product ships (media/recipe), for a Mongo stack file the folder lacks. */
  readonly shippedRecipeDir: string;
  readonly primaryWaitMs?: number;
  readonly convergeTimeoutMs?: number;
  readonly mongoUri?: string;
  readonly signal?: AbortSignal;
  readonly hooks?: DeployHooks;
}

export type DeployOutcome =
  | { readonly kind: 'blocked'; readonly preflight: Preflight; readonly errors: readonly CheckResult[] }
  | { readonly kind: 'declined'; readonly preflight: Preflight }
  | { readonly kind: 'scriptFailed'; readonly preflight: Preflight; readonly how: string; readonly exitCode: number; readonly outputTail: readonly string[] }
  | { readonly kind: 'converged' | 'notConverged'; readonly preflight: Preflight; readonly how: string; readonly stackName: string; readonly convergence: ConvergeResult };

/** Copies the Mongo stack file and its health probe the product ships, as deploy_back.sh's download would have put them there. */
export function copyShippedMongoStack(shippedRecipeDir: string, dir: string): string[] {
  const copied: string[] = [];
  for (const name of [RECIPE_FILES.mongoCompose, RECIPE_FILES.mongoHealthcheck]) {
    const to = join(dir, name);
    if (existsSync(to)) continue;
    copyFileSync(join(shippedRecipeDir, 'sth-ha', name), to);
    copied.push(name);
  }
  return copied;
}

async function applyFix(request: DeployRequest, fix: CheckFix): Promise<void> {
  switch (fix.kind) {
    case 'createNetworks':
      await createRecipeNetworks(request.docker, fix.networks, request.env);
      return;
    case 'useShippedMongoStack':
      copyShippedMongoStack(request.shippedRecipeDir, request.dir);
      return;
  }
}

export async function deploy(request: DeployRequest): Promise<DeployOutcome> {
  const hooks = request.hooks ?? {};
  const progress = hooks.onProgress ?? (() => undefined);
  let usedShipped = false;
  let plan: DeployPlan;
  let preflight: Preflight;
  // Each round may apply fixes and check again; two rounds cover networks plus the stack file.
  for (let round = 0; ; round++) {
    plan = readDeployPlan(request.dir, request.target, request.env);
    progress('Checking before deploying');
    preflight = await runPreflight(request.docker, request.resolved, plan, {
      ...(request.primaryWaitMs !== undefined ? { primaryWaitMs: request.primaryWaitMs } : {}),
      ...(request.mongoUri ? { mongoUri: request.mongoUri } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
      onProgress: progress,
    });
    hooks.onPreflight?.(preflight);
    const fixable = preflight.checks.filter((c) => c.status === 'error' && c.fix);
    if (fixable.length === 0 || round >= 2 || !hooks.applyFix) break;
    let applied = false;
    for (const check of fixable) {
      if (!(await hooks.applyFix(check.fix!, check))) continue;
      progress(check.fix!.kind === 'createNetworks' ? 'Creating networks' : `Copying the ${RECIPE_FILES.mongoCompose} Comet Swarm ships`);
      await applyFix(request, check.fix!);
      if (check.fix!.kind === 'useShippedMongoStack') usedShipped = true;
      applied = true;
    }
    if (!applied) break;
  }
  const errors = preflight.checks.filter((c) => c.status === 'error');
  if (errors.length > 0 || !plan.stackName) return { kind: 'blocked', preflight, errors };
  const warnings = preflight.checks.filter((c) => c.status === 'warning');
  if (warnings.length > 0 && !(await (hooks.confirmWarnings?.(warnings) ?? Promise.resolve(false)))) return { kind: 'declined', preflight };

  const how =
    request.target === 'front'
      ? `the recipe's ${RECIPE_FILES.deployFront}`
      : usedShipped
        ? `the ${RECIPE_FILES.mongoCompose} Comet Swarm ships, copied into the folder (deploy_back.sh would download it from GitHub)`
        : `the folder's own ${RECIPE_FILES.mongoCompose} (deploy_back.sh's steps without its download from GitHub)`;
  const since = new Date();
  progress(`Deploying stack ${plan.stackName} with ${how}`);
  const spec = deployScript(request.target, request.dir, dockerCliEnv(request.resolved.endpoint));
  const result = await request.runScript(spec, request.signal);
  if (result.exitCode !== 0) return { kind: 'scriptFailed', preflight, how, exitCode: result.exitCode, outputTail: result.outputTail ?? [] };

  progress(`Waiting for ${plan.stackName} to converge`);
  const convergence = await watchConvergence(request.docker, {
    target: request.target,
    stackName: plan.stackName,
    engine: request.resolved.endpoint,
    since,
    ...(request.convergeTimeoutMs !== undefined ? { timeoutMs: request.convergeTimeoutMs } : {}),
    ...(preflight.nodeId ? { localNodeId: preflight.nodeId } : {}),
    ...(request.mongoUri ? { mongoUri: request.mongoUri } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
    onProgress: (services, note) => {
      hooks.onConvergeProgress?.(services, note);
      progress(note);
    },
  });
  return { kind: convergence.ok ? 'converged' : 'notConverged', preflight, how, stackName: plan.stackName, convergence };
}
