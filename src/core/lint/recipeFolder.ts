// Finds the recipe's folder (the one holding frontend.env or backend.env) and reads its files into a RecipeInput.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { EnvInput } from '../envfile/types';
import type { RecipeInput } from './context';

export const RECIPE_FILE_NAMES = {
  backendEnv: 'backend.env',
  frontendEnv: 'frontend.env',
  cometCompose: 'docker-compose.yml',
  mongoCompose: 'mongo-docker-compose.yml',
} as const;

function isRecipeFolder(dir: string): boolean {
  return existsSync(join(dir, RECIPE_FILE_NAMES.frontendEnv)) || existsSync(join(dir, RECIPE_FILE_NAMES.backendEnv));
}

/** The recipe folder at or below `start` (cwd, then sth-ha/, then a bounded search a few levels down). */
export function findRecipeFolder(start: string, maxDepth = 3): string | undefined {
  if (isRecipeFolder(start)) return start;
  if (isRecipeFolder(join(start, 'sth-ha'))) return join(start, 'sth-ha');
  let level = [start];
  for (let depth = 0; depth < maxDepth; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      let entries: string[];
      try {
        entries = readdirSync(dir).sort();
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (entry.startsWith('.') || entry === 'node_modules') continue;
        const child = join(dir, entry);
        try {
          if (!statSync(child).isDirectory()) continue;
        } catch {
          continue;
        }
        if (isRecipeFolder(child)) return child;
        next.push(child);
      }
    }
    level = next;
  }
  return undefined;
}

/** Reads the recipe's files from `dir`; paths in findings are relative to `displayBase`. */
export function readRecipeFolder(dir: string, environment: EnvInput, displayBase: string = dir): RecipeInput {
  const read = (name: string) => {
    const path = join(dir, name);
    return existsSync(path) ? { path: relative(displayBase, path) || name, text: readFileSync(path, 'utf8') } : undefined;
  };
  const otherFiles = new Map<string, string>();
  for (const name of ['mongo-healthcheck']) {
    const path = join(dir, name);
    if (existsSync(path)) otherFiles.set(name, readFileSync(path, 'utf8'));
  }
  return {
    backendEnv: read(RECIPE_FILE_NAMES.backendEnv),
    frontendEnv: read(RECIPE_FILE_NAMES.frontendEnv),
    cometCompose: read(RECIPE_FILE_NAMES.cometCompose),
    mongoCompose: read(RECIPE_FILE_NAMES.mongoCompose),
    otherFiles,
    environment,
  };
}

/** A path given on the command line: a recipe folder, or a file inside one. */
/**
 * The recipe folder a path names: a file's own folder, or for a folder the recipe folder at or
 * below it (searched as from the working directory); undefined when a folder holds none.
 */
export function recipeFolderOf(path: string): string | undefined {
  return statSync(path).isDirectory() ? findRecipeFolder(path) : dirname(path);
}
