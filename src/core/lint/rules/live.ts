// Checks against the live swarm (service names, set name, networks, images), given as LiveFacts; without them, says why they did not run.

import type { LintContext } from '../context';
import { closest } from '../editDistance';
import type { Finding } from '../finding';
import { shellQuote } from '../fixes';
import type { LiveFacts } from '../liveFacts';
import { effectiveDbUri } from './mongoServiceUri';

const IP_ADDRESS = /^(\d{1,3}\.){3}\d{1,3}$|:/;

function checkHosts(context: LintContext, live: LiveFacts): Finding[] {
  const effective = effectiveDbUri(context);
  if (!effective) return [];
  const names = new Set<string>([...live.serviceNames, ...(live.networkAliases ?? []), ...live.serviceNames.map((name) => `tasks.${name}`)]);
  const findings: Finding[] = [];
  for (const host of effective.analysis.hosts) {
    if (names.has(host.host) || IP_ADDRESS.test(host.host) || host.host === 'localhost') continue;
    const suggestion = closest(host.host, names);
    const location = context.locate(effective.variable, host.start, host.end);
    if (!location) continue;
    findings.push({
      code: 'mongo-uri-unknown-host',
      severity: 'error',
      file: location.file,
      range: location.range,
      message: `No service, network alias or tasks. name in the swarm answers to "${host.host}"${suggestion ? `; did you mean ${suggestion}?` : '. Deploy the Mongo stack first, or use its service name (STACK_service).'}`,
      fixes: suggestion && location.exact ? [{ title: `Use ${suggestion}`, edits: [{ file: location.file, range: location.range, newText: suggestion }], isPreferred: true }] : undefined,
    });
  }
  return findings;
}

function checkSetName(context: LintContext, live: LiveFacts): Finding[] {
  if (live.liveSetName === undefined) return [];
  const variable = context.known('REPLICASET_NAME');
  if (!variable || variable.value.text === '') return [];
  const location = context.locateVariable(variable) ?? context.fileStart(context.frontendPath ?? '');
  const assignment = context.assignmentOf(variable);
  if (live.liveSetName === null) {
    return [{
      code: 'replicaset-not-initiated',
      severity: 'warning',
      file: location.file,
      range: location.range,
      message: 'The live Mongo replica set has not been initiated (mongod reports no set name): STH-Comet would fail with "no primary found in replicaset". Check that the replica-set controller runs and that its OVERLAY_NETWORK_NAME matches the network.',
    }];
  }
  if (live.liveSetName === variable.value.text) return [];
  return [{
    code: 'replicaset-mismatch-live',
    severity: 'error',
    file: location.file,
    range: location.range,
    message: `REPLICASET_NAME is "${variable.value.text}" but the live replica set is named "${live.liveSetName}": STH-Comet would fail with "no primary found in replicaset or invalid replica set name". Use "${live.liveSetName}".`,
    fixes: assignment ? [{ title: `Use the live set name ${live.liveSetName}`, edits: [{ file: assignment.file, range: assignment.valueRange, newText: shellQuote(live.liveSetName) }], isPreferred: true }] : undefined,
  }];
}

function checkNetworks(context: LintContext, live: LiveFacts): Finding[] {
  const findings: Finding[] = [];
  for (const compose of [context.cometCompose, context.mongoCompose]) {
    for (const network of compose?.networks ?? []) {
      if (!compose || !network.external || !network.nameKnown) continue;
      const create = `docker network create -d overlay --attachable ${network.name}`;
      const found = live.networks.find((candidate) => candidate.name === network.name);
      if (!found) {
        findings.push({
          code: 'network-missing',
          severity: 'error',
          file: compose.path,
          range: network.keyRange,
          message: `The network "${network.name}" is declared external but does not exist, so docker stack deploy fails. Create it: ${create}`,
          fixes: [{ title: `Create the overlay network ${network.name}`, edits: [], command: create, isPreferred: true }],
        });
      } else if (found.scope !== 'swarm') {
        findings.push({
          code: 'network-scope',
          severity: 'error',
          file: compose.path,
          range: network.keyRange,
          message: `The network "${network.name}" is a ${found.scope}-scoped ${found.driver} network, not a swarm overlay, so docker stack deploy fails ("not in the right scope"). Remove it and create it again: docker network rm ${network.name} && ${create}`,
          fixes: [{ title: `Recreate ${network.name} as a swarm overlay network`, edits: [], command: `docker network rm ${network.name} && ${create}`, isPreferred: true }],
        });
      }
    }
  }
  return findings;
}

/** `docker.io/library/x:t`, `library/x:t` and `x:t` are the same image; no tag means latest. */
function normalizeImage(reference: string): string {
  let name = reference.split('@')[0].replace(/^docker\.io\//, '').replace(/^library\//, '');
  if (!/:[^/]+$/.test(name)) name += ':latest';
  return name;
}

function checkCometImage(context: LintContext, live: LiveFacts): Finding[] {
  if (!live.imagesOnNodes || !context.cometCompose) return [];
  const present = new Set(live.imagesOnNodes.flatMap((node) => node.images.map(normalizeImage)));
  const findings: Finding[] = [];
  for (const service of context.cometCompose.services) {
    const image = service.image;
    if (!image?.known || !/fiware-sth-comet/.test(image.value) || present.has(normalizeImage(image.value))) continue;
    const version = context.locateVariable(context.known('COMET_VERSION'));
    findings.push({
      code: 'comet-image-missing',
      severity: 'warning',
      file: context.cometCompose.path,
      range: image.range,
      message: `No node has ${image.value}: each node must pull it at deploy, and if the tag does not exist the Comet tasks never start. Check COMET_VERSION, or pull the image first.`,
      related: version ? [{ file: version.file, range: version.range, message: 'COMET_VERSION is set here' }] : undefined,
    });
  }
  return findings;
}

export function checkLive(context: LintContext): Finding[] {
  const live = context.options.live;
  if (!live) {
    const file = context.frontendPath ?? context.backendPath ?? context.cometCompose?.path ?? context.mongoCompose?.path;
    if (file === undefined) return [];
    return [{
      code: 'live-checks-skipped',
      severity: 'information',
      file,
      range: context.fileStart(file).range,
      message: context.options.liveUnavailableReason ?? 'Live checks did not run: no swarm was consulted.',
    }];
  }
  return [...checkHosts(context, live), ...checkSetName(context, live), ...checkNetworks(context, live), ...checkCometImage(context, live)];
}
