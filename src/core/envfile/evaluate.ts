// Evaluates env files one after the other, as `set -o allexport; . ./backend.env; . ./frontend.env` does, without running anything.

import type { Finding } from '../lint/finding';
import { commandFinding } from './commandFinding';
import { ShellEnvironment, UNKNOWN_VALUE } from './environment';
import { expandParts, type ExpansionContext, type ExpansionFailure } from './expand';
import { asAssignment, isArrayElementAssignment, isNameStart, parseEnvFile, plainWordText, type AssignmentWord } from './parse';
import { HARMLESS_BUILTINS, UNMODELLED_BUILTINS } from './shellNames';
import { SourceText } from './source';
import type { CommandLine, ParameterPart, ParsedEnvFile, SimpleCommand, Word } from './syntax';
import type { Assignment, AssignmentKind, EnvFileInput, EnvInput, Environment, ExpansionRecord, ShellValue, Uncertainty } from './types';

export interface EnvEvaluation {
  readonly files: readonly ParsedEnvFile[];
  readonly sources: readonly SourceText[];
  /** Every assignment in the order bash makes it, including temporary ones (`persisted: false`). */
  readonly assignments: readonly Assignment[];
  /** The variables after the last file: what the deploy script's later commands see (all exported). */
  readonly variables: Environment;
  /** The variables after each file, in input order. */
  readonly afterEachFile: readonly Environment[];
  readonly findings: readonly Finding[];
  /** Set when bash would exit while sourcing (`${X:?}`, `exit`): the deploy script stops there. */
  readonly exited?: { readonly file: string; readonly range: import('./source').Range; readonly reason: string };
  /** Set when something not modelled happened; variables read after it are unknown. */
  readonly uncertainty?: Uncertainty;
}

type CommandOutcome = 'continue' | 'return' | 'exit';

const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

class Evaluation {
  readonly env: ShellEnvironment;
  readonly assignments: Assignment[] = [];
  readonly findings: Finding[] = [];
  exited: EnvEvaluation['exited'];

  constructor(initial: EnvInput) {
    this.env = new ShellEnvironment(initial);
  }

  runFile(parsed: ParsedEnvFile, source: SourceText): void {
    for (const line of parsed.lines) {
      const outcome = this.runLine(line, source);
      if (outcome === 'exit') return;
      if (outcome === 'return') return;
    }
    const stop = parsed.stop;
    if (!stop) return;
    const range = source.rangeOf(stop.start, stop.end);
    if (stop.kind === 'syntax-error') {
      this.findings.push({
        code: 'syntax',
        severity: 'error',
        file: source.path,
        range,
        message: `bash stops reading this file here: ${stop.message}. Nothing on this line or after it is set.`,
      });
    } else {
      this.findings.push({
        code: 'unsupported-syntax',
        severity: 'warning',
        file: source.path,
        range,
        message: `This file uses ${stop.message}, which Comet Swarm does not evaluate: values from here on are unknown. Keep env files to NAME=value lines.`,
      });
      this.env.loseTrack({ file: source.path, range, reason: `${stop.message} is not evaluated` });
    }
  }

  private runLine(line: CommandLine, source: SourceText): CommandOutcome {
    if (line.unmodelled.length > 0) {
      const touched = new Set<string>();
      for (const command of line.commands) for (const word of command.words) collectAssignedNames(word, touched);
      const operator = line.unmodelled[0];
      const range = source.rangeOf(operator.start, operator.end);
      const builtin = line.commands.map((command) => plainWordText(command.words.find((word) => !asAssignment(word)) ?? command.words[0])).find((name) => name !== undefined && (UNMODELLED_BUILTINS.has(name) || name === 'export' || name === 'unset'));
      if (builtin !== undefined) {
        this.findings.push({ code: 'unsupported-syntax', severity: 'warning', file: source.path, range, message: `This line runs \`${builtin}\` with an operator Comet Swarm does not evaluate; values from here on are unknown. Keep env files to NAME=value lines.` });
        this.env.loseTrack({ file: source.path, range, reason: `\`${builtin}\` is not evaluated` });
        return 'continue';
      }
      const what = operator.operator === 'redirection' ? 'a redirection' : operator.operator === '&' ? 'a background job' : operator.operator === '|' ? 'a pipeline' : `a \`${operator.operator}\` list`;
      this.findings.push({
        code: 'unsupported-syntax',
        severity: 'warning',
        file: source.path,
        range,
        message: `This line holds ${what}, which Comet Swarm does not evaluate${touched.size > 0 ? `: ${[...touched].join(', ')} may or may not be set` : ''}. Keep env files to NAME=value lines.`,
      });
      for (const name of touched) this.env.markUnknown(name, { kind: 'unknown', reason: `${what} is not evaluated`, file: source.path, range }, false);
      return 'continue';
    }
    for (const command of line.commands) {
      const outcome = this.runCommand(command, source);
      if (outcome !== 'continue') return outcome;
    }
    return 'continue';
  }

  private context(source: SourceText, assignment: boolean, records: ExpansionRecord[]): ExpansionContext {
    return {
      env: this.env,
      source,
      assignment,
      records,
      report: (finding) => this.findings.push(finding),
      assignDefault: (name, value, part) => this.assignDefault(name, value, part, source, records),
    };
  }

  private fail(failure: ExpansionFailure, source: SourceText, command: SimpleCommand): CommandOutcome {
    if (failure === 'exit') {
      this.exited ??= { file: source.path, range: source.rangeOf(command.start, command.end), reason: 'a required variable is not set' };
      return 'exit';
    }
    return 'continue';
  }

  private runCommand(command: SimpleCommand, source: SourceText): CommandOutcome {
    const words = command.words;
    const prefix: { word: Word; assignment: AssignmentWord }[] = [];
    let index = 0;
    for (; index < words.length; index++) {
      const assignment = asAssignment(words[index]);
      if (!assignment) break;
      prefix.push({ word: words[index], assignment });
    }
    const arrayName = index < words.length ? isArrayElementAssignment(words[index]) : undefined;
    if (arrayName !== undefined) {
      const range = source.rangeOf(words[index].start, words[index].end);
      this.findings.push({ code: 'unsupported-syntax', severity: 'warning', file: source.path, range, message: `Array assignments are not evaluated by Comet Swarm; ${arrayName} is unknown. Use NAME=value.` });
      this.env.markUnknown(arrayName, { kind: 'unknown', reason: 'array assignment', file: source.path, range }, false);
      return 'continue';
    }
    const rest = words.slice(index);
    if (rest.length === 0) return this.assignAll(prefix, source, command, 'assignment', true);

    if (plainWordText(rest[0]) === 'export') return this.runExport(prefix, rest.slice(1), source, command);

    // bash expands the command's words before its prefix assignments.
    const expanded: (string[] | undefined)[] = [];
    for (const word of rest) {
      const result = expandParts(word.parts, this.context(source, false, []));
      if (result.failure) return this.fail(result.failure, source, command);
      expanded.push(splitFields(word, result.value));
    }
    const range = source.rangeOf(command.start, command.end);
    const firstWithFields = expanded.findIndex((fields) => fields === undefined || fields.length > 0);
    if (firstWithFields < 0) return this.assignAll(prefix, source, command, 'assignment', true);
    const nameFields = expanded[firstWithFields];
    if (nameFields === undefined) {
      this.findings.push({ code: 'unsupported-syntax', severity: 'warning', file: source.path, range, message: 'This line runs a command whose name is not known without running something; values from here on are unknown. Keep env files to NAME=value lines.' });
      this.env.loseTrack({ file: source.path, range, reason: 'a command that is not evaluated' });
      return 'continue';
    }
    const outcome = this.assignAll(prefix, source, command, 'command-prefix', false);
    if (outcome !== 'continue') return outcome;
    const name = nameFields[0];
    const argsKnown = expanded.every((fields) => fields !== undefined);
    const args = [...nameFields.slice(1), ...expanded.slice(firstWithFields + 1).flatMap((fields) => fields ?? [])];
    if (name === 'unset') {
      if (!argsKnown) this.env.loseTrack({ file: source.path, range, reason: 'unset with arguments that are not known' });
      else for (const arg of args) if (VALID_NAME.test(arg)) this.env.unset(arg);
      return 'continue';
    }
    if (name === 'return') return 'return';
    if (name === 'exit') {
      this.findings.push({ code: 'runs-command', severity: 'error', file: source.path, range, message: '`exit` here ends the deploy script before it deploys anything; remove it.' });
      this.exited ??= { file: source.path, range, reason: 'exit' };
      return 'exit';
    }
    if (name === ':' || name === 'true') return 'continue';
    const setsVariables = UNMODELLED_BUILTINS.has(name) && !(name === 'printf' && !args.includes('-v'));
    if (setsVariables) {
      this.findings.push({ code: 'unsupported-syntax', severity: 'warning', file: source.path, range, message: `\`${name}\` can change variables in ways Comet Swarm does not evaluate; values from here on are unknown. Keep env files to NAME=value lines.` });
      this.env.loseTrack({ file: source.path, range, reason: `\`${name}\` is not evaluated` });
      return 'continue';
    }
    this.findings.push(commandFinding(source, command, prefix.length, name));
    return 'continue';
  }

  /** `export`: every argument is expanded first, then the assignments happen in order. */
  private runExport(prefix: { word: Word; assignment: AssignmentWord }[], args: readonly Word[], source: SourceText, command: SimpleCommand): CommandOutcome {
    type Item =
      | { kind: 'assign'; word: Word; assignment: AssignmentWord; value: ShellValue; records: ExpansionRecord[] }
      | { kind: 'field'; word: Word; text: string }
      | { kind: 'unknown'; word: Word };
    const items: Item[] = [];
    for (const word of args) {
      const assignment = asAssignment(word);
      const records: ExpansionRecord[] = [];
      if (assignment) {
        const result = expandParts(assignment.valueParts, this.context(source, true, records));
        if (result.failure) return this.fail(result.failure, source, command);
        items.push({ kind: 'assign', word, assignment, value: result.value, records });
      } else {
        const result = expandParts(word.parts, this.context(source, false, records));
        if (result.failure) return this.fail(result.failure, source, command);
        const fields = splitFields(word, result.value);
        if (fields === undefined) items.push({ kind: 'unknown', word });
        else for (const text of fields) items.push({ kind: 'field', word, text });
      }
    }
    const outcome = this.assignAll(prefix, source, command, 'command-prefix', false);
    if (outcome !== 'continue') return outcome;
    let optionsDone = false;
    for (const item of items) {
      const range = source.rangeOf(item.word.start, item.word.end);
      if (item.kind === 'assign') {
        this.record(item.assignment, item.word, item.value, item.records, source, 'export', true);
        continue;
      }
      if (item.kind === 'unknown') {
        this.findings.push({ code: 'unsupported-syntax', severity: 'warning', file: source.path, range, message: 'This export argument is not known without running something; values from here on are unknown.' });
        this.env.loseTrack({ file: source.path, range, reason: 'export of names that are not known' });
        continue;
      }
      const text = item.text;
      if (!optionsDone && text.startsWith('-')) {
        if (text === '--') optionsDone = true;
        else if (text !== '-p') {
          this.findings.push({ code: 'unsupported-syntax', severity: 'warning', file: source.path, range, message: `\`export ${text}\` is not evaluated by Comet Swarm; values from here on are unknown.` });
          this.env.loseTrack({ file: source.path, range, reason: `export ${text}` });
        }
        continue;
      }
      optionsDone = true;
      const assignment = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=([\s\S]*)$/.exec(text);
      if (assignment) {
        // A quoted "NAME=value" argument: export assigns it at run time, after expansion.
        const value: ShellValue = { text: assignment[3], known: true, segments: [] };
        const base = this.env.lookup(assignment[1]);
        this.env.set(assignment[1], assignment[2] === '+' ? appendValues(base, value) : value, { kind: 'unknown', reason: 'export of a quoted assignment', file: source.path, range });
      } else if (!VALID_NAME.test(text)) {
        this.findings.push({ code: 'invalid-identifier', severity: 'error', file: source.path, range, message: `bash rejects \`export ${text}\`: not a valid identifier. Use NAME or NAME=value.` });
      }
    }
    return 'continue';
  }

  private assignAll(prefix: readonly { word: Word; assignment: AssignmentWord }[], source: SourceText, command: SimpleCommand, kind: AssignmentKind, persisted: boolean): CommandOutcome {
    let mayHaveFailed = false;
    for (const { word, assignment } of prefix) {
      const records: ExpansionRecord[] = [];
      const result = expandParts(assignment.valueParts, this.context(source, true, records));
      if (result.failure) return this.fail(result.failure, source, command);
      this.record(assignment, word, result.value, records, source, kind, persisted);
      // If bash rejected an expansion here, this assignment and the rest of the command did not happen.
      mayHaveFailed ||= result.mayFail === true;
      if (mayHaveFailed && persisted) {
        this.env.markUnknown(assignment.name, { kind: 'unknown', reason: 'bash may reject an expansion on this line', file: source.path, range: source.rangeOf(word.start, word.end) }, false);
      }
    }
    return 'continue';
  }

  private record(assignment: AssignmentWord, word: Word, expanded: ShellValue, records: ExpansionRecord[], source: SourceText, kind: AssignmentKind, persisted: boolean): void {
    const value = assignment.append ? appendValues(this.env.lookup(assignment.name), expanded) : expanded;
    const entry: Assignment = {
      file: source.path,
      name: assignment.name,
      kind,
      persisted,
      append: assignment.append,
      range: source.rangeOf(word.start, word.end),
      nameRange: source.rangeOf(assignment.nameStart, assignment.nameEnd),
      valueRange: source.rangeOf(assignment.valueStart, assignment.valueEnd),
      valueSource: source.text.slice(assignment.valueStart, assignment.valueEnd),
      value,
      expansions: records,
    };
    this.assignments.push(entry);
    if (persisted) this.env.set(assignment.name, value, { kind: 'assignment', assignment: entry });
  }

  private assignDefault(name: string, value: ShellValue, part: ParameterPart, source: SourceText, records: ExpansionRecord[]): void {
    const entry: Assignment = {
      file: source.path,
      name,
      kind: 'default-assignment',
      persisted: true,
      append: false,
      range: source.rangeOf(part.start, part.end),
      nameRange: source.rangeOf(part.nameStart, part.nameEnd),
      valueRange: source.rangeOf(part.operandStart ?? part.end, part.operandEnd ?? part.end),
      valueSource: source.text.slice(part.operandStart ?? part.end, part.operandEnd ?? part.end),
      value,
      expansions: [...records],
    };
    this.assignments.push(entry);
    this.env.set(name, value, { kind: 'assignment', assignment: entry });
  }
}

function appendValues(base: ReturnType<ShellEnvironment['lookup']>, addition: ShellValue): ShellValue {
  if (base.state === 'unset') return addition;
  if (base.state === 'unknown') return { ...UNKNOWN_VALUE, segments: addition.segments };
  const offset = base.value.text.length;
  return {
    text: base.value.text + addition.text,
    known: base.value.known && addition.known,
    segments: [...base.value.segments, ...addition.segments.map((segment) => ({ ...segment, start: segment.start + offset, end: segment.end + offset }))],
  };
}

/**
 * The fields a command word becomes: unquoted expansions are split on blanks (the default IFS);
 * undefined when the result depends on a value that is not known.
 */
function splitFields(word: Word, value: ShellValue): string[] | undefined {
  const splits = word.parts.some((part) => (part.kind === 'parameter' && !part.inDoubleQuotes) || part.kind === 'substitution' || part.kind === 'unsupported-expansion');
  if (!value.known) return undefined;
  if (!splits) return [value.text];
  const quotedSomething = word.parts.some((part) => part.kind === 'literal' && part.quoting !== 'none');
  const fields = value.text.split(/[ \t\n]+/).filter((field) => field !== '');
  return fields.length === 0 && quotedSomething ? [''] : fields;
}

/** Names a line may assign: assignment words, export arguments and `${NAME:=...}` inside them. */
function collectAssignedNames(word: Word, into: Set<string>): void {
  const assignment = asAssignment(word);
  if (assignment) into.add(assignment.name);
  const visit = (parts: Word['parts']): void => {
    for (const part of parts) {
      if (part.kind !== 'parameter') continue;
      if ((part.operator === ':=' || part.operator === '=') && isNameStart(part.name[0])) into.add(part.name);
      if (part.operand) visit(part.operand);
    }
  };
  visit(word.parts);
}

export function evaluateEnvFiles(files: readonly EnvFileInput[], initial: EnvInput = {}): EnvEvaluation {
  const evaluation = new Evaluation(initial);
  const parsedFiles: ParsedEnvFile[] = [];
  const sources: SourceText[] = [];
  const afterEachFile: Environment[] = [];
  for (const file of files) {
    const source = new SourceText(file.path, file.text);
    const parsed = parseEnvFile(file.path, file.text);
    parsedFiles.push(parsed);
    sources.push(source);
    if (!evaluation.exited) evaluation.runFile(parsed, source);
    afterEachFile.push(evaluation.env.snapshot());
  }
  return {
    files: parsedFiles,
    sources,
    assignments: evaluation.assignments,
    variables: afterEachFile[afterEachFile.length - 1] ?? evaluation.env.snapshot(),
    afterEachFile,
    findings: evaluation.findings,
    exited: evaluation.exited,
    uncertainty: evaluation.env.uncertainty,
  };
}
