// Lints the recipe's env and compose files together: the evaluator's findings, the static rules, and the live rules when facts are given.

import { LintContext, type LintOptions, type RecipeInput } from './context';
import type { Finding } from './finding';
import { checkCarriageReturns } from './rules/carriageReturn';
import { checkDuplicateKeys, checkUnknownKeys } from './rules/keys';
import { checkLive } from './rules/live';
import { checkMongoImageFlags } from './rules/mongoImage';
import { checkMongoServiceUri, checkUnusedMongoUriDefaults } from './rules/mongoServiceUri';
import { checkReplicaSet } from './rules/replicaSet';
import { checkStackNameClash } from './rules/stackName';

export type { LintOptions, RecipeInput } from './context';

const RULES: readonly ((context: LintContext) => Finding[])[] = [
  checkMongoServiceUri,
  checkUnusedMongoUriDefaults,
  checkReplicaSet,
  checkUnknownKeys,
  checkDuplicateKeys,
  checkCarriageReturns,
  checkStackNameClash,
  checkMongoImageFlags,
  checkLive,
];

function byPosition(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code);
}

export function lintRecipe(input: RecipeInput, options: LintOptions = {}): Finding[] {
  const context = new LintContext(input, options);
  const findings: Finding[] = [...context.evaluation.findings];
  for (const compose of [context.cometCompose, context.mongoCompose]) if (compose) findings.push(...compose.findings);
  for (const rule of RULES) findings.push(...rule(context));
  return findings.sort(byPosition);
}
