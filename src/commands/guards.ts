// Checks shared by the commands that change the swarm.
import * as vscode from 'vscode';
import type { DockerClient } from '../core/docker/client';
import type { SwarmModel } from '../explorer/swarmModel';

/** Nothing that changes the swarm runs in Restricted Mode; the user is told why and how to trust. */
export async function requireTrust(action: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = vscode.l10n.t('Manage Workspace Trust');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('{0} changes the swarm, which Comet Swarm does not do in Restricted Mode. Trust this workspace to allow it.', action),
    manage,
  );
  if (answer === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

export function requireClient(model: SwarmModel): DockerClient | undefined {
  const docker = model.client();
  if (!docker) void vscode.window.showErrorMessage(vscode.l10n.t('The Docker connection setting is not valid: {0}', model.misconfiguration ?? ''));
  return docker;
}

/** The engine's reason for a failed call, without dockerode's "(HTTP code N) ..." wrapper. */
export function engineReason(error: unknown): string {
  const json = (error as { json?: { message?: unknown } }).json;
  if (json && typeof json.message === 'string') return json.message;
  return error instanceof Error ? error.message : String(error);
}
