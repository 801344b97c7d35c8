// bash is the oracle: the evaluator must give every value bash gives for the corpus and for seeded generated files.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { runBash, type OracleCase, type OracleResult } from './bashOracle';
import { differences } from './compareWithBash';
import { corpus } from './corpus';
import { generateCases } from './generate';

const GENERATED_SEED = 20240604;
const GENERATED_COUNT = 300;

function differentialSuite(title: string, cases: readonly OracleCase[]): void {
  describe(title, () => {
    let results: OracleResult[] = [];
    before(async () => {
      results = await runBash(cases);
    });
    cases.forEach((oracleCase, index) => {
      test(oracleCase.name, () => {
        const problems = differences(oracleCase, results[index]);
        assert.deepEqual(problems, [], `files: ${JSON.stringify(oracleCase.files)}\nenv: ${JSON.stringify(oracleCase.env ?? {})}`);
      });
    });
  });
}

test('the corpus holds at least 200 hand-written cases', () => {
  assert.ok(corpus.length >= 200, `only ${corpus.length} cases`);
});

differentialSuite('bash differential: hand-written corpus', corpus);
differentialSuite('bash differential: generated files', generateCases(GENERATED_SEED, GENERATED_COUNT));
