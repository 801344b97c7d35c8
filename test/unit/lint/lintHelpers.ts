// Builds the smallest recipe input a rule test needs and picks findings by code.

import type { EnvInput } from '../../../src/core/envfile/types';
import type { Finding, FindingCode } from '../../../src/core/lint/finding';
import { lintRecipe, type LintOptions } from '../../../src/core/lint/lintRecipe';

export interface MiniRecipe {
  readonly backend?: string;
  readonly frontend?: string;
  readonly comet?: string;
  readonly mongo?: string;
  readonly otherFiles?: Record<string, string>;
  readonly env?: EnvInput;
}

export function lintMini(recipe: MiniRecipe, options: LintOptions = { liveUnavailableReason: 'test: no swarm' }): Finding[] {
  return lintRecipe(
    {
      backendEnv: recipe.backend === undefined ? undefined : { path: 'backend.env', text: recipe.backend },
      frontendEnv: recipe.frontend === undefined ? undefined : { path: 'frontend.env', text: recipe.frontend },
      cometCompose: recipe.comet === undefined ? undefined : { path: 'docker-compose.yml', text: recipe.comet },
      mongoCompose: recipe.mongo === undefined ? undefined : { path: 'mongo-docker-compose.yml', text: recipe.mongo },
      otherFiles: new Map(Object.entries(recipe.otherFiles ?? {})),
      environment: recipe.env ?? {},
    },
    options,
  );
}

export function only(findings: readonly Finding[], code: FindingCode): Finding[] {
  return findings.filter((finding) => finding.code === code);
}

/** [line, character, line, character] of a finding's range, for compact assertions. */
export function span(finding: Finding): [number, number, number, number] {
  return [finding.range.start.line, finding.range.start.character, finding.range.end.line, finding.range.end.character];
}

/** Applies a fix's edits to one file's text (edits must not overlap). */
export function applyFix(text: string, finding: Finding, file: string): string {
  const lines = text.split('\n');
  const offset = (line: number, character: number) => lines.slice(0, line).reduce((sum, current) => sum + current.length + 1, 0) + character;
  const edits = (finding.fixes?.[0]?.edits ?? []).filter((edit) => edit.file === file).map((edit) => ({ start: offset(edit.range.start.line, edit.range.start.character), end: offset(edit.range.end.line, edit.range.end.character), newText: edit.newText }));
  let result = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}
