// `comet-swarm status`: the explorer's picture of the swarm, as text or JSON.
import { createDockerClient } from '../core/docker/client';
import { EndpointSyntaxError, resolveDockerEndpoint } from '../core/docker/endpoint';
import { collectStatus, type SwarmStatus } from '../core/status/collect';
import { watchStatus } from './watch';
import { toStatusJson } from '../core/status/json';
import { currentTasks, formatPort, groupServices, replicaCount, taskName } from '../core/swarm/groups';
import type { CliCommand } from './io';
import { parseFlags, UsageError } from './flags';

export const STATUS_USAGE = `Usage: comet-swarm status [--json] [--watch [--interval SECONDS]] [--host DOCKER_HOST] [--mongo-uri URI] [--no-mongo]

Shows the swarm's nodes, the recipe's services (Comet, Mongo, Orion, other) with their tasks,
and the Mongo replica set's members. Docker is reached as the docker CLI would reach it
(DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH), or at --host.
With --watch, prints one JSON line per change (services, nodes, the replica set, the engine
going away or coming back) until interrupted: engine events trigger a reading at once, and
task states, which Docker reports with no event, are read every --interval seconds (default 5).
Exit status: 0 when the engine answered, 1 when it did not, 2 on bad usage.`;

export const status: CliCommand = async (args, io) => {
  let flags;
  try {
    flags = parseFlags(args, { booleans: ['json', 'no-mongo', 'help', 'watch'], strings: ['host', 'mongo-uri', 'interval'] });
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n${STATUS_USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (flags.booleans.has('help')) {
    io.stdout.write(`${STATUS_USAGE}\n`);
    return 0;
  }
  let resolved;
  try {
    resolved = resolveDockerEndpoint({ host: flags.strings.get('host') }, io.env);
  } catch (error) {
    if (!(error instanceof EndpointSyntaxError)) throw error;
    io.stderr.write(`comet-swarm: ${error.message}\n`);
    return 2;
  }
  const docker = createDockerClient(resolved.endpoint);
  const mongoUri = flags.strings.get('mongo-uri') ?? io.env.COMET_SWARM_MONGO_URI;
  const options = { withReplicaSet: !flags.booleans.has('no-mongo'), ...(mongoUri ? { mongoUri } : {}) };
  if (flags.booleans.has('watch')) {
    const interval = Number(flags.strings.get('interval') ?? 5);
    if (!Number.isFinite(interval) || interval < 1) {
      io.stderr.write(`--interval must be a number of seconds, at least 1\n${STATUS_USAGE}\n`);
      return 2;
    }
    return watchStatus(docker, resolved, options, interval * 1000, io);
  }
  const result = await collectStatus(docker, resolved, options);
  if (flags.booleans.has('json')) {
    io.stdout.write(`${JSON.stringify(toStatusJson(result), null, 2)}\n`);
  } else {
    io.stdout.write(formatStatusText(result));
  }
  return result.ok ? 0 : 1;
};

export function formatStatusText(result: SwarmStatus): string {
  const lines: string[] = [];
  if (!result.ok) {
    lines.push(`✖ ${result.problem.summary}`, `  ${result.problem.detail}`);
    return `${lines.join('\n')}\n`;
  }
  const { engine, snapshot } = result;
  lines.push(`Engine  ${engine.endpoint}${engine.serverVersion ? `  (Docker ${engine.serverVersion})` : ''}`);
  lines.push('', 'Nodes');
  for (const node of snapshot.nodes) {
    lines.push(`  ${node.hostname}  ${node.role}${node.leader ? ' (leader)' : ''}  ${node.availability}  ${node.state}${node.address ? `  ${node.address}` : ''}`);
  }
  for (const group of groupServices(snapshot)) {
    lines.push('', GROUP_TITLES[group.key]);
    if (group.services.length === 0) lines.push('  (none)');
    for (const service of group.services) {
      const ports = service.ports.map(formatPort).join(', ');
      lines.push(`  ${service.name}  ${replicaCount(service)}  ${service.mode}  ${service.image}${ports ? `  ${ports}` : ''}`);
      for (const task of currentTasks(service)) {
        lines.push(`    ${taskName(service, task)}  ${task.nodeName ?? task.nodeId ?? '-'}  ${task.state}${task.error ? `  ${task.error}` : ''}`);
      }
    }
  }
  const rs = result.replicaSet;
  if (rs) {
    lines.push('');
    const s = rs.status;
    if (s.state === 'ok' || s.state === 'noPrimary') {
      lines.push(`Replica set ${s.setName}${s.setVersion !== undefined ? ` (config version ${s.setVersion})` : ''}${s.state === 'noPrimary' ? '  NO PRIMARY' : ''}  via ${rs.via}`);
      for (const m of s.members) lines.push(`  ${m.name}  ${m.stateStr}  ${m.health === 1 ? 'healthy' : 'unreachable'}${m.lastHeartbeatMessage ? `  ${m.lastHeartbeatMessage}` : ''}`);
    } else if (s.state === 'notInitiated') {
      lines.push(`Replica set not initiated (via ${rs.via}): ${s.message}`);
    } else {
      lines.push(`Replica set ${s.state === 'notReplicaSet' ? 'absent: mongod runs without --replSet' : 'unreachable'} (via ${rs.via}): ${s.message}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const GROUP_TITLES = { comet: 'Comet', mongo: 'Mongo', orion: 'Orion', other: 'Other' } as const;
