// Which open documents belong to a recipe folder, and the folder's files as the linter reads them (open editors win over disk).
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RecipeInput } from '../core/lint/context';
import { RECIPE_FILE_NAMES } from '../core/lint/recipeFolder';

const ENV_FILES = new Set<string>([RECIPE_FILE_NAMES.backendEnv, RECIPE_FILE_NAMES.frontendEnv]);
const COMPOSE_FILES = new Set<string>([RECIPE_FILE_NAMES.cometCompose, RECIPE_FILE_NAMES.mongoCompose]);

/** Glob for the document selectors of the validator's providers. */
export const RECIPE_FILE_GLOB = `**/{${[...ENV_FILES, ...COMPOSE_FILES].join(',')}}`;

/** The recipe folder a document belongs to: an env file's own folder, or a compose file's when an env file lies beside it. */
export function recipeFolderOfDocument(document: vscode.TextDocument): string | undefined {
  if (document.uri.scheme !== 'file') return undefined;
  const name = path.basename(document.uri.fsPath);
  const folder = path.dirname(document.uri.fsPath);
  if (ENV_FILES.has(name)) return folder;
  if (COMPOSE_FILES.has(name) && [...ENV_FILES].some((f) => fs.existsSync(path.join(folder, f)))) return folder;
  return undefined;
}

export function isEnvDocument(document: vscode.TextDocument): boolean {
  return ENV_FILES.has(path.basename(document.uri.fsPath));
}

/** The four files of a folder, each from its open editor when there is one, else from disk; absent files stay absent. */
export function readRecipeInput(folder: string): RecipeInput {
  const open = new Map(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file').map((d) => [d.uri.fsPath, d.getText()]));
  const read = (name: string): { path: string; text: string } | undefined => {
    const file = path.join(folder, name);
    const text = open.get(file) ?? readIfExists(file);
    return text === undefined ? undefined : { path: file, text };
  };
  const otherFiles = new Map<string, string>();
  const healthcheck = readIfExists(path.join(folder, 'mongo-healthcheck'));
  if (healthcheck !== undefined) otherFiles.set('mongo-healthcheck', healthcheck);
  const backendEnv = read(RECIPE_FILE_NAMES.backendEnv);
  const frontendEnv = read(RECIPE_FILE_NAMES.frontendEnv);
  const cometCompose = read(RECIPE_FILE_NAMES.cometCompose);
  const mongoCompose = read(RECIPE_FILE_NAMES.mongoCompose);
  return {
    ...(backendEnv ? { backendEnv } : {}),
    ...(frontendEnv ? { frontendEnv } : {}),
    ...(cometCompose ? { cometCompose } : {}),
    ...(mongoCompose ? { mongoCompose } : {}),
    otherFiles,
    // The deploy scripts run from a shell whose variables Comet Swarm cannot know: judge the files as a clean shell sees them.
    environment: {},
  };
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function toVscodeRange(range: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}
