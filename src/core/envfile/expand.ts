// Expands the parts of a word as bash does in an assignment (no splitting, no globbing), never running anything.

import type { Finding } from '../lint/finding';
import { isNameStart } from './parse';
import type { ShellEnvironment } from './environment';
import type { SourceText } from './source';
import type { LiteralPart, ParameterPart, WordPart } from './syntax';
import type { ExpansionRecord, ShellValue, ValueSegment, VariableOrigin } from './types';

/** Why bash would not finish the command being expanded. */
export type ExpansionFailure = 'bad-substitution' | 'exit';

export interface ExpansionContext {
  readonly env: ShellEnvironment;
  readonly source: SourceText;
  /** Tildes after `:` expand too, as they do in assignments. */
  readonly assignment: boolean;
  readonly records: ExpansionRecord[];
  readonly report: (finding: Finding) => void;
  /** `${NAME:=value}` assigns while expanding. */
  readonly assignDefault: (name: string, value: ShellValue, part: ParameterPart) => void;
}

export interface ExpansionResult {
  readonly value: ShellValue;
  readonly failure?: ExpansionFailure;
  /** bash may reject an expansion this evaluator does not model (e.g. `${!U}` with U unset). */
  readonly mayFail?: boolean;
}

class ValueBuilder {
  text = '';
  known = true;
  readonly segments: ValueSegment[] = [];

  appendLiteral(text: string, segment?: Omit<ValueSegment, 'start' | 'end'>): void {
    if (text === '') return;
    const start = this.text.length;
    this.text += text;
    if (segment) this.segments.push({ ...segment, start, end: this.text.length });
  }

  appendValue(value: ShellValue): void {
    const offset = this.text.length;
    this.text += value.text;
    if (!value.known) this.known = false;
    for (const segment of value.segments) this.segments.push({ ...segment, start: segment.start + offset, end: segment.end + offset });
  }

  /** The value depends on something not evaluated; the text gathered so far is kept only as a hint. */
  appendUnknown(segment: Omit<ValueSegment, 'start' | 'end'>, placeholder: string): void {
    this.known = false;
    this.appendLiteral(placeholder, segment);
  }

  build(): ShellValue {
    return { text: this.text, known: this.known, segments: this.segments };
  }
}

function segmentFor(context: ExpansionContext, start: number, end: number, verbatim: boolean): Omit<ValueSegment, 'start' | 'end'> {
  return { file: context.source.path, range: context.source.rangeOf(start, end), verbatim };
}

export function expandParts(parts: readonly WordPart[], context: ExpansionContext, tildeAtStart = true): ExpansionResult {
  const builder = new ValueBuilder();
  let tildeEligible = tildeAtStart;
  let mayFail = false;
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index];
    if (part.kind === 'literal') {
      if (part.quoting === 'none') {
        tildeEligible = appendUnquotedLiteral(builder, part, context, tildeEligible, index === parts.length - 1);
        continue;
      }
      if (part.unknown) builder.appendUnknown(segmentFor(context, part.start, part.end, false), part.text);
      else builder.appendLiteral(part.text, segmentFor(context, part.start, part.end, part.verbatim));
    } else if (part.kind === 'parameter') {
      const result = expandParameter(part, context);
      if (result.failure) return { value: builder.build(), failure: result.failure };
      mayFail ||= result.mayFail === true;
      builder.appendValue(result.value);
    } else if (part.kind === 'substitution') {
      const what = part.style === 'arithmetic' ? 'arithmetic expansion' : 'command substitution';
      context.report({
        code: 'command-substitution',
        severity: 'warning',
        file: context.source.path,
        range: context.source.rangeOf(part.start, part.end),
        message: `${part.text} is a ${what}: bash would run it when sourcing this file; Comet Swarm does not, so this value is unknown until deploy. Write the value literally.`,
      });
      builder.appendUnknown(segmentFor(context, part.start, part.end, false), part.text);
    } else if (part.kind === 'unsupported-expansion') {
      context.report({
        code: 'unsupported-syntax',
        severity: 'warning',
        file: context.source.path,
        range: context.source.rangeOf(part.start, part.end),
        message: `${part.text} is not evaluated by Comet Swarm, so this value is unknown; use \${NAME}, \${NAME:-default} or a literal value.`,
      });
      builder.appendUnknown(segmentFor(context, part.start, part.end, false), part.text);
      mayFail = true;
    } else {
      context.report({
        code: 'bad-substitution',
        severity: 'error',
        file: context.source.path,
        range: context.source.rangeOf(part.start, part.end),
        message: `bash stops this command with "${part.text}: bad substitution", so nothing after it on the command is assigned; write \${NAME} with a valid variable name.`,
      });
      return { value: builder.build(), failure: 'bad-substitution' };
    }
    tildeEligible = false;
  }
  return { value: builder.build(), mayFail: mayFail || undefined };
}

/** Appends an unquoted literal, expanding tilde prefixes; returns whether a tilde may start the next part. */
function appendUnquotedLiteral(builder: ValueBuilder, part: LiteralPart, context: ExpansionContext, tildeEligible: boolean, lastPart: boolean): boolean {
  const text = part.text;
  let eligible = tildeEligible;
  let chunkStart = 0;
  const flush = (until: number): void => {
    if (until > chunkStart) {
      const start = part.verbatim ? part.start + chunkStart : part.start;
      const end = part.verbatim ? part.start + until : part.end;
      builder.appendLiteral(text.slice(chunkStart, until), segmentFor(context, start, end, part.verbatim));
    }
  };
  for (let i = 0; i < text.length; i++) {
    if (eligible && text[i] === '~') {
      let prefixEnd = i + 1;
      while (prefixEnd < text.length && text[prefixEnd] !== '/' && !(context.assignment && text[prefixEnd] === ':')) prefixEnd++;
      // A prefix that runs into a quoted or expanded part is not a tilde-prefix for bash.
      if (prefixEnd < text.length || lastPart) {
        flush(i);
        const user = text.slice(i + 1, prefixEnd);
        const home = user === '' ? context.env.lookup('HOME') : undefined;
        const segment = segmentFor(context, part.start + i, part.start + prefixEnd, false);
        if (home?.state === 'set') builder.appendValue({ ...home.value, segments: [{ ...segment, start: 0, end: home.value.text.length }] });
        else builder.appendUnknown(segment, text.slice(i, prefixEnd));
        chunkStart = prefixEnd;
        i = prefixEnd - 1;
        eligible = false;
        continue;
      }
    }
    eligible = context.assignment && text[i] === ':';
  }
  flush(text.length);
  return eligible;
}

function lookupParameter(name: string, context: ExpansionContext): ReturnType<ShellEnvironment['lookup']> {
  if (isNameStart(name[0])) return context.env.lookup(name);
  // Positional parameters are empty when deploy_front.sh sources the files; $# is then 0.
  if (name === '#') return { state: 'set', value: { text: '0', known: true, segments: [] }, origin: { kind: 'initial' } };
  if (name === '@' || name === '*' || (/^[0-9]+$/.test(name) && name !== '0')) return { state: 'unset' };
  return { state: 'unknown', origin: { kind: 'unknown', reason: `$${name} is set by bash at run time` } };
}

function expandParameter(part: ParameterPart, context: ExpansionContext): ExpansionResult {
  const lookup = lookupParameter(part.name, context);
  const from: VariableOrigin = lookup.state === 'unset' ? { kind: 'unset' } : lookup.origin;
  const operandSource = part.operandStart !== undefined ? context.source.text.slice(part.operandStart, part.operandEnd) : undefined;
  const record = (operandUsed?: boolean): void => {
    context.records.push({ file: context.source.path, range: context.source.rangeOf(part.start, part.end), name: part.name, operator: part.operator, operandSource, operandUsed, from });
  };
  const unknown: ShellValue = { text: '', known: false, segments: [{ start: 0, end: 0, ...segmentFor(context, part.start, part.end, false) }] };

  if (part.length) {
    record();
    if (lookup.state === 'unset') return { value: { text: '0', known: true, segments: [] } };
    if (lookup.state === 'unknown' || !lookup.value.known || /[^\x00-\x7f]/.test(lookup.value.text)) return { value: unknown };
    return { value: { text: String(lookup.value.text.length), known: true, segments: [] } };
  }

  const current: ShellValue | undefined = lookup.state === 'set' ? lookup.value : undefined;
  const operator = part.operator;
  if (operator === undefined) {
    record();
    if (lookup.state === 'unknown') return { value: unknown };
    return { value: current ?? { text: '', known: true, segments: [] } };
  }

  // Does the operand apply? true/false, or undefined when the variable's state is not known.
  const checksNull = operator.startsWith(':');
  let isSetAndNotNull: boolean | undefined;
  if (lookup.state === 'unknown') isSetAndNotNull = undefined;
  else if (lookup.state === 'unset') isSetAndNotNull = false;
  else if (!checksNull) isSetAndNotNull = true;
  else isSetAndNotNull = lookup.value.known ? lookup.value.text !== '' : undefined;

  const kind = operator.replace(':', '');
  const operandApplies = isSetAndNotNull === undefined ? undefined : kind === '+' ? isSetAndNotNull : !isSetAndNotNull;
  record(operandApplies);

  const expandOperand = (): ExpansionResult => expandParts(part.operand ?? [], context, !part.inDoubleQuotes);

  if (operandApplies === undefined) {
    // Still expand the operand for what it would report, but its value may or may not be used.
    const probe = expandOperand();
    if (kind === '=' && isNameStart(part.name[0])) context.env.markUnknown(part.name, { kind: 'unknown', reason: `\${${part.name}${operator}...} may or may not have assigned it`, file: context.source.path, range: context.source.rangeOf(part.start, part.end) }, true);
    if (kind === '?') {
      context.env.loseTrack({ file: context.source.path, range: context.source.rangeOf(part.start, part.end), reason: `bash may exit at \${${part.name}${operator}...}` });
    }
    return { value: unknown, failure: probe.failure === 'exit' ? 'exit' : undefined };
  }

  if (!operandApplies) return { value: kind === '+' ? { text: '', known: true, segments: [] } : (current ?? { text: '', known: true, segments: [] }) };

  if (kind === '?') {
    const message = expandOperand().value.text || 'parameter null or not set';
    context.report({
      code: 'required-variable',
      severity: 'error',
      file: context.source.path,
      range: context.source.rangeOf(part.start, part.end),
      message: `${part.name} is ${lookup.state === 'unset' ? 'not set' : 'empty'}, so bash prints "${part.name}: ${message}" and the deploy script exits here; set ${part.name} before this line.`,
    });
    return { value: unknown, failure: 'exit' };
  }

  const operand = expandOperand();
  if (operand.failure) return operand;
  if (kind === '=') {
    if (!isNameStart(part.name[0])) {
      context.report({
        code: 'bad-substitution',
        severity: 'error',
        file: context.source.path,
        range: context.source.rangeOf(part.start, part.end),
        message: `bash cannot assign to $${part.name} this way ("cannot assign in this way") and stops this command; use a variable name.`,
      });
      return { value: operand.value, failure: 'bad-substitution' };
    }
    context.assignDefault(part.name, operand.value, part);
  }
  return operand;
}
