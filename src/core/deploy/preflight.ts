// The checks before a deploy, each with ok/warning/error and a message naming the fix: engine, stack file, networks, env files, images, ports, and for the front end the Mongo PRIMARY and the set's name.
import type { DockerClient } from '../docker/client';
import { formatEndpoint, type ResolvedEndpoint } from '../docker/endpoint';
import { describeEngineProblem } from '../docker/problems';
import { checkEngine } from './engineCheck';
import type { Finding, FindingCode } from '../lint/finding';
import { lintRecipe } from '../lint/lintRecipe';
import type { LiveFacts } from '../lint/liveFacts';
import { takeSnapshot, type SwarmSnapshot } from '../swarm/snapshot';
import { judgeImages, localImageTags } from './images';
import { expectedMongoName, waitForPrimary, type PrimaryWait } from './mongoService';
import { createNetworkCommand, judgeNetworks, listNetworks, RECIPE_NETWORKS, type NetworkState } from './networks';
import type { DeployPlan } from './plan';
import { RECIPE_FILES } from './recipes';
import { worstStatus, type CheckResult, type ProgressReporter } from './types';

export interface PreflightOptions {
  /** How long the front end waits for the Mongo set to have a PRIMARY (default 120 s). */
  readonly primaryWaitMs?: number;
  /** cometSwarm.mongo.uri / --mongo-uri: read the set there instead of through docker exec. */
  readonly mongoUri?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressReporter;
}

export interface Preflight {
  readonly checks: readonly CheckResult[];
  readonly status: CheckResult['status'];
  /** Set when the engine answered as a swarm manager. */
  readonly snapshot?: SwarmSnapshot;
  readonly nodeId?: string;
}

/** Live findings that have checks of their own here (with a fix the commands can apply). */
const COVERED_ELSEWHERE = new Set<FindingCode>(['live-checks-skipped', 'network-missing', 'network-scope', 'comet-image-missing', 'replicaset-mismatch-live', 'replicaset-not-initiated']);

export function formatFindingLine(f: Finding): string {
  return `${f.file}:${f.range.start.line + 1}: ${f.message}`;
}

export async function runPreflight(docker: DockerClient, resolved: ResolvedEndpoint, plan: DeployPlan, options: PreflightOptions = {}): Promise<Preflight> {
  const checks: CheckResult[] = [];
  const progress = options.onProgress ?? (() => undefined);
  const where = formatEndpoint(resolved.endpoint);

  // Engine: reachable, in a swarm, a manager. Nothing else can be checked without it.
  progress(`Checking the engine at ${where}`);
  const engine = await checkEngine(docker, resolved, options.signal);
  checks.push(engine.check);
  if (engine.check.status === 'error') return { checks, status: 'error' };
  const info = engine.info;
  const nodeId = engine.nodeId;

  // The stack file and the values the script needs.
  if (plan.target === 'back' && !plan.composePresent) {
    checks.push({
      id: 'stackFile',
      title: 'Mongo stack file',
      status: 'error',
      message: `${RECIPE_FILES.mongoCompose} is not in ${plan.dir}. deploy_back.sh downloads it from GitHub, which cannot work offline or behind a proxy; use the copy Comet Swarm ships (written into the folder, with ${RECIPE_FILES.mongoHealthcheck}).`,
      fix: { kind: 'useShippedMongoStack' },
    });
  } else if (plan.problems.length > 0) {
    checks.push({ id: 'stackFile', title: 'Recipe files', status: 'error', message: plan.problems.join('; ') });
  } else {
    checks.push({ id: 'stackFile', title: 'Recipe files', status: 'ok', message: `${plan.composeFile} deploys as stack ${plan.stackName}.` });
  }

  // Networks, as the compose file declares them external (the Mongo stack's when it is not there yet: backend).
  let networks: NetworkState[] = [];
  let snapshot: SwarmSnapshot;
  try {
    [networks, snapshot] = await Promise.all([listNetworks(docker), takeSnapshot(docker, { deadlineMs: 10_000, ...(options.signal ? { signal: options.signal } : {}) })]);
  } catch (error) {
    const problem = describeEngineProblem(error, resolved.endpoint);
    checks.push({ id: 'engine', title: 'Docker engine', status: 'error', message: `${problem.summary}: ${problem.detail}` });
    return { checks, status: 'error', ...(nodeId ? { nodeId } : {}) };
  }
  const wanted = plan.externalNetworks.length > 0 ? plan.externalNetworks : plan.target === 'back' ? ['backend'] : [...RECIPE_NETWORKS];
  const verdicts = judgeNetworks(wanted, networks);
  const missing = verdicts.filter((v) => v.state === 'missing').map((v) => v.name);
  const wrongScope = verdicts.filter((v) => v.state === 'wrongScope');
  if (wrongScope.length > 0) {
    checks.push({
      id: 'networks',
      title: 'Networks',
      status: 'error',
      message: wrongScope.map((v) => `"${v.name}" is a ${v.state === 'wrongScope' ? `${v.scope}-scoped ${v.driver}` : ''} network, not a swarm overlay, so docker stack deploy fails ("not in the right scope"). Remove it (docker network rm ${v.name}) and create it again: ${createNetworkCommand(v.name)}`).join(' '),
      ...(missing.length > 0 ? { fix: { kind: 'createNetworks', networks: missing } } : {}),
    });
  } else if (missing.length > 0) {
    checks.push({
      id: 'networks',
      title: 'Networks',
      status: 'error',
      message: `The external network${missing.length > 1 ? 's' : ''} ${missing.map((n) => `"${n}"`).join(' and ')} do${missing.length > 1 ? '' : 'es'} not exist, so docker stack deploy would fail with 'network "${missing[0]}" is declared as external, but could not be found'. Create ${missing.length > 1 ? 'them' : 'it'} as tools/create_networks.sh does (swarm-scoped, attachable overlays).`,
      details: missing.map((n) => createNetworkCommand(n)),
      fix: { kind: 'createNetworks', networks: missing },
    });
  } else {
    checks.push({ id: 'networks', title: 'Networks', status: 'ok', message: `${wanted.join(' and ')} exist as swarm-scoped overlays.` });
  }

  // Images: only the node the engine is can be asked; no registry is.
  const present = await localImageTags(docker).catch(() => undefined);
  const nodeName = snapshot.nodes.find((n) => n.id === nodeId)?.hostname ?? info.Name ?? 'this node';
  if (present && plan.images.length > 0) {
    const images = judgeImages(plan.images, present);
    const absent = images.filter((i) => !i.present);
    const others = snapshot.nodes.length - 1;
    const scope = others > 0 ? ` Only ${nodeName} was checked: the Engine API shows one node's images, and the ${others} other node${others > 1 ? 's' : ''} pull at deploy.` : '';
    checks.push(
      absent.length === 0
        ? { id: 'images', title: 'Images', status: 'ok', message: `${images.map((i) => i.image).join(', ')} ${images.length > 1 ? 'are' : 'is'} on ${nodeName}.${scope}` }
        : {
            id: 'images',
            title: 'Images',
            status: 'warning',
            message: `${absent.map((i) => i.image).join(', ')} ${absent.length > 1 ? 'are' : 'is'} not on ${nodeName}: each node must pull ${absent.length > 1 ? 'them' : 'it'} when the tasks start, and if the tag does not exist in its registry the tasks never start ("No such image"). Whether the registry has it cannot be checked from here: Comet Swarm asks no registry. Pull it first (docker pull), or check the tag (e.g. COMET_VERSION, MONGO_VERSION).${scope}`,
            details: absent.map((i) => `${i.service}: ${i.image}`),
          },
    );
  }

  // Published ports: two ingress ports collide at deploy; a host-mode one collides on the nodes that run both tasks.
  const mine = plan.stackName;
  const conflicts = plan.ports.flatMap((p) =>
    snapshot.services
      .filter((s) => s.stack !== mine)
      .flatMap((s) => s.ports.filter((q) => q.publishedPort === p.published && q.protocol === p.protocol).map((q) => ({ port: p, by: s.name, bothIngress: q.publishMode === 'ingress' && p.mode === 'ingress' }))),
  );
  if (plan.ports.length > 0) {
    const hard = conflicts.filter((c) => c.bothIngress);
    checks.push(
      conflicts.length === 0
        ? { id: 'ports', title: 'Published ports', status: 'ok', message: `${[...new Set(plan.ports.map((p) => p.published))].join(', ')} ${plan.ports.length > 1 ? 'are' : 'is'} not published by another service.` }
        : {
            id: 'ports',
            title: 'Published ports',
            status: hard.length > 0 ? 'error' : 'warning',
            message: `${conflicts.map((c) => `Port ${c.port.published} is already published by ${c.by}`).join('; ')}: ${hard.length > 0 ? 'docker stack deploy would fail ("port is already in use")' : 'one of them is in host mode, so tasks of both services cannot start on the same node'}. Change the published port in ${plan.composeFile}, or remove that service.`,
          },
    );
  }

  // The front end needs a Mongo set with a PRIMARY, named as REPLICASET_NAME says.
  let wait: PrimaryWait | undefined;
  if (plan.target === 'front' && worstStatus(checks) !== 'error') {
    const timeoutMs = options.primaryWaitMs ?? 120_000;
    progress(`Waiting for the Mongo replica set (${expectedMongoName(plan.mongoServiceUri, plan.mongoStackName)}) to have a PRIMARY, at most ${Math.round(timeoutMs / 1000)} s`);
    wait = await waitForPrimary(docker, {
      ...(plan.mongoServiceUri ? { mongoServiceUri: plan.mongoServiceUri } : {}),
      ...(plan.mongoStackName ? { mongoStackName: plan.mongoStackName } : {}),
      ...(nodeId ? { localNodeId: nodeId } : {}),
      ...(options.mongoUri ? { explicitUri: options.mongoUri } : {}),
      timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: progress,
    });
    if (wait.ok) {
      checks.push({ id: 'mongoPrimary', title: 'Mongo replica set', status: 'ok', message: `${wait.service.name}: set ${wait.setName}, PRIMARY ${wait.primary} (${wait.reading.via}).` });
      const wantedName = plan.replicaSetName;
      checks.push(
        wantedName === wait.setName
          ? { id: 'replicaSetName', title: 'REPLICASET_NAME', status: 'ok', message: `REPLICASET_NAME is ${wantedName}, the live set's name.` }
          : {
              id: 'replicaSetName',
              title: 'REPLICASET_NAME',
              status: 'error',
              message: `REPLICASET_NAME is ${wantedName === undefined ? 'not set to a known value' : `"${wantedName}"`} but the live replica set is named "${wait.setName}": STH-Comet would fail with "no primary found in replicaset or invalid replica set name" and restart in a loop. Set REPLICASET_NAME="${wait.setName}" in frontend.env (and backend.env).`,
            },
      );
    } else {
      checks.push({ id: 'mongoPrimary', title: 'Mongo replica set', status: 'error', message: `No PRIMARY after waiting ${Math.round(timeoutMs / 1000)} s. ${wait.reason} Deploy the back end first, and check that the replica-set controller runs.` });
    }
    snapshot = await takeSnapshot(docker, { deadlineMs: 10_000 }).catch(() => snapshot);
  }

  // The env files, through the linter, with what the swarm says now.
  const live: LiveFacts = {
    serviceNames: snapshot.services.map((s) => s.name),
    networkAliases: snapshot.services.filter((s) => s.stack && s.name.startsWith(`${s.stack}_`)).map((s) => s.name.slice(s.stack!.length + 1)),
    networks: networks.map((n) => ({ name: n.name, scope: n.scope, driver: n.driver })),
    ...(wait?.ok ? { liveSetName: wait.setName } : {}),
  };
  const findings = lintRecipe(plan.lintInput, { live }).filter((f) => !COVERED_ELSEWHERE.has(f.code));
  // Host names of MONGO_SERVICE_URI are the front end's business; the back end's stack does not exist yet.
  const relevant = plan.target === 'back' ? findings.filter((f) => f.code !== 'mongo-uri-unknown-host') : findings;
  const errors = relevant.filter((f) => f.severity === 'error');
  const warnings = relevant.filter((f) => f.severity === 'warning');
  const files = [plan.lintInput.backendEnv?.path, plan.lintInput.frontendEnv?.path, plan.lintInput.cometCompose?.path, plan.lintInput.mongoCompose?.path].filter(Boolean).join(', ');
  checks.push(
    errors.length > 0
      ? { id: 'envFiles', title: 'Env and compose files', status: 'error', message: `${errors.length} error${errors.length > 1 ? 's' : ''} in ${files}; fix them first (the Problems panel, or comet-swarm lint, shows each with its quick fix).`, details: [...errors, ...warnings].map(formatFindingLine) }
      : warnings.length > 0
        ? { id: 'envFiles', title: 'Env and compose files', status: 'warning', message: `${warnings.length} warning${warnings.length > 1 ? 's' : ''} in ${files}.`, details: warnings.map(formatFindingLine) }
        : { id: 'envFiles', title: 'Env and compose files', status: 'ok', message: `${files} lint clean.` },
  );

  return { checks, status: worstStatus(checks), snapshot, ...(nodeId ? { nodeId } : {}) };
}
