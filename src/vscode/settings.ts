// Reads Comet Swarm's settings; the one place that knows their names.
import * as vscode from 'vscode';
import type { DockerConnectionSettings } from '../core/docker/endpoint';

export const SECTION = 'cometSwarm';

export function dockerConnectionSettings(): DockerConnectionSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const host = config.get<string>('docker.host')?.trim();
  const certPath = config.get<string>('docker.certPath')?.trim();
  const tlsVerify = config.get<boolean | null>('docker.tlsVerify');
  return {
    ...(host ? { host } : {}),
    ...(certPath ? { certPath } : {}),
    ...(typeof tlsVerify === 'boolean' ? { tlsVerify } : {}),
  };
}

export function mongoUriSetting(): string | undefined {
  return vscode.workspace.getConfiguration(SECTION).get<string>('mongo.uri')?.trim() || undefined;
}

/** The recipe folder the deploy commands use; empty means "find it in the workspace". */
export function recipeFolderSetting(): string | undefined {
  return vscode.workspace.getConfiguration(SECTION).get<string>('recipe.folder')?.trim() || undefined;
}

export function refreshIntervalMs(): number {
  const seconds = vscode.workspace.getConfiguration(SECTION).get<number>('refresh.intervalSeconds') ?? 5;
  // Below a second the poll would compete with the user's own docker commands for the engine.
  return Math.max(1, seconds) * 1000;
}

export function affectsConnection(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.docker`) || event.affectsConfiguration(`${SECTION}.mongo`);
}

/** Writes the connection settings for the user (never the workspace: a repository must not redirect the Docker client). */
export async function writeConnectionSettings(values: { host: string; tlsVerify: boolean | undefined; certPath: string }): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  await config.update('docker.host', values.host || undefined, vscode.ConfigurationTarget.Global);
  await config.update('docker.tlsVerify', values.tlsVerify, vscode.ConfigurationTarget.Global);
  await config.update('docker.certPath', values.certPath || undefined, vscode.ConfigurationTarget.Global);
}
