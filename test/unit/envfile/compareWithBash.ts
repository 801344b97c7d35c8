// Compares the evaluator's result for one case with what bash printed for it.

import { evaluateEnvFiles } from '../../../src/core/envfile/evaluate';
import { SHELL_DEFAULTED_VARIABLES, SHELL_MANAGED_VARIABLES } from '../../../src/core/envfile/shellNames';
import { fileNameOf, type OracleCase, type OracleResult } from './bashOracle';

/** Variables bash manages itself are not the evaluator's to predict. */
function compared(name: string): boolean {
  return !SHELL_MANAGED_VARIABLES.has(name) && !SHELL_DEFAULTED_VARIABLES.has(name) && name !== 'IFS';
}

/** Differences between bash and the evaluator; values the evaluator calls unknown are compared only on what is known. */
export function differences(oracleCase: OracleCase, bash: OracleResult): string[] {
  const result = evaluateEnvFiles(
    oracleCase.files.map((text, index) => ({ path: fileNameOf(index), text })),
    oracleCase.env ?? {},
  );
  const problems: string[] = [];
  if (!bash.completed) {
    if (!result.exited && !result.uncertainty) problems.push('bash exited while sourcing; the evaluator did not say so');
    return problems;
  }
  if (result.exited) problems.push(`the evaluator says bash exits (${result.exited.reason}); bash did not`);
  for (const [name, variable] of result.variables) {
    if (!compared(name) || !variable.existenceKnown) continue;
    const actual = bash.variables.get(name);
    if (actual === undefined) problems.push(`${name}: evaluator has it set (${JSON.stringify(variable.value.text)}), bash has it unset`);
    else if (variable.value.known && actual !== variable.value.text) problems.push(`${name}: evaluator ${JSON.stringify(variable.value.text)}, bash ${JSON.stringify(actual)}`);
  }
  for (const [name, actual] of bash.variables) {
    if (!compared(name) || result.variables.has(name) || result.uncertainty) continue;
    problems.push(`${name}: bash has ${JSON.stringify(actual)}, the evaluator has it unset`);
  }
  return problems;
}

