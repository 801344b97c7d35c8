// Reads a compose file with `yaml`, keeping ranges, and interpolates its values with the evaluated environment as `docker stack deploy` would.

import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Scalar } from 'yaml';
import { SourceText, type Range } from '../envfile/source';
import type { EnvFileInput, Environment } from '../envfile/types';
import type { Finding } from './finding';
import { interpolate, type Interpolation } from './interpolate';

/** A string value of the compose file after interpolation, with where its characters were written. */
export interface ComposeValue {
  readonly value: string;
  readonly known: boolean;
  readonly range: Range;
  readonly start: number;
  readonly end: number;
  /** Offset in the file of the value's first raw character when raw characters map 1:1, else undefined. */
  readonly rawStart?: number;
  readonly interpolation: Interpolation;
}

export interface ComposeService {
  readonly name: string;
  readonly nameRange: Range;
  readonly image?: ComposeValue;
  /** entrypoint then command, one value per argument. */
  readonly arguments: readonly ComposeValue[];
  readonly healthcheckTest: readonly ComposeValue[];
  readonly environment: ReadonlyMap<string, ComposeValue>;
  readonly configs: readonly string[];
}

export interface ComposeNetwork {
  readonly key: string;
  readonly keyRange: Range;
  readonly external: boolean;
  /** The network's name in the engine (external.name, name, or the key). */
  readonly name: string;
  readonly nameKnown: boolean;
}

export interface ComposeFile {
  readonly path: string;
  readonly source: SourceText;
  readonly services: readonly ComposeService[];
  readonly networks: readonly ComposeNetwork[];
  /** Config name -> the file it is read from. */
  readonly configFiles: ReadonlyMap<string, string>;
  readonly findings: readonly Finding[];
  /** Every `${VAR...}` use, for "which keys does this file read". */
  readonly variablesUsed: ReadonlySet<string>;
}

class ComposeReader {
  readonly findings: Finding[] = [];
  readonly variablesUsed = new Set<string>();

  constructor(
    readonly source: SourceText,
    private readonly env: Environment,
  ) {}

  private readonly values = new Map<Scalar, ComposeValue | undefined>();

  /** Interpolated once per node, so each problem is reported once. */
  value(node: Scalar): ComposeValue | undefined {
    if (!this.values.has(node)) this.values.set(node, this.compute(node));
    return this.values.get(node);
  }

  private compute(node: Scalar): ComposeValue | undefined {
    if (typeof node.value !== 'string' || !node.range) return undefined;
    const [start, end] = node.range;
    const raw = node.value;
    const written = this.source.text.slice(start, end);
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    const inner = quoted ? written.slice(1, -1) : written;
    const rawStart = inner === raw ? start + (quoted ? 1 : 0) : undefined;
    const interpolation = interpolate(raw, this.env, 0);
    const toFile = (offset: number): number => (rawStart === undefined ? start : rawStart + offset);
    const toFileEnd = (offset: number): number => (rawStart === undefined ? end : rawStart + offset);
    for (const reference of interpolation.references) {
      this.variablesUsed.add(reference.name);
      const range = this.source.rangeOf(toFile(reference.start), toFileEnd(reference.end));
      if (reference.missing) {
        this.findings.push({
          code: 'compose-unset-variable',
          severity: 'warning',
          file: this.source.path,
          range,
          message: `${reference.name} has no value and no default here: docker stack deploy substitutes an empty string. Set ${reference.name} in the env files or write \${${reference.name}:-default}.`,
        });
      }
      if (reference.requiredMessage !== undefined) {
        this.findings.push({
          code: 'compose-required-variable',
          severity: 'error',
          file: this.source.path,
          range,
          message: `${reference.name} is not set, so docker stack deploy stops with "${reference.requiredMessage}". Set ${reference.name} in the env files.`,
        });
      }
    }
    if (interpolation.error) {
      this.findings.push({ code: 'compose-syntax', severity: 'error', file: this.source.path, range: this.source.rangeOf(toFile(interpolation.error.start), toFileEnd(interpolation.error.end)), message: `docker stack deploy rejects this value: ${interpolation.error.message}.` });
    }
    return { value: interpolation.value, known: interpolation.known, range: this.source.rangeOf(start, end), start, end, rawStart, interpolation };
  }

  /** Interpolates every string scalar below a node, so unset variables are reported wherever they are. */
  visitAll(node: unknown): void {
    if (isScalar(node)) this.value(node);
    else if (isMap(node)) for (const pair of node.items) this.visitAll(pair.value);
    else if (isSeq(node)) for (const item of node.items) this.visitAll(item);
  }

  /** A list of arguments: a YAML sequence, or a string split on blanks as compose splits it. */
  argumentsOf(node: unknown): ComposeValue[] {
    if (isSeq(node)) return node.items.filter(isScalar).map((item) => this.value(item)).filter((value): value is ComposeValue => value !== undefined);
    if (!isScalar(node)) return [];
    const whole = this.value(node);
    if (!whole) return [];
    const values: ComposeValue[] = [];
    const pattern = /\S+/g;
    for (let match = pattern.exec(whole.value); match; match = pattern.exec(whole.value)) {
      const exact = whole.rawStart !== undefined && whole.interpolation.references.length === 0;
      const start = exact ? (whole.rawStart as number) + match.index : whole.start;
      const end = exact ? start + match[0].length : whole.end;
      values.push({ ...whole, value: match[0], start, end, range: this.source.rangeOf(start, end), rawStart: exact ? start : undefined });
    }
    return values;
  }
}

/**
 * Parsed documents of the last few compose texts: typing in an env file changes the
 * interpolation, not the YAML, so re-validation skips re-parsing.
 */
const parsedDocuments = new Map<string, Document.Parsed>();
const PARSED_DOCUMENTS_KEPT = 8;

function parseCached(text: string): Document.Parsed {
  let document = parsedDocuments.get(text);
  if (document) {
    parsedDocuments.delete(text);
  } else {
    document = parseDocument(text);
    if (parsedDocuments.size >= PARSED_DOCUMENTS_KEPT) parsedDocuments.delete(parsedDocuments.keys().next().value as string);
  }
  parsedDocuments.set(text, document);
  return document;
}

function get(node: unknown, key: string): unknown {
  return isMap(node) ? node.get(key, true) : undefined;
}

export function readComposeFile(input: EnvFileInput, env: Environment): ComposeFile {
  const source = new SourceText(input.path, input.text);
  const reader = new ComposeReader(source, env);
  const document = parseCached(input.text);
  for (const error of document.errors) {
    reader.findings.push({ code: 'compose-syntax', severity: 'error', file: input.path, range: source.rangeOf(error.pos[0], error.pos[1]), message: `This compose file is not valid YAML: ${error.message.split('\n')[0]}` });
  }
  const root = document.contents;
  reader.visitAll(root);
  const services: ComposeService[] = [];
  const servicesNode = get(root, 'services');
  if (isMap(servicesNode)) {
    for (const pair of servicesNode.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const body = pair.value;
      const keyNode = pair.key as Node;
      const imageNode = get(body, 'image');
      const environment = new Map<string, ComposeValue>();
      const environmentNode = get(body, 'environment');
      if (isSeq(environmentNode)) {
        for (const item of environmentNode.items) {
          if (!isScalar(item)) continue;
          const value = reader.value(item);
          const equals = typeof item.value === 'string' ? item.value.indexOf('=') : -1;
          if (value && equals > 0) environment.set((item.value as string).slice(0, equals), { ...value, value: value.value.slice(value.value.indexOf('=') + 1) });
        }
      } else if (isMap(environmentNode)) {
        for (const entry of environmentNode.items) {
          if (isScalar(entry.key) && isScalar(entry.value)) {
            const value = reader.value(entry.value);
            if (value) environment.set(String(entry.key.value), value);
          }
        }
      }
      const configsNode = get(body, 'configs');
      const configs = isSeq(configsNode) ? configsNode.items.map((item) => (isScalar(item) ? String(item.value) : String(get(item, 'source') ?? ''))) : [];
      services.push({
        name: String(pair.key.value),
        nameRange: source.rangeOf(keyNode.range?.[0] ?? 0, keyNode.range?.[1] ?? 0),
        image: isScalar(imageNode) ? reader.value(imageNode) : undefined,
        arguments: [...reader.argumentsOf(get(body, 'entrypoint')), ...reader.argumentsOf(get(body, 'command'))],
        healthcheckTest: reader.argumentsOf(get(get(body, 'healthcheck'), 'test')),
        environment,
        configs,
      });
    }
  }
  const networks: ComposeNetwork[] = [];
  const networksNode = get(root, 'networks');
  if (isMap(networksNode)) {
    for (const pair of networksNode.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const external = get(pair.value, 'external');
      const externalName = get(external, 'name');
      const nameNode = isScalar(externalName) ? externalName : get(pair.value, 'name');
      const name = isScalar(nameNode) ? reader.value(nameNode) : undefined;
      const isExternal = (isScalar(external) && external.value === true) || isMap(external);
      const keyNode = pair.key as Node;
      networks.push({ key, keyRange: source.rangeOf(keyNode.range?.[0] ?? 0, keyNode.range?.[1] ?? 0), external: isExternal, name: name?.value ?? key, nameKnown: name?.known ?? true });
    }
  }
  const configFiles = new Map<string, string>();
  const configsNode = get(root, 'configs');
  if (isMap(configsNode)) {
    for (const pair of configsNode.items) {
      const file = get(pair.value, 'file');
      if (isScalar(pair.key) && isScalar(file)) configFiles.set(String(pair.key.value), String(file.value));
    }
  }
  return { path: input.path, source, services, networks, configFiles, findings: reader.findings, variablesUsed: reader.variablesUsed };
}
