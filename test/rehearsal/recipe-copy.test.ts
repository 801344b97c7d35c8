// Tests of the rehearsal's copy of a recipe folder: only the listed ports go, env edits land, the recipe is untouched.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { prepareRecipeCopy, OVERRIDES_DIR, RECIPE_DIR } from './up';
import { run } from './lib/run';

test('the Comet copy differs from the recipe only by the comet service ports', () => {
  const dir = prepareRecipeCopy('sth-ha', path.join(OVERRIDES_DIR, 'comet.yml'));
  try {
    const original = YAML.parse(fs.readFileSync(path.join(RECIPE_DIR, 'sth-ha', 'docker-compose.yml'), 'utf8'));
    const copy = YAML.parse(fs.readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8'));
    assert.deepEqual(original.services.comet.ports, ['8666:8666']);
    delete original.services.comet.ports;
    assert.deepEqual(copy, original);
    for (const f of ['backend.env', 'frontend.env', 'mongo-healthcheck', 'mongo-docker-compose.yml']) {
      assert.equal(fs.readFileSync(path.join(dir, f), 'utf8'), fs.readFileSync(path.join(RECIPE_DIR, 'sth-ha', f), 'utf8'));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('frontend.env changes reach the deploy environment, sourced after backend.env as deploy_front.sh does', async () => {
  const dir = prepareRecipeCopy('sth-ha', path.join(OVERRIDES_DIR, 'comet.yml'), {
    'frontend.env': { STACK_NAME: 'comet-x', MONGO_SERVICE_URI: 'mongodb://mongo-rs_mongo' },
  });
  try {
    const r = await run('bash', ['-c', 'set -o allexport; . ./backend.env; . ./frontend.env; set +o allexport; echo "$STACK_NAME|$MONGO_SERVICE_URI|$REPLICASET_NAME"'], { cwd: dir, env: { PATH: process.env.PATH } });
    assert.equal(r.stdout.trim(), 'comet-x|mongodb://mongo-rs_mongo|rs');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the recipe as given yields stack comet and MONGO_SERVICE_URI mongo-rs_mongo', async () => {
  const r = await run('bash', ['-c', 'set -o allexport; . ./backend.env; . ./frontend.env; echo "$STACK_NAME|$MONGO_SERVICE_URI"'], { cwd: path.join(RECIPE_DIR, 'sth-ha'), env: { PATH: process.env.PATH } });
  assert.equal(r.stdout.trim(), 'comet|mongo-rs_mongo');
});

test('the Orion copy loses the 1026 ingress port and keeps its command', () => {
  const dir = prepareRecipeCopy('context-broker-ha', path.join(OVERRIDES_DIR, 'orion.yml'));
  try {
    const copy = YAML.parse(fs.readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8'));
    assert.equal(copy.services.orion.ports, undefined);
    assert.match(copy.services.orion.command, /^-logLevel \$\{ORION_LOG_LEVEL:-DEBUG\} -dbhost/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
