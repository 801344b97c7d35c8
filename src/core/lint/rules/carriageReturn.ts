// Values that keep a carriage return: bash leaves the \r of CRLF line ends in the value.

import type { LintContext } from '../context';
import type { Finding } from '../finding';
import { lineEndingFix } from '../fixes';

export function checkCarriageReturns(context: LintContext): Finding[] {
  const findings: Finding[] = [];
  for (const assignment of context.evaluation.assignments) {
    if (!assignment.persisted || !assignment.value.text.includes('\r')) continue;
    const source = context.source(assignment.file);
    if (!source) continue;
    // Point at the \r in this assignment's own text when it is there, else at the value.
    const valueStart = source.offsetAt(assignment.valueRange.start);
    const valueEnd = source.offsetAt(assignment.valueRange.end);
    const at = source.text.slice(valueStart, valueEnd).indexOf('\r');
    const range = at >= 0 ? source.rangeOf(valueStart + at, valueStart + at + 1) : assignment.valueRange;
    findings.push({
      code: 'carriage-return',
      severity: 'error',
      file: assignment.file,
      range,
      message: `${assignment.name}'s value ends with a carriage return (Windows line ends): bash keeps it, so the deployed value is ${JSON.stringify(assignment.value.text)}. Convert the file to LF line ends.`,
      fixes: [lineEndingFix(source)],
    });
  }
  return findings;
}
