// Substitutes variables in a compose value the way `docker stack deploy` does: $VAR, ${VAR}, ${VAR:-x}, ${VAR-x}, ${VAR:?e}, ${VAR?e}, ${VAR:+x}, ${VAR+x}, $$.

import type { Environment } from '../envfile/types';

export interface InterpolationReference {
  readonly name: string;
  /** Offsets of the whole `${...}` or `$NAME` in the input. */
  readonly start: number;
  readonly end: number;
  readonly operator?: string;
  /** True when the variable had no value and no operator supplied one. */
  readonly missing: boolean;
  /** For `?` operators: the variable was unset (or empty with `:?`), so deploy fails with this message. */
  readonly requiredMessage?: string;
  readonly defaultUsed: boolean;
}

export interface Interpolation {
  readonly value: string;
  /** False when a variable's value is not known without running something. */
  readonly known: boolean;
  readonly references: readonly InterpolationReference[];
  readonly error?: { readonly start: number; readonly end: number; readonly message: string };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

interface VariableState {
  readonly set: boolean;
  readonly value: string;
  readonly known: boolean;
}

function stateOf(env: Environment, name: string): VariableState {
  const variable = env.get(name);
  if (!variable) return { set: false, value: '', known: true };
  return { set: true, value: variable.value.text, known: variable.value.known && variable.existenceKnown };
}

/** Finds the `}` that closes a `${` opened just before `from`, allowing nested `${...}` in defaults. */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

export function interpolate(text: string, env: Environment, offset = 0): Interpolation {
  let value = '';
  let known = true;
  const references: InterpolationReference[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '$') {
      value += ch;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      value += '$';
      i++;
      continue;
    }
    if (next !== '{') {
      const match = NAME.exec(text.slice(i + 1));
      if (!match) {
        value += '$';
        continue;
      }
      const state = stateOf(env, match[0]);
      known &&= state.known;
      value += state.value;
      references.push({ name: match[0], start: offset + i, end: offset + i + 1 + match[0].length, missing: !state.set && state.known, defaultUsed: false });
      i += match[0].length;
      continue;
    }
    const close = closingBrace(text, i + 2);
    if (close < 0) return { value, known, references, error: { start: offset + i, end: offset + text.length, message: `invalid interpolation format: "${text.slice(i)}" has no closing brace` } };
    const body = text.slice(i + 2, close);
    const match = NAME.exec(body);
    const operatorMatch = match ? /^(:?[-?+])/.exec(body.slice(match[0].length)) : null;
    if (!match || (body.length > match[0].length && !operatorMatch)) {
      return { value, known, references, error: { start: offset + i, end: offset + close + 1, message: `invalid interpolation format: "\${${body}}"; use \${NAME}, \${NAME:-default} or \${NAME:?message}` } };
    }
    const name = match[0];
    const operator = operatorMatch?.[1];
    const operandText = operator ? body.slice(name.length + operator.length) : '';
    const operandOffset = offset + i + 2 + name.length + (operator?.length ?? 0);
    const state = stateOf(env, name);
    const empty = !state.set || (operator?.startsWith(':') === true && state.value === '');
    let piece = state.value;
    let defaultUsed = false;
    let requiredMessage: string | undefined;
    if (!state.known) known = false;
    else if (operator?.endsWith('-') && empty) {
      const inner = interpolate(operandText, env, operandOffset);
      references.push(...inner.references);
      known &&= inner.known;
      if (inner.error) return { value, known, references, error: inner.error };
      piece = inner.value;
      defaultUsed = true;
    } else if (operator?.endsWith('+')) {
      const inner = interpolate(operandText, env, operandOffset);
      references.push(...inner.references);
      piece = empty ? '' : inner.value;
    } else if (operator?.endsWith('?') && empty) {
      requiredMessage = operandText || 'required variable is missing a value';
      piece = '';
    }
    references.push({ name, start: offset + i, end: offset + close + 1, operator, missing: state.known && !state.set && operator === undefined, requiredMessage, defaultUsed });
    value += piece;
    i = close;
  }
  return { value, known, references };
}
