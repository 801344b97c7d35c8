// What every check reports: a stable code, a severity, where, why and how to fix it (with edits a quick fix can apply).

import type { Range } from '../envfile/source';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export type FindingCode =
  // Read from the env files as bash reads them.
  | 'syntax'
  | 'runs-command'
  | 'byte-order-mark'
  | 'command-substitution'
  | 'unsupported-syntax'
  | 'bad-substitution'
  | 'required-variable'
  | 'invalid-identifier'
  // The recipe's settings.
  | 'mongo-uri-empty'
  | 'mongo-uri-scheme'
  | 'mongo-uri-credentials'
  | 'mongo-uri-path'
  | 'mongo-uri-query'
  | 'mongo-uri-quotes'
  | 'mongo-uri-host'
  | 'mongo-uri-port'
  | 'mongo-uri-unused-default'
  | 'replicaset-empty'
  | 'replicaset-mismatch-backend'
  | 'replicaset-mismatch-compose'
  | 'unknown-key'
  | 'duplicate-key'
  | 'carriage-return'
  | 'stack-name-clash'
  // Compose files.
  | 'compose-syntax'
  | 'compose-unset-variable'
  | 'compose-required-variable'
  | 'mongo-image-flags'
  // Against the live swarm.
  | 'live-checks-skipped'
  | 'mongo-uri-unknown-host'
  | 'replicaset-mismatch-live'
  | 'replicaset-not-initiated'
  | 'network-missing'
  | 'network-scope'
  | 'comet-image-missing';

export interface TextEdit {
  readonly file: string;
  readonly range: Range;
  readonly newText: string;
}

/** A change a quick fix can make: edits to files, or a command for the user to run. */
export interface FindingFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** A shell command that fixes what no file edit can (e.g. creating a network). */
  readonly command?: string;
  readonly isPreferred?: boolean;
}

export interface RelatedLocation {
  readonly file: string;
  readonly range: Range;
  readonly message: string;
}

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly file: string;
  readonly range: Range;
  readonly message: string;
  readonly fixes?: readonly FindingFix[];
  readonly related?: readonly RelatedLocation[];
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.severity === 'error');
}
