// Everything the rules look at, computed once: the evaluated env files, the compose files read with that environment, and where values came from.

import { evaluateEnvFiles, type EnvEvaluation } from '../envfile/evaluate';
import { SourceText, type Range } from '../envfile/source';
import type { Assignment, EnvFileInput, EnvInput, Environment, ResolvedVariable } from '../envfile/types';
import { readComposeFile, type ComposeFile } from './compose';
import type { LiveFacts } from './liveFacts';

export interface RecipeInput {
  /** backend.env: sourced first by deploy_front.sh, alone by deploy_back.sh. */
  readonly backendEnv?: EnvFileInput;
  /** frontend.env: sourced after backend.env by deploy_front.sh. */
  readonly frontendEnv?: EnvFileInput;
  /** docker-compose.yml: the Comet stack, deployed with both env files' variables. */
  readonly cometCompose?: EnvFileInput;
  /** mongo-docker-compose.yml: the replica-set stack, deployed with backend.env's variables. */
  readonly mongoCompose?: EnvFileInput;
  /** Other files the compose files refer to (e.g. the `mongo-healthcheck` config), by the name the compose file uses. */
  readonly otherFiles?: ReadonlyMap<string, string>;
  /** The environment the deploy scripts start from. */
  readonly environment?: EnvInput;
}

export interface LintOptions {
  readonly live?: LiveFacts;
  /** Shown as one information finding when `live` is absent: why the live checks did not run. */
  readonly liveUnavailableReason?: string;
}

/** Where a value's characters were written, as precisely as known. */
export interface SourceLocation {
  readonly file: string;
  readonly range: Range;
  /** True when the range covers exactly the characters asked for, so an edit there changes just them. */
  readonly exact: boolean;
}

export class LintContext {
  readonly evaluation: EnvEvaluation;
  readonly backendVariables?: Environment;
  readonly finalVariables: Environment;
  readonly cometCompose?: ComposeFile;
  readonly mongoCompose?: ComposeFile;
  private readonly sources = new Map<string, SourceText>();

  constructor(
    readonly input: RecipeInput,
    readonly options: LintOptions,
  ) {
    const files = [input.backendEnv, input.frontendEnv].filter((file): file is EnvFileInput => file !== undefined);
    this.evaluation = evaluateEnvFiles(files, input.environment ?? {});
    for (const source of this.evaluation.sources) this.sources.set(source.path, source);
    this.backendVariables = input.backendEnv ? this.evaluation.afterEachFile[0] : undefined;
    this.finalVariables = this.evaluation.variables;
    if (input.cometCompose) this.cometCompose = readComposeFile(input.cometCompose, this.finalVariables);
    if (input.mongoCompose) this.mongoCompose = readComposeFile(input.mongoCompose, this.backendVariables ?? this.finalVariables);
    for (const compose of [this.cometCompose, this.mongoCompose]) if (compose) this.sources.set(compose.path, compose.source);
  }

  source(path: string): SourceText | undefined {
    return this.sources.get(path);
  }

  get frontendPath(): string | undefined {
    return this.input.frontendEnv?.path;
  }

  get backendPath(): string | undefined {
    return this.input.backendEnv?.path;
  }

  /** The variable after both files, if known for sure. */
  known(name: string, environment: Environment = this.finalVariables): ResolvedVariable | undefined {
    const variable = environment.get(name);
    return variable && variable.existenceKnown && variable.value.known ? variable : undefined;
  }

  /** The assignment that gave a variable its final value, if a file did. */
  assignmentOf(variable: ResolvedVariable | undefined): Assignment | undefined {
    return variable?.origin.kind === 'assignment' ? variable.origin.assignment : undefined;
  }

  /**
   * Where characters [start, end) of a value were written: exact when one verbatim run holds
   * them, else the run(s) that produced them, else the assignment's value.
   */
  locate(variable: ResolvedVariable, start: number, end: number): SourceLocation | undefined {
    const segments = variable.value.segments.filter((segment) => segment.start < Math.max(end, start + 1) && segment.end > start);
    const only = segments.length === 1 ? segments[0] : undefined;
    if (only && only.verbatim && only.range.start.line === only.range.end.line && start >= only.start && end <= only.end) {
      const line = only.range.start.line;
      const base = only.range.start.character - only.start;
      return { file: only.file, range: { start: { line, character: base + start }, end: { line, character: base + end } }, exact: true };
    }
    if (segments.length > 0 && segments.every((segment) => segment.file === segments[0].file)) {
      return { file: segments[0].file, range: { start: segments[0].range.start, end: segments[segments.length - 1].range.end }, exact: false };
    }
    const assignment = this.assignmentOf(variable);
    return assignment ? { file: assignment.file, range: assignment.valueRange, exact: false } : undefined;
  }

  /** Where to report something about a variable as a whole: its value in the file that set it last. */
  locateVariable(variable: ResolvedVariable | undefined): SourceLocation | undefined {
    const assignment = this.assignmentOf(variable);
    return assignment ? { file: assignment.file, range: assignment.valueRange, exact: false } : undefined;
  }

  /** The start of a file, for findings about something it lacks. */
  fileStart(path: string): SourceLocation {
    return { file: path, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, exact: false };
  }
}
