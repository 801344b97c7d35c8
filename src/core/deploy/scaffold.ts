// Writes a working copy of the recipe files the product ships (sth-ha/ and tools/) into a folder, never over a file already there.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface ScaffoldResult {
  /** Paths relative to the target folder. */
  readonly written: readonly string[];
  readonly kept: readonly string[];
  /** The folder deploy_front.sh ended up in. */
  readonly recipeDir: string;
}

export function scaffoldRecipe(shippedRecipeDir: string, targetDir: string): ScaffoldResult {
  const written: string[] = [];
  const kept: string[] = [];
  for (const folder of readdirSync(shippedRecipeDir).sort()) {
    const from = join(shippedRecipeDir, folder);
    if (!statSync(from).isDirectory()) continue;
    mkdirSync(join(targetDir, folder), { recursive: true });
    for (const name of readdirSync(from).sort()) {
      const relative = `${folder}/${name}`;
      const to = join(targetDir, folder, name);
      if (existsSync(to)) {
        kept.push(relative);
        continue;
      }
      copyFileSync(join(from, name), to);
      // The scripts are run with `sh` or `bash` by the recipe's instructions, and directly by some users.
      if (name.endsWith('.sh')) chmodSync(to, 0o755);
      written.push(relative);
    }
  }
  return { written, kept, recipeDir: join(targetDir, 'sth-ha') };
}
