// Temp copies of the recipe folder with changed settings, a docker shim that records calls, and clean-up, for the deploy tests.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import { RECIPE_DIR } from '../rehearsal/up';

/** A short random suffix: stacks of parallel runs (and of the rehearsal) never collide. */
export const SUFFIX = Math.random().toString(16).slice(2, 6);

const made: string[] = [];

/**
 * sth-ha and tools copied into a fresh temp dir (as recipe/sth-ha and recipe/tools); the copies
 * are writable, the recipe itself is never touched. Env changes are shell text, written as given.
 */
export function recipeCopy(label: string, changes: { backend?: Record<string, string>; frontend?: Record<string, string> } = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `comet-swarm-deploy-${label}-`));
  made.push(root);
  for (const folder of ['sth-ha', 'tools']) fs.cpSync(path.join(RECIPE_DIR, folder), path.join(root, folder), { recursive: true });
  for (const folder of ['sth-ha', 'tools']) for (const f of fs.readdirSync(path.join(root, folder))) fs.chmodSync(path.join(root, folder, f), 0o755);
  fs.chmodSync(root, 0o755);
  const dir = path.join(root, 'sth-ha');
  if (changes.backend) editEnv(path.join(dir, 'backend.env'), changes.backend);
  if (changes.frontend) editEnv(path.join(dir, 'frontend.env'), changes.frontend);
  return dir;
}

export function editEnv(file: string, changes: Record<string, string>): void {
  let text = fs.readFileSync(file, 'utf8');
  for (const [key, value] of Object.entries(changes)) {
    const line = new RegExp(`^${key}=.*$`, 'm');
    text = line.test(text) ? text.replace(line, () => `${key}=${value}`) : `${text.replace(/\n?$/, '\n')}${key}=${value}\n`;
  }
  fs.writeFileSync(file, text);
}

/** Changes a compose file through the yaml document, keeping everything else as written. */
export function editCompose(file: string, edit: (doc: YAML.Document) => void): void {
  const doc = YAML.parseDocument(fs.readFileSync(file, 'utf8'));
  edit(doc);
  fs.writeFileSync(file, doc.toString());
}

/**
 * As in the rehearsal: without a routing mesh here, Comet's ingress port goes and a balancer of the
 * same stack publishes one in host mode, in front of `tasks.STACK_comet`.
 */
export function frontWithBalancer(dir: string, stack: string, port: number): void {
  editCompose(path.join(dir, 'docker-compose.yml'), (doc) => {
    doc.deleteIn(['services', 'comet', 'ports']);
    doc.setIn(['services', 'lb'], doc.createNode({
      image: 'comet-swarm-rehearsal/lb:latest',
      environment: ['LB_LISTEN_PORT=8666', `LB_TARGET_HOST=tasks.${stack}_comet`, 'LB_TARGET_PORT=8666'],
      ports: [{ target: 8666, published: port, mode: 'host' }],
      networks: ['frontend'],
    }));
  });
}

export interface DockerShim {
  /** PATH with the shim first. */
  readonly path: string;
  /** Every docker command line the scripts ran, one per line. */
  calls(): string[];
}

/**
 * A `docker` first on PATH that records its arguments and adds `--resolve-image never` to
 * `stack deploy`: every image is local here, and the CLI would otherwise ask a registry for
 * digests, which means traffic off this machine.
 */
export function dockerShim(): DockerShim {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'comet-swarm-docker-shim-'));
  made.push(dir);
  const real = execFileSync('sh', ['-c', 'command -v docker'], { encoding: 'utf8' }).trim();
  const log = path.join(dir, 'calls.log');
  fs.writeFileSync(log, '');
  fs.writeFileSync(
    path.join(dir, 'docker'),
    `#!/bin/sh\necho "$*" >> '${log}'\nif [ "$1" = stack ] && [ "$2" = deploy ]; then shift 2; exec '${real}' stack deploy --resolve-image never "$@"; fi\nexec '${real}' "$@"\n`,
    { mode: 0o755 },
  );
  return { path: `${dir}${path.delimiter}${process.env.PATH ?? ''}`, calls: () => fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

/** A stub executable that records its arguments, one call per line. */
export function stubExecutable(dir: string, name: string, log: string): void {
  fs.writeFileSync(path.join(dir, name), `#!/bin/sh\necho "$*" >> '${log}'\n`, { mode: 0o755 });
}

export function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `comet-swarm-${label}-`));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
