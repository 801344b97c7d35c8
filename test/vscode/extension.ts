// Which extension the real-VS-Code tests load, and building it once before they do.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * The extension under test: the repo root (package.json `main` = dist/extension.js), or the folder
 * in COMET_SWARM_EXTENSION_PATH (to try the harness on another extension).
 */
export function extensionUnderTest(): string {
  return path.resolve(process.env.COMET_SWARM_EXTENSION_PATH || REPO_ROOT);
}

const built = new Set<string>();

/**
 * Runs `npm run build` in the repo root once per process (other folders are taken as built), then
 * checks that the manifest's `main` exists. Throws with the reason when either fails.
 * COMET_SWARM_SKIP_BUILD=1 skips the build (a CI step that already built).
 */
export function buildExtension(dir: string, opts: { build?: boolean } = {}): void {
  const build = opts.build ?? (dir === REPO_ROOT && process.env.COMET_SWARM_SKIP_BUILD !== '1');
  if (build && !built.has(dir)) {
    console.log(`[extension] npm run build in ${dir}`);
    const r = spawnSync('npm', ['run', 'build'], { cwd: dir, stdio: 'inherit', timeout: 180_000 });
    if (r.status !== 0) throw new Error(`npm run build failed in ${dir} (${r.error?.message ?? `exit ${r.status}`})`);
    built.add(dir);
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { main?: string };
  const main = manifest.main && path.resolve(dir, manifest.main);
  if (main && !fs.existsSync(main) && !fs.existsSync(`${main}.js`)) {
    throw new Error(`the extension's main ${manifest.main} does not exist in ${dir}: build it first`);
  }
}
