// MONGO_SERVICE_URI as STH-Comet uses it (its DB_URI): host[:port][,host[:port]...] and nothing else.

import type { ResolvedVariable } from '../../envfile/types';
import type { LintContext } from '../context';
import type { Finding, FindingFix } from '../finding';
import { shellQuote } from '../fixes';
import { analyzeDbUri, type DbUriAnalysis } from '../mongoUri';

export interface EffectiveDbUri {
  readonly variable: ResolvedVariable;
  readonly analysis: DbUriAnalysis;
}

/** The known value of MONGO_SERVICE_URI after both files, analysed; undefined when not known. */
export function effectiveDbUri(context: LintContext): EffectiveDbUri | undefined {
  const variable = context.known('MONGO_SERVICE_URI');
  return variable ? { variable, analysis: analyzeDbUri(variable.value.text) } : undefined;
}

/** Whether the Comet compose file falls back to a default when MONGO_SERVICE_URI is empty. */
function composeDefault(context: LintContext): string | undefined {
  for (const service of context.cometCompose?.services ?? []) {
    const dbUri = service.environment.get('DB_URI');
    const reference = dbUri?.interpolation.references.find((ref) => ref.name === 'MONGO_SERVICE_URI' && ref.operator === ':-');
    if (reference && dbUri) return dbUri.value;
  }
  return undefined;
}

export function checkMongoServiceUri(context: LintContext): Finding[] {
  const effective = effectiveDbUri(context);
  if (!effective) return [];
  const { variable, analysis } = effective;
  const assignment = context.assignmentOf(variable);
  const findings: Finding[] = [];
  for (const problem of analysis.problems) {
    const location = context.locate(variable, problem.start, problem.end) ?? context.locateVariable(variable);
    if (!location) continue;
    const fixes: FindingFix[] = [];
    if (problem.replacement !== undefined && location.exact) {
      fixes.push({ title: problem.fixTitle ?? 'Fix MONGO_SERVICE_URI', edits: [{ file: location.file, range: location.range, newText: problem.replacement }], isPreferred: true });
    } else if (problem.replacement !== undefined && assignment) {
      fixes.push({ title: `Set MONGO_SERVICE_URI to ${analysis.corrected}`, edits: [{ file: assignment.file, range: assignment.valueRange, newText: shellQuote(analysis.corrected) }], isPreferred: true });
    }
    const fallback = problem.code === 'mongo-uri-empty' ? composeDefault(context) : undefined;
    findings.push({
      code: problem.code,
      severity: fallback !== undefined ? 'warning' : 'error',
      file: location.file,
      range: location.range,
      message: fallback !== undefined ? `MONGO_SERVICE_URI is empty, so docker-compose.yml falls back to its default (${fallback}). Set it to the Mongo service's name, or remove the line.` : problem.message,
      fixes: fixes.length > 0 ? fixes : undefined,
    });
  }
  return findings;
}

/**
 * `MONGO_SERVICE_URI=${MONGO_SERVICE_URI:-"x"}` in frontend.env keeps backend.env's value, so a
 * broken default there changes nothing today, and breaks the day backend.env stops setting it
 * (or when frontend.env is sourced alone). It is worth a warning, never an error.
 */
export function checkUnusedMongoUriDefaults(context: LintContext): Finding[] {
  const findings: Finding[] = [];
  for (const assignment of context.evaluation.assignments) {
    if (assignment.name !== 'MONGO_SERVICE_URI') continue;
    for (const expansion of assignment.expansions) {
      if (expansion.name !== 'MONGO_SERVICE_URI' || expansion.operandUsed !== false || !expansion.operator || !/^:?[-=]$/.test(expansion.operator)) continue;
      const operand = unquoteSimple(expansion.operandSource ?? '');
      if (operand === undefined) continue;
      const problem = analyzeDbUri(operand).problems[0];
      if (!problem) continue;
      findings.push({
        code: 'mongo-uri-unused-default',
        severity: 'warning',
        file: expansion.file,
        range: expansion.range,
        message: `This default is not used now (MONGO_SERVICE_URI is already set when this line runs), but it would not work if it were: ${problem.message}`,
      });
    }
  }
  return findings;
}

/** The text of an operand that is one literal word, quoted or not; undefined when it expands anything. */
function unquoteSimple(source: string): string | undefined {
  const m = /^"([^"\\$`]*)"$|^'([^']*)'$|^([^"'\\$`\s]*)$/.exec(source);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}
