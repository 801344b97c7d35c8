// The Mongo image version against the recipe's mongod flags and health check: what newer mongod refuses or lacks.

import type { LintContext } from '../context';
import type { ComposeFile, ComposeService, ComposeValue } from '../compose';
import type { Finding, FindingFix } from '../finding';

export interface MongoVersion {
  readonly major: number;
  readonly minor: number;
  /** `latest` or no tag: judged as the newest. */
  readonly floating: boolean;
}

/** The version of an official `mongo` image reference, if it is one. */
export function mongoImageVersion(image: string): MongoVersion | undefined {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const repository = colon < 0 ? withoutDigest : withoutDigest.slice(0, colon);
  const tag = colon < 0 ? 'latest' : withoutDigest.slice(colon + 1);
  if (!/^((docker\.io\/)?library\/)?mongo$/.test(repository)) return undefined;
  if (tag === 'latest') return { major: Infinity, minor: 0, floating: true };
  const match = /^(\d+)(?:\.(\d+))?/.exec(tag);
  return match ? { major: Number(match[1]), minor: Number(match[2] ?? 0), floating: false } : undefined;
}

function atLeast(version: MongoVersion, major: number, minor: number): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}

/** The mongo shell (not mongosh) called by the health check, directly or from the script it runs. */
function healthCheckUsesMongoShell(service: ComposeService, compose: ComposeFile, otherFiles: ReadonlyMap<string, string> | undefined): boolean {
  const usesShell = (text: string): boolean => /(^|[\s;&|('"`])mongo(\s|$)/m.test(text);
  const words = service.healthcheckTest.map((value) => value.value);
  if (words.some((word) => word === 'mongo') || words.some(usesShell)) return true;
  for (const config of service.configs) {
    const file = compose.configFiles.get(config);
    const text = file !== undefined ? otherFiles?.get(file) ?? otherFiles?.get(config) : undefined;
    if (text !== undefined && words.some((word) => word.includes(config)) && usesShell(text.replace(/^#.*$/gm, ''))) return true;
  }
  return false;
}

/** How to write one more argument after `last`: a flow-sequence item, or a word of a command string. */
function appendedArgument(compose: ComposeFile, last: ComposeValue, argument: string): string {
  const after = compose.source.text.slice(last.end).match(/^\s*(.)/)?.[1];
  const inSequence = after === ',' || after === ']';
  if (!inSequence) return ` ${argument}`;
  return compose.source.text[last.end - 1] === '"' ? `, "${argument}"` : `, ${argument}`;
}

function removeArgumentFix(compose: ComposeFile, argument: ComposeValue, all: readonly ComposeValue[]): FindingFix | undefined {
  const index = all.indexOf(argument);
  const next = all[index + 1];
  if (!next || next.range.start.line !== argument.range.start.line) return undefined;
  return { title: `Remove ${argument.value}`, edits: [{ file: compose.path, range: compose.source.rangeOf(argument.start, next.start), newText: '' }], isPreferred: true };
}

export function checkMongoImageFlags(context: LintContext): Finding[] {
  const findings: Finding[] = [];
  for (const compose of [context.mongoCompose, context.cometCompose]) {
    if (!compose) continue;
    for (const service of compose.services) {
      const image = service.image;
      if (!image || !image.known) continue;
      const version = mongoImageVersion(image.value);
      if (!version) continue;
      const shown = version.floating ? `${image.value} (the newest mongod)` : image.value;
      const args = service.arguments;
      const flag = (name: string): ComposeValue | undefined => args.find((arg) => arg.value === name || arg.value.startsWith(`${name}=`));
      const runsMongod = args.length === 0 || args.some((arg) => /mongod$/.test(arg.value) || arg.value.startsWith('--'));
      if (runsMongod && atLeast(version, 3, 6) && !flag('--bind_ip') && !flag('--bind_ip_all')) {
        const last = args[args.length - 1];
        findings.push({
          code: 'mongo-image-flags',
          severity: 'error',
          file: compose.path,
          range: image.range,
          message: `${shown} listens on localhost only unless told otherwise: the other members and STH-Comet cannot reach it. Add --bind_ip_all to mongod's arguments.`,
          fixes: last ? [{ title: 'Add --bind_ip_all', edits: [{ file: compose.path, range: compose.source.rangeOf(last.end, last.end), newText: appendedArgument(compose, last, '--bind_ip_all') }], isPreferred: true }] : undefined,
        });
      }
      const smallfiles = flag('--smallfiles');
      if (smallfiles && atLeast(version, 4, 2)) {
        const fix = removeArgumentFix(compose, smallfiles, args);
        findings.push({
          code: 'mongo-image-flags',
          severity: 'error',
          file: compose.path,
          range: smallfiles.range,
          message: `mongod in ${shown} refuses --smallfiles and exits at start. Remove --smallfiles (or use a mongo image older than 4.2).`,
          fixes: fix ? [fix] : undefined,
          related: [{ file: compose.path, range: image.range, message: `the image is ${image.value}` }],
        });
      }
      if (atLeast(version, 6, 0) && healthCheckUsesMongoShell(service, compose, context.input.otherFiles)) {
        const test = service.healthcheckTest[0];
        findings.push({
          code: 'mongo-image-flags',
          severity: 'error',
          file: compose.path,
          range: test ? { start: test.range.start, end: service.healthcheckTest[service.healthcheckTest.length - 1].range.end } : image.range,
          message: `${shown} has no \`mongo\` shell, so this health check always fails and swarm keeps restarting mongod. Call mongosh in the health check instead.`,
          related: [{ file: compose.path, range: image.range, message: `the image is ${image.value}` }],
        });
      }
    }
  }
  return findings;
}
