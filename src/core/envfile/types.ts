// What evaluating env files yields: values with their source mapping, assignments with provenance, the final environment.

import type { Range } from './source';

/** Where a run of characters of a value was written; verbatim runs map character for character. */
export interface ValueSegment {
  /** Offsets in the value. */
  readonly start: number;
  readonly end: number;
  readonly file: string;
  readonly range: Range;
  readonly verbatim: boolean;
}

/** A value as bash would compute it; `known` is false when it depends on something not evaluated. */
export interface ShellValue {
  readonly text: string;
  readonly known: boolean;
  readonly segments: readonly ValueSegment[];
}

export type EnvInput = Readonly<Record<string, string | undefined>>;

export interface EnvFileInput {
  /** The path as reported in findings; also how the file is named in provenance. */
  readonly path: string;
  readonly text: string;
}

/** One use of a parameter while computing a value: `$X`, `${X}`, `${X:-default}`... */
export interface ExpansionRecord {
  readonly file: string;
  readonly range: Range;
  readonly name: string;
  readonly operator?: string;
  /** The operand as written, e.g. `"mongo-rs_mongo"` in `${X:-"mongo-rs_mongo"}`. */
  readonly operandSource?: string;
  /** Whether the operand replaced the variable's value; undefined when that is unknown. */
  readonly operandUsed?: boolean;
  /** Where the variable's value came from when it was read. */
  readonly from: VariableOrigin;
}

export type AssignmentKind = 'assignment' | 'export' | 'default-assignment' | 'command-prefix';

export interface Assignment {
  readonly file: string;
  readonly name: string;
  readonly kind: AssignmentKind;
  /** False for `NAME=value command`: the value lives only in that command's environment. */
  readonly persisted: boolean;
  readonly append: boolean;
  /** The whole `NAME=value` word. */
  readonly range: Range;
  readonly nameRange: Range;
  readonly valueRange: Range;
  /** The value as written in the file. */
  readonly valueSource: string;
  readonly value: ShellValue;
  readonly expansions: readonly ExpansionRecord[];
}

export type VariableOrigin =
  | { readonly kind: 'initial' }
  | { readonly kind: 'unset' }
  | { readonly kind: 'assignment'; readonly assignment: Assignment }
  | { readonly kind: 'unknown'; readonly reason: string; readonly file?: string; readonly range?: Range };

export interface ResolvedVariable {
  readonly name: string;
  readonly value: ShellValue;
  /** False when something not evaluated may have set or unset the variable. */
  readonly existenceKnown: boolean;
  readonly origin: VariableOrigin;
}

export type Environment = ReadonlyMap<string, ResolvedVariable>;

/** Where the evaluation lost track, from which point values may differ from bash's. */
export interface Uncertainty {
  readonly file: string;
  readonly range: Range;
  readonly reason: string;
}

/** A short account of where a variable's final value came from, for hovers and `env --json`. */
export interface Provenance {
  readonly source: 'initial' | 'file' | 'unknown';
  readonly file?: string;
  /** 0-based, like every range. */
  readonly line?: number;
  /** The operand used as a default when the assignment's value came from one. */
  readonly defaultUsed?: { readonly name: string; readonly operator: string; readonly operand: string };
  /** Variables read while computing the value, with where their values came from. */
  readonly uses: readonly { readonly name: string; readonly operator?: string; readonly operandUsed?: boolean }[];
}

export function provenanceOf(variable: ResolvedVariable): Provenance {
  const origin = variable.origin;
  if (origin.kind === 'initial') return { source: 'initial', uses: [] };
  if (origin.kind !== 'assignment') return { source: 'unknown', file: origin.kind === 'unknown' ? origin.file : undefined, line: origin.kind === 'unknown' ? origin.range?.start.line : undefined, uses: [] };
  const assignment = origin.assignment;
  const used = assignment.expansions.find((expansion) => expansion.operandUsed === true && expansion.operator !== undefined && /[-=]$/.test(expansion.operator));
  return {
    source: 'file',
    file: assignment.file,
    line: assignment.range.start.line,
    defaultUsed: used && { name: used.name, operator: used.operator as string, operand: used.operandSource ?? '' },
    uses: assignment.expansions.map((expansion) => ({ name: expansion.name, operator: expansion.operator, operandUsed: expansion.operandUsed })),
  };
}
