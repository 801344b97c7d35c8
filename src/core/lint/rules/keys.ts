// Keys the recipe does not read (misspelt, or STH-Comet's own names) and keys assigned twice in one file.

import type { Assignment } from '../../envfile/types';
import type { LintContext } from '../context';
import { closest } from '../editDistance';
import type { Finding } from '../finding';

/** What each file of the recipe sets, as the deploy scripts and compose files read it. */
const BACKEND_KEYS = ['STACK_NAME', 'MONGO_SERVICE_URI', 'MONGO_VERSION', 'REPLICASET_NAME', 'BACKEND_NETWORK_NAME'];
const FRONTEND_KEYS = ['STACK_NAME', 'COMET_VERSION', 'MONGO_SERVICE_URI', 'REPLICASET_NAME', 'DOCKER_MTU'];

/** STH-Comet's own variable names: the compose file sets them from the recipe's keys. */
const STH_NAMES: Readonly<Record<string, string>> = { REPLICA_SET: 'REPLICASET_NAME', DB_URI: 'MONGO_SERVICE_URI' };

function persistedIn(context: LintContext, path: string | undefined): Assignment[] {
  return context.evaluation.assignments.filter((assignment) => assignment.file === path && assignment.persisted);
}

export function checkUnknownKeys(context: LintContext): Finding[] {
  const findings: Finding[] = [];
  // A key read by another assignment (NAME=$HELPER) is used even if no compose file reads it.
  const readByFiles = new Set(context.evaluation.assignments.flatMap((assignment) => assignment.expansions.map((expansion) => expansion.name)));
  const roles: [string | undefined, string[], ReadonlySet<string> | undefined][] = [
    [context.backendPath, BACKEND_KEYS, context.mongoCompose?.variablesUsed],
    [context.frontendPath, FRONTEND_KEYS, context.cometCompose?.variablesUsed],
  ];
  for (const [path, recipeKeys, composeKeys] of roles) {
    if (path === undefined) continue;
    const known = new Set([...recipeKeys, ...(composeKeys ?? [])]);
    for (const assignment of persistedIn(context, path)) {
      const name = assignment.name;
      if (known.has(name) || readByFiles.has(name) || assignment.kind === 'default-assignment') continue;
      const recipeName = STH_NAMES[name];
      const suggestion = recipeName ?? closest(name, known);
      findings.push({
        code: 'unknown-key',
        severity: suggestion ? 'warning' : 'information',
        file: assignment.file,
        range: assignment.nameRange,
        message: recipeName
          ? `${name} is STH-Comet's own name: docker-compose.yml sets it from ${recipeName}, so this line has no effect. Rename it to ${recipeName}.`
          : suggestion
            ? `${name} is not read by the recipe; did you mean ${suggestion}?`
            : `${name} is not read by the recipe's scripts or compose files; it is exported but nothing uses it.`,
        fixes: suggestion ? [{ title: `Rename to ${suggestion}`, edits: [{ file: assignment.file, range: assignment.nameRange, newText: suggestion }], isPreferred: true }] : undefined,
      });
    }
  }
  return findings;
}

export function checkDuplicateKeys(context: LintContext): Finding[] {
  const findings: Finding[] = [];
  for (const path of [context.backendPath, context.frontendPath]) {
    if (path === undefined) continue;
    const source = context.source(path);
    const assignments = persistedIn(context, path).filter((assignment) => assignment.kind !== 'default-assignment');
    // The next assignment of the same name, found in one backward pass.
    const nextOfSameName = new Map<Assignment, Assignment>();
    const seen = new Map<string, Assignment>();
    for (let index = assignments.length - 1; index >= 0; index--) {
      const following = seen.get(assignments[index].name);
      if (following) nextOfSameName.set(assignments[index], following);
      seen.set(assignments[index].name, assignments[index]);
    }
    assignments.forEach((earlier) => {
      const later = nextOfSameName.get(earlier);
      // `A+=x` or `A=$A:x` builds on the earlier value: that is not a duplicate.
      if (!later || later.append || later.expansions.some((expansion) => expansion.name === earlier.name)) return;
      const lineText = source ? source.text.slice(source.offsetAt({ line: earlier.range.start.line, character: 0 }), source.lineBounds(earlier.range.start.line).end) : '';
      const wordText = source ? source.text.slice(source.offsetAt(earlier.range.start), source.offsetAt(earlier.range.end)) : '';
      const lineIsOnlyThis = source !== undefined && lineText.replace(/^\s*(export\s+)?/, '').replace(/\s*(#.*)?\r?$/, '') === wordText;
      findings.push({
        code: 'duplicate-key',
        severity: 'warning',
        file: earlier.file,
        range: earlier.nameRange,
        message: `${earlier.name} is assigned again on line ${later.range.start.line + 1}, and the last assignment wins: this value (${JSON.stringify(earlier.value.text)}) is replaced by ${later.value.known ? JSON.stringify(later.value.text) : 'a later one'}. Remove one of them.`,
        fixes: lineIsOnlyThis && source
          ? [{ title: `Remove this assignment of ${earlier.name}`, edits: [{ file: path, range: { start: { line: earlier.range.start.line, character: 0 }, end: { line: earlier.range.start.line + 1, character: 0 } }, newText: '' }], isPreferred: true }]
          : undefined,
        related: [{ file: later.file, range: later.nameRange, message: `${later.name} is assigned again here` }],
      });
    });
  }
  return findings;
}
