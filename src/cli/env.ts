// `comet-swarm env [--json] [--all] [DIR]`: the variables deploy_front.sh sees after sourcing backend.env then frontend.env.

import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { evaluateEnvFiles } from '../core/envfile/evaluate';
import { provenanceOf, type ResolvedVariable } from '../core/envfile/types';
import { hasErrors } from '../core/lint/finding';
import { shellQuote } from '../core/lint/fixes';
import { findRecipeFolder, RECIPE_FILE_NAMES, recipeFolderOf } from '../core/lint/recipeFolder';
import { parseFlags, UsageError } from './flags';
import type { CliCommand } from './io';
import { formatFinding } from './lint';

const USAGE = 'usage: comet-swarm env [--json] [--all] [DIR]   (--all adds the variables inherited from the environment)';

export interface JsonVariable {
  readonly name: string;
  /** Omitted when the value is not known without running something (e.g. $(...)). */
  readonly value?: string;
  readonly known: boolean;
  readonly source: 'initial' | 'file' | 'unknown';
  readonly file?: string;
  /** 1-based. */
  readonly line?: number;
  readonly defaultUsed?: { readonly name: string; readonly operator: string; readonly operand: string };
}

function toJsonVariable(variable: ResolvedVariable): JsonVariable {
  const provenance = provenanceOf(variable);
  const known = variable.value.known && variable.existenceKnown;
  return {
    name: variable.name,
    value: known ? variable.value.text : undefined,
    known,
    source: provenance.source,
    file: provenance.file,
    line: provenance.line === undefined ? undefined : provenance.line + 1,
    defaultUsed: provenance.defaultUsed,
  };
}

export const env: CliCommand = async (args, io) => {
  let json: boolean;
  let all: boolean;
  let folder: string;
  try {
    const flags = parseFlags(args, { booleans: ['json', 'all', 'help'] });
    if (flags.booleans.has('help')) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    json = flags.booleans.has('json');
    all = flags.booleans.has('all');
    if (flags.positionals.length > 1) throw new UsageError('give at most one folder');
    const given = flags.positionals[0];
    const found = given === undefined ? findRecipeFolder(io.cwd) : existsSync(resolve(io.cwd, given)) ? recipeFolderOf(resolve(io.cwd, given)) : undefined;
    if (!found) throw new UsageError(given === undefined ? `no recipe folder (one holding frontend.env or backend.env) found in ${io.cwd}` : existsSync(resolve(io.cwd, given)) ? `${given}: no recipe folder (one holding frontend.env or backend.env) in it` : `${given}: no such folder`);
    folder = found;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`comet-swarm env: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  const files = [RECIPE_FILE_NAMES.backendEnv, RECIPE_FILE_NAMES.frontendEnv]
    .map((name) => join(folder, name))
    .filter((path) => existsSync(path))
    .map((path) => ({ path: relative(io.cwd, path) || path, text: readFileSync(path, 'utf8') }));
  const evaluation = evaluateEnvFiles(files, io.env);
  for (const finding of evaluation.findings) io.stderr.write(`${formatFinding(finding)}\n`);
  if (evaluation.exited) io.stderr.write(`${evaluation.exited.file}: bash would exit here (${evaluation.exited.reason}); deploy_front.sh would not deploy.\n`);
  const variables = [...evaluation.variables.values()].filter((variable) => all || variable.origin.kind !== 'initial').sort((a, b) => a.name.localeCompare(b.name));
  if (json) {
    io.stdout.write(`${JSON.stringify(variables.map(toJsonVariable), null, 2)}\n`);
  } else {
    for (const variable of variables) {
      const described = toJsonVariable(variable);
      const where = described.file ? `  # ${described.file}:${described.line}${described.defaultUsed ? `, default of \${${described.defaultUsed.name}${described.defaultUsed.operator}...}` : ''}` : '';
      io.stdout.write(described.known ? `${variable.name}=${shellQuote(variable.value.text)}${where}\n` : `# ${variable.name}: not known without running a command${where}\n`);
    }
  }
  return evaluation.exited || hasErrors(evaluation.findings) ? 1 : 0;
};
