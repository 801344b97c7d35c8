// `comet-swarm flow`: the recipe's check (insert, subscribe, update, query) with every step shown and a failure explained.
import { resolveDockerEndpoint, type ResolvedEndpoint } from '../core/docker/endpoint';
import { readSwarmContext } from '../core/flow/context';
import { flowOptions } from '../core/flow/defaults';
import { checkReference } from '../core/flow/reference';
import { runFlow } from '../core/flow/runner';
import type { FlowResult } from '../core/flow/types';
import { parseFlags, UsageError } from './flags';
import type { CliCommand } from './io';

export const FLOW_USAGE = `Usage: comet-swarm flow [--orion URL] [--comet URL] [--service S] [--path P] [--v1|--v2]
                        [--entity ID] [--type TYPE] [--reference URL] [--timeout SECONDS] [--json]

Runs the recipe's check against Orion and STH-Comet: inserts Room1, subscribes Comet to it
(NGSI v1 as subscribe.sh does, or v2 with attrsFormat legacy), updates it, and waits for the
update to show in STH's history. Orion and Comet default to the ports the swarm publishes
(Docker reached as the docker CLI would), else 127.0.0.1:1026 and 127.0.0.1:8666.
Exit status: 0 when the update reached STH, 1 when it did not (with the likely cause), 2 on bad usage.`;

export const flow: CliCommand = async (args, io) => {
  let flags;
  try {
    flags = parseFlags(args, {
      booleans: ['json', 'v1', 'v2', 'help'],
      strings: ['orion', 'comet', 'service', 'path', 'entity', 'type', 'reference', 'timeout', 'host'],
    });
    if (flags.booleans.has('v1') && flags.booleans.has('v2')) throw new UsageError('--v1 and --v2 exclude each other');
    const timeout = flags.strings.get('timeout');
    if (timeout !== undefined && !(Number(timeout) > 0)) throw new UsageError('--timeout needs a number of seconds');
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n${FLOW_USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (flags.booleans.has('help')) {
    io.stdout.write(`${FLOW_USAGE}\n`);
    return 0;
  }
  const get = (k: string): string | undefined => flags.strings.get(k);
  let resolved: ResolvedEndpoint | undefined;
  try {
    resolved = resolveDockerEndpoint({ host: get('host') }, io.env);
  } catch {
    resolved = undefined;
  }
  const context = await readSwarmContext(resolved, { orionUrl: get('orion'), cometUrl: get('comet') });
  const options = flowOptions({
    orionUrl: context.endpoints.orionUrl,
    cometUrl: context.endpoints.cometUrl,
    service: get('service'),
    servicePath: get('path'),
    entityId: get('entity'),
    entityType: get('type'),
    reference: get('reference'),
    subscription: flags.booleans.has('v1') ? 'v1' : flags.booleans.has('v2') ? 'v2' : 'auto',
    ...(get('timeout') ? { waitTimeoutMs: Number(get('timeout')) * 1000 } : {}),
  });
  const referenceCheck = context.snapshot ? checkReference(options.reference, context.snapshot) : undefined;
  const result = await runFlow(options, { referenceCheck });
  io.stdout.write(flags.booleans.has('json') ? `${JSON.stringify({ ...result, referenceCheck }, null, 2)}\n` : formatFlowText(result));
  return result.ok ? 0 : 1;
};

export function formatFlowText(result: FlowResult): string {
  const lines = [`Orion ${result.options.orionUrl}${result.orionVersion ? ` (${result.orionVersion})` : ''}, Comet ${result.options.cometUrl}, service "${result.options.service}" path "${result.options.servicePath}"`];
  for (const s of result.steps) {
    const answer = s.error ?? `${s.response?.status}`;
    lines.push(`${s.ok ? '✔' : '✖'} ${s.name.padEnd(18)} ${s.request.method} ${s.request.url}  ${answer}  ${s.durationMs} ms${s.attempts > 1 ? ` (${s.attempts} polls)` : ''}`);
  }
  if (result.values.length) {
    lines.push('', `${result.options.queryAttribute} of ${result.options.entityId} in STH:`);
    for (const v of result.values) lines.push(`  ${v.recvTime}  ${v.attrType}  ${JSON.stringify(v.attrValue)}`);
  }
  lines.push('');
  if (result.ok) lines.push(`✔ the update reached STH-Comet (${result.durationMs} ms)`);
  for (const e of result.explanations) lines.push(`✖ ${e.summary}`, `  evidence: ${e.evidence}`, `  fix: ${e.fix}`, `  (recipe.md, "What goes wrong" ${e.item})`);
  return `${lines.join('\n')}\n`;
}
