// Installs the project's npm dependencies when they are missing or stale; plain Node, no dependencies of its own.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MARKER = join(ROOT, 'node_modules', '.comet-swarm-lock.sha256');

/** Runs `npm ci` unless node_modules was installed from this very lock file. */
export function ensureDependencies(say = (m) => console.log(m)) {
  const lock = readFileSync(join(ROOT, 'package-lock.json'));
  const hash = createHash('sha256').update(lock).digest('hex');
  if (existsSync(MARKER) && readFileSync(MARKER, 'utf8') === hash) return;
  say('Installing npm dependencies (npm ci)...');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm ci failed with exit status ${result.status}`);
  writeFileSync(MARKER, hash);
}
