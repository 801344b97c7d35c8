// The recipe's own files, as users have them, lint with no error and exactly these findings.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { lintRecipe } from '../../../src/core/lint/lintRecipe';
import { readRecipeFolder } from '../../../src/core/lint/recipeFolder';

const RECIPE = join(__dirname, '..', '..', '..', '..', 'shared', 'recipe', 'sth-ha');

test("the recipe's own files lint with no errors: only the note that live checks did not run", () => {
  const findings = lintRecipe(readRecipeFolder(RECIPE, {}), { liveUnavailableReason: 'no swarm in unit tests' });
  assert.deepEqual(findings.map((finding) => [finding.file, finding.severity, finding.code]), [['frontend.env', 'information', 'live-checks-skipped']]);
});

test("the recipe's files against a swarm deployed as the recipe says give no findings", () => {
  const live = {
    serviceNames: ['mongo-rs_mongo', 'mongo-rs_controller'],
    networks: [{ name: 'backend', scope: 'swarm', driver: 'overlay' }, { name: 'frontend', scope: 'swarm', driver: 'overlay' }],
    liveSetName: 'rs',
    imagesOnNodes: [{ node: 'ms-manager0', images: ['telefonicaiot/fiware-sth-comet:2.2.0'] }],
  };
  assert.deepEqual(lintRecipe(readRecipeFolder(RECIPE, {}), { live }), []);
});
