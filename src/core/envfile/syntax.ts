// The shapes the env-file parser produces: words made of parts, simple commands, lines; every piece keeps its offsets.

/** How the characters of a literal part were written; only `none` counts for assignments and tildes. */
export type LiteralQuoting = 'none' | 'escaped' | 'single' | 'double' | 'ansi-c';

export interface LiteralPart {
  readonly kind: 'literal';
  readonly text: string;
  readonly quoting: LiteralQuoting;
  /** True when the source between start and end is exactly `text`, so value offsets map 1:1. */
  readonly verbatim: boolean;
  /** Set when the text could not be decoded the way bash would (some $'...' escapes). */
  readonly unknown?: boolean;
  readonly start: number;
  readonly end: number;
}

export type ParameterOperator = ':-' | '-' | ':=' | '=' | ':+' | '+' | ':?' | '?';

export interface ParameterPart {
  readonly kind: 'parameter';
  /** A variable name, a positional digit string or one special character (? # $ ! @ * - 0). */
  readonly name: string;
  readonly braced: boolean;
  readonly length: boolean;
  readonly operator?: ParameterOperator;
  readonly operand?: readonly WordPart[];
  readonly operandStart?: number;
  readonly operandEnd?: number;
  readonly inDoubleQuotes: boolean;
  readonly nameStart: number;
  readonly nameEnd: number;
  readonly start: number;
  readonly end: number;
}

/** `${...}` forms bash accepts but this evaluator does not model (patterns, substrings, indirection...). */
export interface UnsupportedExpansionPart {
  readonly kind: 'unsupported-expansion';
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** `${}` and other forms bash rejects when it expands them ("bad substitution"). */
export interface BadSubstitutionPart {
  readonly kind: 'bad-substitution';
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export type SubstitutionStyle = 'dollar-paren' | 'backtick' | 'arithmetic';

export interface SubstitutionPart {
  readonly kind: 'substitution';
  readonly style: SubstitutionStyle;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export type WordPart = LiteralPart | ParameterPart | UnsupportedExpansionPart | BadSubstitutionPart | SubstitutionPart;

export interface Word {
  readonly parts: readonly WordPart[];
  readonly start: number;
  readonly end: number;
}

export type ControlOperator = ';' | '&&' | '||' | '|' | '&' | 'redirection';

export interface SimpleCommand {
  readonly words: readonly Word[];
  readonly start: number;
  readonly end: number;
}

/** What bash parses and then runs as one unit: everything up to an unquoted newline. */
export interface CommandLine {
  readonly commands: readonly SimpleCommand[];
  /** Operators other than `;` seen on this line (pipelines, lists, background, redirections). */
  readonly unmodelled: readonly { readonly operator: ControlOperator; readonly start: number; readonly end: number }[];
  readonly start: number;
  readonly end: number;
}

export interface Comment {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Why parsing stopped before the end of the file, if it did. */
export type ParseStop =
  | { readonly kind: 'syntax-error'; readonly message: string; readonly start: number; readonly end: number }
  | { readonly kind: 'unmodelled-compound'; readonly message: string; readonly start: number; readonly end: number };

export interface ParsedEnvFile {
  readonly path: string;
  readonly text: string;
  readonly lines: readonly CommandLine[];
  readonly comments: readonly Comment[];
  readonly stop?: ParseStop;
}
