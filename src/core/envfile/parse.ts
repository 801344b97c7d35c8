// Parses an env file into commands the way bash's parser splits them, without expanding anything.

import { decodeAnsiC } from './ansiC';
import type {
  Comment,
  CommandLine,
  ControlOperator,
  LiteralPart,
  LiteralQuoting,
  ParameterOperator,
  ParseStop,
  ParsedEnvFile,
  SimpleCommand,
  SubstitutionStyle,
  Word,
  WordPart,
} from './syntax';

const BLANKS = ' \t';
const METACHARACTERS = ';&|<>()';
const SPECIAL_PARAMETERS = '?#$!@*-';
/** Reserved words that open a compound command: the evaluator does not model them. */
const COMPOUND_OPENERS = new Set(['if', 'case', 'for', 'select', 'while', 'until', 'function', 'time', '{', '[[', '!', 'coproc']);
/** Reserved words that are a syntax error where a command should start. */
const MISPLACED_RESERVED = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', 'esac', '}']);

// Character tests by code: they run for every character of every file.
export function isNameStart(ch: string | undefined): boolean {
  if (ch === undefined || ch.length === 0) return false;
  const code = ch.charCodeAt(0);
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

export function isNameChar(ch: string | undefined): boolean {
  if (ch === undefined || ch.length === 0) return false;
  const code = ch.charCodeAt(0);
  return isNameStart(ch) || (code >= 48 && code <= 57);
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

class SyntaxFailure extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

class CompoundStop extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

type MutableLiteral = { -readonly [K in keyof LiteralPart]: LiteralPart[K] };

/** Collects the parts of a word, merging neighbouring characters written the same way. */
class PartsBuilder {
  readonly parts: WordPart[] = [];

  literal(text: string, quoting: LiteralQuoting, start: number, end: number): void {
    const last = this.parts[this.parts.length - 1] as MutableLiteral | undefined;
    const mergeable = quoting !== 'escaped' && quoting !== 'ansi-c';
    if (mergeable && last && last.kind === 'literal' && last.quoting === quoting) {
      // A skipped line continuation in between keeps the characters together but breaks the 1:1 mapping.
      last.verbatim = last.verbatim && last.end === start && end - start === text.length;
      last.text += text;
      last.end = end;
      return;
    }
    const part: MutableLiteral = { kind: 'literal', text, quoting, verbatim: mergeable && end - start === text.length, start, end };
    this.parts.push(part);
  }

  push(part: WordPart): void {
    this.parts.push(part);
  }
}

/**
 * Reads characters as bash's input layer hands them to the parser: a backslash-newline pair
 * vanishes everywhere except inside single quotes, $'...' and comments, which read raw.
 */
class Cursor {
  pos = 0;

  constructor(readonly text: string) {}

  private skipContinuations(at: number): number {
    let p = at;
    while (this.text.charCodeAt(p) === 92 && this.text.charCodeAt(p + 1) === 10) p += 2;
    return p;
  }

  /** The k-th next character as bash sees it. */
  peek(k = 0): string | undefined {
    let p = this.skipContinuations(this.pos);
    for (let i = 0; i < k; i++) p = this.skipContinuations(p + 1);
    return this.text[p];
  }

  advance(): string | undefined {
    this.pos = this.skipContinuations(this.pos);
    return this.text[this.pos++];
  }

  /** Moves past continuations and returns where the next real character starts. */
  mark(): number {
    this.pos = this.skipContinuations(this.pos);
    return this.pos;
  }

  get atEnd(): boolean {
    return this.mark() >= this.text.length;
  }
}

class EnvFileParser {
  private readonly cursor: Cursor;
  private readonly lines: CommandLine[] = [];
  private readonly comments: Comment[] = [];

  constructor(
    private readonly path: string,
    private readonly text: string,
  ) {
    this.cursor = new Cursor(text);
  }

  parse(): ParsedEnvFile {
    let stop: ParseStop | undefined;
    try {
      while (!this.cursor.atEnd) {
        const line = this.parseLine();
        if (line) this.lines.push(line);
      }
    } catch (error) {
      if (error instanceof SyntaxFailure) stop = { kind: 'syntax-error', message: error.message, start: error.start, end: error.end };
      else if (error instanceof CompoundStop) stop = { kind: 'unmodelled-compound', message: error.message, start: error.start, end: error.end };
      else throw error;
    }
    return { path: this.path, text: this.text, lines: this.lines, comments: this.comments, stop };
  }

  private unexpected(token: string, start: number, end: number): SyntaxFailure {
    return new SyntaxFailure(`syntax error near unexpected token \`${token}'`, start, end);
  }

  private parseLine(): CommandLine | undefined {
    const c = this.cursor;
    const commands: SimpleCommand[] = [];
    const unmodelled: { operator: ControlOperator; start: number; end: number }[] = [];
    let words: Word[] = [];
    const lineStart = c.mark();
    const finishCommand = (): void => {
      if (words.length > 0) commands.push({ words, start: words[0].start, end: words[words.length - 1].end });
      words = [];
    };
    for (;;) {
      const ch = c.peek();
      if (ch === undefined) break;
      const start = c.mark();
      if (BLANKS.includes(ch)) {
        c.advance();
      } else if (ch === '\n') {
        c.advance();
        break;
      } else if (ch === '#') {
        // A comment starts only where a word would; bash does not join lines inside it.
        let end = this.text.indexOf('\n', start);
        if (end < 0) end = this.text.length;
        this.comments.push({ text: this.text.slice(start, end), start, end });
        c.pos = end;
      } else if (ch === ';') {
        const double = c.peek(1) === ';';
        if (double || words.length === 0) throw this.unexpected(double ? ';;' : ';', start, start + (double ? 2 : 1));
        finishCommand();
        c.advance();
      } else if (ch === '&' || ch === '|') {
        const double = c.peek(1) === ch;
        const operator = (double ? ch + ch : ch) as ControlOperator;
        if (words.length === 0) throw this.unexpected(operator, start, start + operator.length);
        c.advance();
        if (double) c.advance();
        unmodelled.push({ operator, start, end: c.pos });
        finishCommand();
      } else if (ch === '<' || ch === '>') {
        this.skipRedirection(start);
        unmodelled.push({ operator: 'redirection', start, end: c.pos });
      } else if (ch === '(') {
        if (words.length === 0) throw new CompoundStop('a subshell ( ... )', start, start + 1);
        const last = words[words.length - 1];
        const lastLiteral = last.parts[last.parts.length - 1];
        if (last.end === start && lastLiteral?.kind === 'literal' && lastLiteral.text.endsWith('=')) {
          throw new CompoundStop('an array assignment NAME=( ... )', last.start, start + 1);
        }
        if (words.length === 1) throw new CompoundStop('a function definition', last.start, start + 1);
        throw this.unexpected('(', start, start + 1);
      } else if (ch === ')') {
        throw this.unexpected(')', start, start + 1);
      } else {
        const word = this.readWord();
        if (words.length === 0) this.checkReservedWord(word);
        words.push(word);
      }
    }
    finishCommand();
    if (commands.length === 0 && unmodelled.length === 0) return undefined;
    return { commands, unmodelled, start: lineStart, end: c.pos };
  }

  private checkReservedWord(word: Word): void {
    if (word.parts.length !== 1) return;
    const only = word.parts[0];
    if (only.kind !== 'literal' || only.quoting !== 'none') return;
    if (COMPOUND_OPENERS.has(only.text)) throw new CompoundStop(`the compound command \`${only.text}'`, word.start, word.end);
    if (MISPLACED_RESERVED.has(only.text)) throw this.unexpected(only.text, word.start, word.end);
  }

  private skipRedirection(start: number): void {
    const c = this.cursor;
    let operator = '';
    while (operator.length < 3 && '<>&|'.includes(c.peek() ?? '\0')) operator += c.advance();
    if (operator.startsWith('<<') && operator !== '<<<') throw new CompoundStop('a here-document', start, c.pos);
    while (BLANKS.includes(c.peek() ?? '\0')) c.advance();
    const next = c.peek();
    if (next === undefined || next === '\n' || METACHARACTERS.includes(next)) throw this.unexpected(next === undefined || next === '\n' ? 'newline' : next, c.pos, c.pos + 1);
    this.readWord();
  }

  private readWord(): Word {
    const c = this.cursor;
    const start = c.mark();
    const builder = new PartsBuilder();
    for (;;) {
      const ch = c.peek();
      if (ch === undefined || ch === '\n' || BLANKS.includes(ch) || METACHARACTERS.includes(ch)) break;
      this.readUnquotedPiece(builder);
    }
    return { parts: builder.parts, start, end: c.pos };
  }

  /** One character or quoted/expanded construct outside double quotes. */
  private readUnquotedPiece(builder: PartsBuilder): void {
    const c = this.cursor;
    const start = c.mark();
    const ch = c.advance() as string;
    if (ch === '\\') {
      if (c.pos >= this.text.length) {
        builder.literal('\\', 'none', start, c.pos);
      } else {
        const escaped = this.text[c.pos++];
        builder.literal(escaped, 'escaped', start, c.pos);
      }
    } else if (ch === "'") {
      const close = this.text.indexOf("'", c.pos);
      if (close < 0) throw new SyntaxFailure("unexpected EOF while looking for matching `''", start, this.text.length);
      // An empty '' still counts: it quotes a tilde-prefix and makes an empty word a word.
      builder.literal(this.text.slice(c.pos, close), 'single', c.pos, close);
      c.pos = close + 1;
    } else if (ch === '"') {
      this.readDoubleQuoted(builder, start);
    } else if (ch === '$') {
      this.readDollar(builder, start, false);
    } else if (ch === '`') {
      this.readBacktick(builder, start);
    } else {
      builder.literal(ch, 'none', start, c.pos);
    }
  }

  /** After an opening double quote, up to and including the closing one. */
  private readDoubleQuoted(builder: PartsBuilder, openStart: number): void {
    const c = this.cursor;
    const partsBefore = builder.parts.length;
    for (;;) {
      const ch = c.peek();
      if (ch === undefined) throw new SyntaxFailure('unexpected EOF while looking for matching `"\'', openStart, this.text.length);
      const start = c.mark();
      c.advance();
      if (ch === '"') {
        if (builder.parts.length === partsBefore) builder.literal('', 'double', start, start);
        return;
      }
      if (ch === '\\') this.readBackslashInDoubleQuotes(builder, start, '$`"\\', openStart);
      else if (ch === '$') this.readDollar(builder, start, true);
      else if (ch === '`') this.readBacktick(builder, start);
      else builder.literal(ch, 'double', start, c.pos);
    }
  }

  private readBackslashInDoubleQuotes(builder: PartsBuilder, start: number, escapable: string, openStart: number): void {
    const c = this.cursor;
    const next = this.text[c.pos];
    if (next === undefined) throw new SyntaxFailure('unexpected EOF while looking for matching `"\'', openStart, this.text.length);
    c.pos++;
    if (escapable.includes(next)) builder.literal(next, 'escaped', start, c.pos);
    // Not an escape: both characters stay, and the second cannot open a quote.
    else builder.literal('\\' + next, 'double', start, c.pos);
  }

  /** After a `$`: a parameter, a substitution, $'...', $"..." or a plain dollar sign. */
  private readDollar(builder: PartsBuilder, start: number, inDoubleQuotes: boolean): void {
    const c = this.cursor;
    const ch = c.peek();
    if (ch === '{') {
      c.advance();
      this.readBraced(builder, start, inDoubleQuotes);
    } else if (ch === '(') {
      c.advance();
      if (c.peek() === '(') {
        c.advance();
        this.readSubstitution(builder, start, 'arithmetic');
      } else {
        this.readSubstitution(builder, start, 'dollar-paren');
      }
    } else if (ch === "'" && !inDoubleQuotes) {
      c.advance();
      this.readAnsiC(builder, start);
    } else if (ch === '"' && !inDoubleQuotes) {
      // $"..." is translated through the message catalogue, which is the identity without one.
      c.advance();
      this.readDoubleQuoted(builder, start);
    } else if (isNameStart(ch)) {
      const nameStart = c.mark();
      while (isNameChar(c.peek())) c.advance();
      const name = this.text.slice(nameStart, c.pos).replace(/\\\n/g, '');
      builder.push({ kind: 'parameter', name, braced: false, length: false, inDoubleQuotes, nameStart, nameEnd: c.pos, start, end: c.pos });
    } else if (ch === '$' && c.peek(1) === '{') {
      // bash's parser reads `$${...}` as `$` then a nested `${...}` when it looks for the end of
      // the word; its value starts with the shell's PID, which is unknown anyway.
      c.advance();
      const nestedStart = c.mark();
      c.advance();
      c.advance();
      this.readBraced(new PartsBuilder(), nestedStart, inDoubleQuotes);
      builder.push({ kind: 'unsupported-expansion', text: this.text.slice(start, c.pos), start, end: c.pos });
    } else if (isDigit(ch) || (ch !== undefined && SPECIAL_PARAMETERS.includes(ch))) {
      const nameStart = c.mark();
      const name = c.advance() as string;
      builder.push({ kind: 'parameter', name, braced: false, length: false, inDoubleQuotes, nameStart, nameEnd: c.pos, start, end: c.pos });
    } else {
      builder.literal('$', inDoubleQuotes ? 'double' : 'none', start, start + 1);
    }
  }

  private readBraced(builder: PartsBuilder, start: number, inDoubleQuotes: boolean): void {
    const c = this.cursor;
    const badOrUnsupported = (kind: 'bad-substitution' | 'unsupported-expansion'): void => {
      this.readOperand(new PartsBuilder(), inDoubleQuotes, start);
      c.advance();
      builder.push({ kind, text: this.text.slice(start, c.pos), start, end: c.pos });
    };
    let length = false;
    const first = c.peek();
    if (first === '!') return badOrUnsupported('unsupported-expansion');
    if (first === '#') {
      const after = c.peek(1);
      if (after !== '}' && after !== undefined && (isNameStart(after) || isDigit(after) || SPECIAL_PARAMETERS.includes(after))) {
        length = true;
        c.advance();
      }
    }
    const nameStart = c.mark();
    const head = c.peek();
    if (isNameStart(head)) {
      while (isNameChar(c.peek())) c.advance();
    } else if (isDigit(head)) {
      while (isDigit(c.peek())) c.advance();
    } else if (head !== undefined && SPECIAL_PARAMETERS.includes(head)) {
      c.advance();
    } else {
      return badOrUnsupported('bad-substitution');
    }
    const nameEnd = c.pos;
    const name = this.text.slice(nameStart, nameEnd).replace(/\\\n/g, '');
    const next = c.peek();
    if (next === '}') {
      c.advance();
      builder.push({ kind: 'parameter', name, braced: true, length, inDoubleQuotes, nameStart, nameEnd, start, end: c.pos });
      return;
    }
    if (length) return badOrUnsupported('bad-substitution');
    let operator: ParameterOperator;
    if (next === ':' && '-=+?'.includes(c.peek(1) ?? '\0')) {
      c.advance();
      operator = (':' + c.advance()) as ParameterOperator;
    } else if (next !== undefined && '-=+?'.includes(next)) {
      operator = c.advance() as ParameterOperator;
    } else if (next !== undefined && ':#%/^,@['.includes(next)) {
      return badOrUnsupported('unsupported-expansion');
    } else {
      return badOrUnsupported('bad-substitution');
    }
    const operandStart = c.mark();
    const operandBuilder = new PartsBuilder();
    this.readOperand(operandBuilder, inDoubleQuotes, start);
    const operandEnd = c.pos;
    c.advance();
    builder.push({
      kind: 'parameter',
      name,
      braced: true,
      length: false,
      operator,
      operand: operandBuilder.parts,
      operandStart,
      operandEnd,
      inDoubleQuotes,
      nameStart,
      nameEnd,
      start,
      end: c.pos,
    });
  }

  /**
   * The word after an operator inside ${...}, up to the first unquoted `}` (bash does not nest
   * plain braces: `${U:-{x}}` is `{x` then `}`). Unquoted, blanks and metacharacters are ordinary
   * characters there; inside double quotes, nested double quotes open a new quoted run and
   * single quotes are plain characters.
   */
  private readOperand(builder: PartsBuilder, inDoubleQuotes: boolean, expansionStart: number): void {
    const c = this.cursor;
    for (;;) {
      const ch = c.peek();
      if (ch === undefined) throw new SyntaxFailure("unexpected EOF while looking for matching `}'", expansionStart, this.text.length);
      if (ch === '}') return;
      const start = c.mark();
      if (inDoubleQuotes) {
        c.advance();
        if (ch === '"') this.readDoubleQuoted(builder, start);
        else if (ch === '\\') this.readBackslashInDoubleQuotes(builder, start, '$`"\\}', expansionStart);
        else if (ch === "'") {
          // bash's parser still pairs single quotes here, but keeps them in the value.
          const close = this.text.indexOf("'", c.pos);
          if (close < 0) throw new SyntaxFailure("unexpected EOF while looking for matching `''", start, this.text.length);
          c.pos = close + 1;
          builder.literal(this.text.slice(start, c.pos), 'double', start, c.pos);
        } else if (ch === '$' && c.peek() === "'") {
          c.advance();
          this.readAnsiC(builder, start);
        } else if (ch === '$') this.readDollar(builder, start, true);
        else if (ch === '`') this.readBacktick(builder, start);
        else builder.literal(ch, 'double', start, c.pos);
      } else {
        this.readUnquotedPiece(builder);
      }
    }
  }

  /** $(...), $((...)) or `...`: recorded with its text, never run. */
  private readSubstitution(builder: PartsBuilder, start: number, style: SubstitutionStyle): void {
    const c = this.cursor;
    let depth = style === 'arithmetic' ? 2 : 1;
    while (depth > 0) {
      const ch = c.advance();
      if (ch === undefined) throw new SyntaxFailure("unexpected EOF while looking for matching `)'", start, this.text.length);
      if (ch === '\\') c.pos++;
      else if (ch === '(') depth++;
      else if (ch === ')') depth--;
      else if (ch === "'" && style !== 'arithmetic') {
        const close = this.text.indexOf("'", c.pos);
        if (close < 0) throw new SyntaxFailure("unexpected EOF while looking for matching `''", c.pos - 1, this.text.length);
        c.pos = close + 1;
      } else if (ch === '"') {
        this.readDoubleQuoted(new PartsBuilder(), c.pos - 1);
      }
    }
    builder.push({ kind: 'substitution', style, text: this.text.slice(start, c.pos), start, end: c.pos });
  }

  private readBacktick(builder: PartsBuilder, start: number): void {
    const c = this.cursor;
    for (;;) {
      const ch = c.advance();
      if (ch === undefined) throw new SyntaxFailure('unexpected EOF while looking for matching ``\'', start, this.text.length);
      if (ch === '\\') c.pos++;
      else if (ch === '`') break;
    }
    builder.push({ kind: 'substitution', style: 'backtick', text: this.text.slice(start, c.pos), start, end: c.pos });
  }

  private readAnsiC(builder: PartsBuilder, start: number): void {
    const c = this.cursor;
    let p = c.pos;
    while (p < this.text.length && this.text[p] !== "'") p += this.text[p] === '\\' ? 2 : 1;
    if (p >= this.text.length) throw new SyntaxFailure("unexpected EOF while looking for matching `''", start, this.text.length);
    const decoded = decodeAnsiC(this.text.slice(c.pos, p));
    c.pos = p + 1;
    builder.push({ kind: 'literal', text: decoded.text, quoting: 'ansi-c', verbatim: false, unknown: decoded.unknown || undefined, start, end: c.pos });
  }
}

export function parseEnvFile(path: string, text: string): ParsedEnvFile {
  return new EnvFileParser(path, text).parse();
}

/** The pieces of a `NAME=value` or `NAME+=value` word, if the word is one. */
export interface AssignmentWord {
  readonly name: string;
  readonly append: boolean;
  readonly nameStart: number;
  readonly nameEnd: number;
  readonly valueParts: readonly WordPart[];
  readonly valueStart: number;
  readonly valueEnd: number;
}

const ASSIGNMENT_PREFIX = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/;

export function asAssignment(word: Word): AssignmentWord | undefined {
  const first = word.parts[0];
  if (!first || first.kind !== 'literal' || first.quoting !== 'none') return undefined;
  const match = ASSIGNMENT_PREFIX.exec(first.text);
  if (!match) return undefined;
  const prefixLength = match[0].length;
  const valueStart = first.verbatim ? first.start + prefixLength : Math.min(first.end, first.start + prefixLength);
  const rest = first.text.slice(prefixLength);
  const valueParts: WordPart[] = rest === '' ? [] : [{ ...first, text: rest, start: valueStart }];
  valueParts.push(...word.parts.slice(1));
  return {
    name: match[1],
    append: match[2] === '+',
    nameStart: first.start,
    nameEnd: first.start + match[1].length,
    valueParts,
    valueStart,
    valueEnd: word.end,
  };
}

/** `NAME[...]=`: an array element assignment, which the evaluator does not model. */
export function isArrayElementAssignment(word: Word): string | undefined {
  const first = word.parts[0];
  if (!first || first.kind !== 'literal' || first.quoting !== 'none') return undefined;
  const match = /^([A-Za-z_][A-Za-z0-9_]*)\[/.exec(first.text);
  return match ? match[1] : undefined;
}

/** The text of a word when it is one unquoted literal, e.g. a command name like `export`. */
export function plainWordText(word: Word): string | undefined {
  if (word.parts.length !== 1) return undefined;
  const only = word.parts[0];
  return only.kind === 'literal' && only.quoting === 'none' ? only.text : undefined;
}
