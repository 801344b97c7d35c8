// `comet-swarm lint --live` against the rehearsal: the recipe is clean, and a service name the swarm does not know is caught with the closest one.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const RECIPE = path.resolve(ROOT, '..', 'shared', 'recipe', 'sth-ha');
const run = promisify(execFile);
const copies: string[] = [];
after(() => copies.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  severity: string;
  code: string;
  message: string;
}

async function lint(dir: string): Promise<{ code: number; findings: JsonFinding[] }> {
  try {
    const { stdout } = await run(process.execPath, [CLI, 'lint', '--live', '--json', dir], { timeout: 60_000, env: { ...process.env, DOCKER_HOST: '' } });
    return { code: 0, findings: JSON.parse(stdout) };
  } catch (error) {
    const e = error as { code?: number; stdout?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, findings: JSON.parse(e.stdout ?? '[]') };
  }
}

function copyRecipe(edit: (text: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'comet-swarm-lint-live-'));
  copies.push(dir);
  fs.cpSync(RECIPE, dir, { recursive: true });
  for (const name of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, name), 0o644);
  const frontend = path.join(dir, 'frontend.env');
  fs.writeFileSync(frontend, edit(fs.readFileSync(frontend, 'utf8')));
  const backend = path.join(dir, 'backend.env');
  fs.writeFileSync(backend, fs.readFileSync(backend, 'utf8').replace('MONGO_SERVICE_URI="mongo-rs_mongo"\n', ''));
  return dir;
}

test('the recipe as users have it lints clean against the live swarm, live checks included', async () => {
  const { code, findings } = await lint(RECIPE);
  assert.equal(code, 0);
  assert.deepEqual(findings, [], 'no finding at all: not even "live checks did not run"');
});

test('MONGO_SERVICE_URI naming the controller\'s default stack (mongo_mongo) is an error suggesting mongo-rs_mongo', async () => {
  const dir = copyRecipe((text) => text.replace('${MONGO_SERVICE_URI:-"mongo-rs_mongo"}', 'mongo_mongo'));
  const { code, findings } = await lint(dir);
  assert.equal(code, 1);
  const unknown = findings.filter((f) => f.code === 'mongo-uri-unknown-host');
  assert.equal(unknown.length, 1, JSON.stringify(findings));
  assert.equal(unknown[0].severity, 'error');
  assert.equal(unknown[0].line, 5);
  assert.match(unknown[0].message, /did you mean mongo-rs_mongo\?/);
});

test('REPLICASET_NAME different from the live set\'s name is an error', async () => {
  const dir = copyRecipe((text) => text.replace('${REPLICASET_NAME:-rs}', 'rs0'));
  const { findings } = await lint(dir);
  const mismatch = findings.filter((f) => f.code === 'replicaset-mismatch-live');
  assert.equal(mismatch.length, 1, JSON.stringify(findings));
  assert.match(mismatch[0].message, /rs0/);
});
