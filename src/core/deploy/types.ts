// The words the deploy workflow speaks in, shared by the core, the VS Code commands and the CLI.

/** The recipe's two stacks: the Mongo replica set (deploy_back.sh) and Comet (deploy_front.sh). */
export type DeployTarget = 'back' | 'front';

export type CheckStatus = 'ok' | 'warning' | 'error';

/** Something the product can do about a failed check, when the user agrees. */
export type CheckFix =
  | { readonly kind: 'createNetworks'; readonly networks: readonly string[] }
  | { readonly kind: 'useShippedMongoStack' };

export type CheckId = 'engine' | 'networks' | 'envFiles' | 'images' | 'ports' | 'mongoPrimary' | 'replicaSetName' | 'stackFile';

export interface CheckResult {
  readonly id: CheckId;
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found and, when it is not ok, what fixes it. */
  readonly message: string;
  /** Further lines (one per finding, image, port...). */
  readonly details?: readonly string[];
  readonly fix?: CheckFix;
}

export function worstStatus(checks: readonly CheckResult[]): CheckStatus {
  if (checks.some((c) => c.status === 'error')) return 'error';
  if (checks.some((c) => c.status === 'warning')) return 'warning';
  return 'ok';
}

/** A line of progress for a notification, a status line or a log. */
export type ProgressReporter = (message: string) => void;
