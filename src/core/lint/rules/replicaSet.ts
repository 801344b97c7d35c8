// REPLICASET_NAME must name the set mongod runs (--replSet, from backend.env), or STH-Comet finds no primary.

import type { LintContext } from '../context';
import type { ComposeValue } from '../compose';
import type { Finding } from '../finding';
import { shellQuote } from '../fixes';

/** The `--replSet` argument of the Mongo stack's mongod, as deployed. */
export function composeReplSet(context: LintContext): ComposeValue | undefined {
  for (const service of context.mongoCompose?.services ?? []) {
    const args = service.arguments;
    for (let i = 0; i < args.length; i++) {
      if (args[i].value === '--replSet' && args[i + 1]) return args[i + 1];
      if (args[i].value.startsWith('--replSet=')) return { ...args[i], value: args[i].value.slice('--replSet='.length) };
    }
  }
  return undefined;
}

export function checkReplicaSet(context: LintContext): Finding[] {
  const findings: Finding[] = [];
  const variable = context.known('REPLICASET_NAME');
  if (!variable) return findings;
  const name = variable.value.text;
  const location = context.locateVariable(variable) ?? context.fileStart(context.frontendPath ?? context.backendPath ?? '');
  const assignment = context.assignmentOf(variable);
  const setTo = (value: string, why: string) =>
    assignment ? [{ title: `Set REPLICASET_NAME to ${value} (${why})`, edits: [{ file: assignment.file, range: assignment.valueRange, newText: shellQuote(value) }], isPreferred: true }] : undefined;

  if (name === '') {
    const composeFallback = context.cometCompose?.services.some((service) => service.environment.get('REPLICA_SET')?.interpolation.references.some((ref) => ref.name === 'REPLICASET_NAME' && ref.operator === ':-'));
    const backendName = context.known('REPLICASET_NAME', context.backendVariables ?? new Map())?.value.text;
    findings.push({
      code: 'replicaset-empty',
      severity: composeFallback ? 'warning' : 'error',
      file: location.file,
      range: location.range,
      message: composeFallback
        ? 'REPLICASET_NAME is empty, so docker-compose.yml falls back to its default set name. Set it to the name mongod runs with (--replSet).'
        : 'REPLICASET_NAME is empty: STH-Comet then connects without a replica set and cannot follow the primary. Set it to the name mongod runs with (--replSet).',
      fixes: backendName ? setTo(backendName, "backend.env's") : undefined,
    });
    return findings;
  }

  const backend = context.backendVariables ? context.known('REPLICASET_NAME', context.backendVariables) : undefined;
  let reportedAgainstBackend = false;
  if (backend && context.input.frontendEnv && backend.value.text !== name) {
    reportedAgainstBackend = true;
    const backendLocation = context.locateVariable(backend);
    findings.push({
      code: 'replicaset-mismatch-backend',
      severity: 'error',
      file: location.file,
      range: location.range,
      message: `REPLICASET_NAME is "${name}" but backend.env starts mongod with "${backend.value.text}": STH-Comet would fail with "no primary found in replicaset or invalid replica set name". Use "${backend.value.text}".`,
      fixes: setTo(backend.value.text, "backend.env's"),
      related: backendLocation ? [{ file: backendLocation.file, range: backendLocation.range, message: `backend.env sets REPLICASET_NAME to "${backend.value.text}"` }] : undefined,
    });
  }
  const replSet = composeReplSet(context);
  if (replSet && replSet.known && replSet.value !== name && !(reportedAgainstBackend && replSet.value === backend?.value.text)) {
    findings.push({
      code: 'replicaset-mismatch-compose',
      severity: 'error',
      file: location.file,
      range: location.range,
      message: `REPLICASET_NAME is "${name}" but the Mongo stack runs mongod with --replSet "${replSet.value}": STH-Comet would fail with "no primary found in replicaset or invalid replica set name". Make them the same.`,
      fixes: setTo(replSet.value, 'as mongod runs it'),
      related: context.mongoCompose ? [{ file: context.mongoCompose.path, range: replSet.range, message: `mongod's --replSet is "${replSet.value}"` }] : undefined,
    });
  }
  return findings;
}
