// `comet-swarm lint [--json] [PATHS]`: checks the recipe's env and compose files; exit 1 when any finding is an error.

import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Finding } from '../core/lint/finding';
import { hasErrors } from '../core/lint/finding';
import { lintRecipe, type LintOptions } from '../core/lint/lintRecipe';
import { createDockerClient } from '../core/docker/client';
import { EndpointSyntaxError, resolveDockerEndpoint } from '../core/docker/endpoint';
import { collectStatus } from '../core/status/collect';
import { liveFactsFromStatus } from '../core/status/liveFacts';
import { findRecipeFolder, readRecipeFolder, recipeFolderOf } from '../core/lint/recipeFolder';
import { parseFlags, UsageError } from './flags';
import type { CliCommand, CliIo } from './io';

const USAGE = `usage: comet-swarm lint [--json] [--live [--host DOCKER_HOST]] [PATHS...]   (a recipe folder, or backend.env/frontend.env/compose files in one)
  --live   also check against the swarm: service names, the replica set's name, networks, images`;

export const LIVE_SKIPPED_BY_CLI = 'Live checks did not run: add --live to check service names, the set name, networks and images against the swarm.';

/** One finding as `--json` prints it: 1-based lines and columns, end exclusive. */
export interface JsonFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: Finding['severity'];
  readonly code: Finding['code'];
  readonly message: string;
}

export function toJsonFinding(finding: Finding): JsonFinding {
  return {
    file: finding.file,
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    endLine: finding.range.end.line + 1,
    endColumn: finding.range.end.character + 1,
    severity: finding.severity,
    code: finding.code,
    message: finding.message,
  };
}

export function formatFinding(finding: Finding): string {
  return `${finding.file}:${finding.range.start.line + 1}:${finding.range.start.character + 1}: ${finding.severity} ${finding.code}: ${finding.message}`;
}

/** The folders to lint, and for each the files asked for (undefined: all of them). */
function targets(paths: readonly string[], io: CliIo): Map<string, Set<string> | undefined> {
  const folders = new Map<string, Set<string> | undefined>();
  if (paths.length === 0) {
    const found = findRecipeFolder(io.cwd);
    if (!found) throw new UsageError(`no recipe folder (one holding frontend.env or backend.env) found in ${io.cwd}`);
    folders.set(found, undefined);
    return folders;
  }
  for (const path of paths) {
    const absolute = resolve(io.cwd, path);
    if (!existsSync(absolute)) throw new UsageError(`${path}: no such file or folder`);
    const folder = recipeFolderOf(absolute);
    if (!folder) throw new UsageError(`${path}: no recipe folder (one holding frontend.env or backend.env) in it`);
    if (statSync(absolute).isDirectory()) {
      folders.set(folder, undefined);
    } else if (!folders.has(folder) || folders.get(folder) !== undefined) {
      const files = folders.get(folder) ?? new Set<string>();
      files.add(relative(io.cwd, absolute));
      folders.set(folder, files);
    }
  }
  return folders;
}

export const lint: CliCommand = async (args, io) => {
  let json: boolean;
  let folders: Map<string, Set<string> | undefined>;
  let options: LintOptions = { liveUnavailableReason: LIVE_SKIPPED_BY_CLI };
  try {
    const flags = parseFlags(args, { booleans: ['json', 'live', 'help'], strings: ['host'] });
    if (flags.booleans.has('help')) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    json = flags.booleans.has('json');
    folders = targets(flags.positionals, io);
    if (flags.booleans.has('live')) options = await liveOptions(io, flags.strings.get('host'));
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof EndpointSyntaxError)) throw error;
    io.stderr.write(`comet-swarm lint: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  const findings: Finding[] = [];
  for (const [folder, only] of folders) {
    const input = readRecipeFolder(folder, io.env, io.cwd);
    const all = lintRecipe(input, options);
    findings.push(...(only ? all.filter((finding) => only.has(finding.file)) : all));
  }
  if (json) {
    io.stdout.write(`${JSON.stringify(findings.map(toJsonFinding), null, 2)}\n`);
  } else {
    for (const finding of findings) io.stdout.write(`${formatFinding(finding)}\n`);
    const count = (severity: Finding['severity']) => findings.filter((finding) => finding.severity === severity).length;
    io.stdout.write(`${count('error')} error(s), ${count('warning')} warning(s), ${count('information') + count('hint')} note(s)\n`);
  }
  return hasErrors(findings) ? 1 : 0;
};

/** Reads the swarm the way `status` does; an engine that does not answer leaves one note, not a failure. */
async function liveOptions(io: CliIo, host: string | undefined): Promise<LintOptions> {
  const resolved = resolveDockerEndpoint({ host }, io.env);
  const docker = createDockerClient(resolved.endpoint);
  const reading = await liveFactsFromStatus(docker, await collectStatus(docker, resolved));
  return reading.facts ? { live: reading.facts } : { liveUnavailableReason: reading.reason };
}
