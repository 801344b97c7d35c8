// `comet-swarm deploy networks|back|front [--dir DIR] [--yes]`: the same preflight, script and convergence watch as the VS Code commands.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createDockerClient } from '../core/docker/client';
import { EndpointSyntaxError, resolveDockerEndpoint } from '../core/docker/endpoint';
import { formatProgress } from '../core/deploy/converge';
import { deploy, type DeployOutcome } from '../core/deploy/deploy';
import { checkEngine } from '../core/deploy/engineCheck';
import { createRecipeNetworks, RECIPE_NETWORKS } from '../core/deploy/networks';
import type { Preflight } from '../core/deploy/preflight';
import { findRecipeFolders, foldersFor } from '../core/deploy/recipes';
import { spawnScript } from '../core/deploy/scripts';
import type { CheckResult, DeployTarget } from '../core/deploy/types';
import { parseFlags, UsageError } from './flags';
import type { CliCommand, CliIo } from './io';

export const DEPLOY_USAGE = `Usage: comet-swarm deploy networks|back|front [--dir DIR] [--yes] [--host DOCKER_HOST]
                         [--wait-primary SECONDS] [--timeout SECONDS] [--mongo-uri URI]

  networks  creates the overlay networks backend and frontend as tools/create_networks.sh does
  back      deploys the Mongo replica-set stack (backend.env, mongo-docker-compose.yml)
  front     deploys the Comet stack with the recipe's deploy_front.sh

Checks first (engine, networks, env files, images, ports; for front, waits for the Mongo set's
PRIMARY and compares its name with REPLICASET_NAME), then deploys and watches until every
replica runs (and the set has a PRIMARY, or Comet's /version answers).
--dir      the recipe folder (default: the one found below the current folder)
--yes      go on despite warnings, create missing networks, and use the Mongo stack file
           Comet Swarm ships when the folder has none
Exit status: 0 converged, 1 stopped by the checks (or a warning without --yes), 2 bad usage,
3 the deploy script failed or the stack did not converge in time, 130 interrupted.`;

/** The recipe files the package ships: media/recipe beside dist/ (or beside src/ when run from source). */
export const SHIPPED_RECIPE_DIR = [join(__dirname, '..', 'media', 'recipe'), join(__dirname, '..', '..', 'media', 'recipe')].find((d) => existsSync(d)) ?? join(__dirname, '..', 'media', 'recipe');

const MARK: Record<CheckResult['status'], string> = { ok: 'ok     ', warning: 'warning', error: 'error  ' };

function printChecks(io: CliIo, preflight: Preflight): void {
  for (const check of preflight.checks) {
    io.stdout.write(`${MARK[check.status]} ${check.title}: ${check.message}\n`);
    for (const line of check.details ?? []) io.stdout.write(`          ${line}\n`);
  }
}

function report(io: CliIo, outcome: DeployOutcome): number {
  switch (outcome.kind) {
    case 'blocked':
      io.stderr.write(`comet-swarm deploy: not deployed; fix the error${outcome.errors.length > 1 ? 's' : ''} above first.\n`);
      return 1;
    case 'declined':
      io.stderr.write('comet-swarm deploy: not deployed because of the warnings above; run again with --yes to deploy anyway.\n');
      return 1;
    case 'scriptFailed':
      io.stderr.write(`comet-swarm deploy: ${outcome.how} exited with ${outcome.exitCode}:\n${outcome.outputTail.map((l) => `  ${l}`).join('\n')}\n`);
      return 3;
    case 'converged':
      io.stdout.write(`Converged: ${outcome.convergence.ok ? outcome.convergence.message : ''}\n`);
      if (outcome.convergence.ok && outcome.convergence.warning) io.stdout.write(`Note: ${outcome.convergence.warning}\n`);
      return 0;
    case 'notConverged': {
      const c = outcome.convergence;
      if (c.ok) return 0;
      io.stderr.write(`comet-swarm deploy: ${c.reason}\n`);
      for (const e of c.taskErrors) io.stderr.write(`  ${e}\n`);
      if (c.logTail.length > 0) io.stderr.write(`Last log lines of ${c.failingService}:\n${c.logTail.map((l) => `  ${l}`).join('\n')}\n`);
      return 3;
    }
  }
}

function seconds(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a number of seconds`);
  return n * 1000;
}

export const deployCommand: CliCommand = async (args, io) => {
  let flags;
  let target: 'networks' | DeployTarget;
  let dir: string | undefined;
  let resolved;
  try {
    flags = parseFlags(args, { booleans: ['yes', 'help'], strings: ['dir', 'host', 'wait-primary', 'timeout', 'mongo-uri'] });
    if (flags.booleans.has('help')) {
      io.stdout.write(`${DEPLOY_USAGE}\n`);
      return 0;
    }
    const [what, ...extra] = flags.positionals;
    if (what !== 'networks' && what !== 'back' && what !== 'front') throw new UsageError(what ? `unknown deploy step "${what}"` : 'say what to deploy: networks, back or front');
    if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
    target = what;
    if (target !== 'networks') {
      const given = flags.strings.get('dir');
      if (given !== undefined) {
        dir = resolve(io.cwd, given);
        if (!existsSync(dir)) throw new UsageError(`${given}: no such folder`);
      } else {
        const found = foldersFor(target, findRecipeFolders([io.cwd]));
        if (found.length === 0) throw new UsageError(`no recipe folder for the ${target} end below ${io.cwd}; give one with --dir`);
        if (found.length > 1) throw new UsageError(`several recipe folders below ${io.cwd} (${found.map((f) => f.dir).join(', ')}); choose one with --dir`);
        dir = found[0].dir;
      }
    }
    resolved = resolveDockerEndpoint({ host: flags.strings.get('host') }, io.env);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof EndpointSyntaxError)) throw error;
    io.stderr.write(`comet-swarm deploy: ${error.message}\n${DEPLOY_USAGE}\n`);
    return 2;
  }
  const yes = flags.booleans.has('yes');
  const docker = createDockerClient(resolved.endpoint);
  const abort = new AbortController();
  const onSigint = (): void => abort.abort(new Error('Interrupted'));
  process.once('SIGINT', onSigint);
  try {
    if (target === 'networks') {
      const engine = await checkEngine(docker, resolved);
      if (engine.check.status === 'error') {
        io.stderr.write(`comet-swarm deploy: ${engine.check.message}\n`);
        return 1;
      }
      const result = await createRecipeNetworks(docker, RECIPE_NETWORKS, io.env);
      for (const name of result.created) io.stdout.write(`created ${name} (swarm-scoped attachable overlay)\n`);
      for (const name of result.existing) io.stdout.write(`${name} exists (swarm-scoped overlay)\n`);
      return 0;
    }
    let lastNote = '';
    const outcome = await deploy({
      target,
      dir: dir!,
      docker,
      resolved,
      env: io.env,
      runScript: spawnScript((line) => io.stdout.write(`  | ${line}\n`), io.env),
      shippedRecipeDir: SHIPPED_RECIPE_DIR,
      ...(seconds(flags.strings.get('wait-primary'), 'wait-primary') !== undefined ? { primaryWaitMs: seconds(flags.strings.get('wait-primary'), 'wait-primary') } : {}),
      ...(seconds(flags.strings.get('timeout'), 'timeout') !== undefined ? { convergeTimeoutMs: seconds(flags.strings.get('timeout'), 'timeout') } : {}),
      ...(flags.strings.get('mongo-uri') ? { mongoUri: flags.strings.get('mongo-uri') } : {}),
      signal: abort.signal,
      hooks: {
        onProgress: (message) => {
          if (message !== lastNote) io.stderr.write(`... ${message}\n`);
          lastNote = message;
        },
        onPreflight: (preflight) => printChecks(io, preflight),
        applyFix: async (fix) => {
          if (!yes) return false;
          io.stdout.write(fix.kind === 'createNetworks' ? `--yes: creating ${fix.networks.join(', ')}\n` : '--yes: using the Mongo stack file Comet Swarm ships\n');
          return true;
        },
        confirmWarnings: async () => yes,
      },
    });
    if (outcome.kind === 'converged' || outcome.kind === 'notConverged') io.stdout.write(`Deployed ${outcome.stackName} with ${outcome.how}; ${formatProgress(outcome.convergence.services)}\n`);
    return report(io, outcome);
  } catch (error) {
    if (abort.signal.aborted) {
      io.stderr.write('comet-swarm deploy: interrupted\n');
      return 130;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`comet-swarm deploy: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
};
