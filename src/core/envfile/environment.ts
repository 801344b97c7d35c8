// The variables of the shell being simulated, including what is not known about them.

import { DEFAULT_IFS, SHELL_DEFAULTED_VARIABLES, SHELL_MANAGED_VARIABLES } from './shellNames';
import type { EnvInput, ResolvedVariable, ShellValue, Uncertainty, VariableOrigin } from './types';

export type Lookup =
  | { readonly state: 'set'; readonly value: ShellValue; readonly origin: VariableOrigin }
  | { readonly state: 'unset' }
  | { readonly state: 'unknown'; readonly origin: VariableOrigin };

export function knownValue(text: string): ShellValue {
  return { text, known: true, segments: [] };
}

export const UNKNOWN_VALUE: ShellValue = { text: '', known: false, segments: [] };

export class ShellEnvironment {
  private readonly variables = new Map<string, ResolvedVariable>();
  /** Once set, any variable not assigned since may hold anything. */
  private uncertaintyValue: Uncertainty | undefined;

  constructor(initial: EnvInput) {
    for (const [name, text] of Object.entries(initial)) {
      if (text !== undefined) this.variables.set(name, { name, value: knownValue(text), existenceKnown: true, origin: { kind: 'initial' } });
    }
  }

  get uncertainty(): Uncertainty | undefined {
    return this.uncertaintyValue;
  }

  /** Something not modelled happened: from now on, nothing read is known unless assigned again. */
  loseTrack(uncertainty: Uncertainty): void {
    this.uncertaintyValue ??= uncertainty;
    for (const [name, variable] of this.variables) {
      this.variables.set(name, { ...variable, value: { ...variable.value, known: false }, existenceKnown: false, origin: { kind: 'unknown', reason: uncertainty.reason, file: uncertainty.file, range: uncertainty.range } });
    }
  }

  lookup(name: string): Lookup {
    if (name === 'IFS') return { state: 'set', value: knownValue(DEFAULT_IFS), origin: { kind: 'initial' } };
    const variable = this.variables.get(name);
    const unknownOrigin: VariableOrigin = { kind: 'unknown', reason: `bash sets ${name} itself` };
    if (SHELL_MANAGED_VARIABLES.has(name)) return { state: 'unknown', origin: variable?.origin ?? unknownOrigin };
    if (variable === undefined) {
      if (this.uncertaintyValue) return { state: 'unknown', origin: { kind: 'unknown', reason: this.uncertaintyValue.reason, file: this.uncertaintyValue.file, range: this.uncertaintyValue.range } };
      if (SHELL_DEFAULTED_VARIABLES.has(name)) return { state: 'unknown', origin: unknownOrigin };
      return { state: 'unset' };
    }
    if (!variable.existenceKnown) return { state: 'unknown', origin: variable.origin };
    return { state: 'set', value: variable.value, origin: variable.origin };
  }

  set(name: string, value: ShellValue, origin: VariableOrigin): void {
    // Assigning to a variable bash manages has effects of its own (RANDOM reseeds, UID is read-only...).
    const managed = SHELL_MANAGED_VARIABLES.has(name) || name === 'IFS';
    this.variables.set(name, { name, value: managed ? { ...value, known: false } : value, existenceKnown: !managed, origin });
  }

  /** The variable may or may not have been set, to an unknown value. */
  markUnknown(name: string, origin: VariableOrigin, existenceKnown: boolean): void {
    this.variables.set(name, { name, value: UNKNOWN_VALUE, existenceKnown, origin });
  }

  unset(name: string): void {
    this.variables.delete(name);
  }

  snapshot(): Map<string, ResolvedVariable> {
    return new Map(this.variables);
  }
}
