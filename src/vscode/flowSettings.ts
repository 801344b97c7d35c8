// Reads the check flow's settings: Orion and Comet URLs that override what the swarm publishes.
import * as vscode from 'vscode';
import { SECTION } from './settings';

export function flowEndpointSettings(): { orionUrl?: string; cometUrl?: string } {
  const config = vscode.workspace.getConfiguration(SECTION);
  const orionUrl = config.get<string>('flow.orionUrl')?.trim();
  const cometUrl = config.get<string>('flow.cometUrl')?.trim();
  return { ...(orionUrl ? { orionUrl } : {}), ...(cometUrl ? { cometUrl } : {}) };
}
