// Finds the recipe folders under some roots: where deploy_front.sh sits beside frontend.env and its compose file, or the Mongo stack's files.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const RECIPE_FILES = {
  deployFront: 'deploy_front.sh',
  deployBack: 'deploy_back.sh',
  frontendEnv: 'frontend.env',
  backendEnv: 'backend.env',
  cometCompose: 'docker-compose.yml',
  mongoCompose: 'mongo-docker-compose.yml',
  mongoHealthcheck: 'mongo-healthcheck',
  createNetworks: 'create_networks.sh',
} as const;

export interface RecipeFolder {
  readonly dir: string;
  /** deploy_front.sh, frontend.env and docker-compose.yml are all there. */
  readonly front: boolean;
  /** backend.env is there, with mongo-docker-compose.yml or deploy_back.sh. */
  readonly back: boolean;
  /** mongo-docker-compose.yml is there (deploy_back.sh would otherwise download it). */
  readonly localMongoStack: boolean;
  /** The recipe's tools/create_networks.sh, when it sits in a sibling tools/ folder. */
  readonly createNetworksScript?: string;
}

const has = (dir: string, name: string): boolean => existsSync(join(dir, name));

/** What a folder holds of the recipe, or undefined when it is not a recipe folder. */
export function readRecipeFolderKind(dir: string): RecipeFolder | undefined {
  const front = has(dir, RECIPE_FILES.deployFront) && has(dir, RECIPE_FILES.frontendEnv) && has(dir, RECIPE_FILES.cometCompose);
  const localMongoStack = has(dir, RECIPE_FILES.mongoCompose);
  const back = has(dir, RECIPE_FILES.backendEnv) && (localMongoStack || has(dir, RECIPE_FILES.deployBack));
  if (!front && !back) return undefined;
  const script = join(dirname(dir), 'tools', RECIPE_FILES.createNetworks);
  return { dir, front, back, localMongoStack, ...(existsSync(script) ? { createNetworksScript: script } : {}) };
}

/** Folders never worth descending into: dependencies, build output, VCS data. */
const SKIP = new Set(['node_modules', 'dist', 'out', '.git']);

/**
 * Breadth-first below each root, at most `maxDepth` levels and `maxDirs` folders in all, so that a
 * large workspace costs a bounded number of directory reads. Sorted by path.
 */
export function findRecipeFolders(roots: readonly string[], maxDepth = 4, maxDirs = 2_000): RecipeFolder[] {
  const found = new Map<string, RecipeFolder>();
  let visited = 0;
  for (const root of roots) {
    let level = [root];
    for (let depth = 0; depth <= maxDepth && level.length > 0; depth++) {
      const next: string[] = [];
      for (const dir of level) {
        if (visited++ >= maxDirs) break;
        const recipe = readRecipeFolderKind(dir);
        if (recipe) found.set(dir, recipe);
        let entries: string[];
        try {
          entries = readdirSync(dir);
        } catch {
          continue;
        }
        for (const entry of entries.sort()) {
          if (entry.startsWith('.') || SKIP.has(entry)) continue;
          const child = join(dir, entry);
          try {
            if (statSync(child).isDirectory()) next.push(child);
          } catch {
            // Vanished or unreadable: not a recipe folder.
          }
        }
      }
      level = next;
    }
  }
  return [...found.values()].sort((a, b) => a.dir.localeCompare(b.dir));
}

/** The folders that can deploy a target. */
export function foldersFor(target: 'back' | 'front', folders: readonly RecipeFolder[]): RecipeFolder[] {
  return folders.filter((f) => (target === 'front' ? f.front : f.back));
}

/** A short name for pick lists: the folder and its parent (`sth-ha` alone says little when there are several). */
export function recipeLabel(dir: string): string {
  return `${basename(dirname(dir))}/${basename(dir)}`;
}
