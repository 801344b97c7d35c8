// Codicons and theme colours for the states the explorer shows, in one place so rows agree.
import * as vscode from 'vscode';
import type { ServiceHealth } from '../core/swarm/groups';

const green = new vscode.ThemeColor('testing.iconPassed');
const red = new vscode.ThemeColor('testing.iconFailed');
const yellow = new vscode.ThemeColor('testing.iconQueued');

export function serviceHealthIcon(health: ServiceHealth): vscode.ThemeIcon {
  switch (health) {
    case 'converged':
      return new vscode.ThemeIcon('pass-filled', green);
    case 'converging':
      return new vscode.ThemeIcon('sync', yellow);
    case 'down':
      return new vscode.ThemeIcon('error', red);
    case 'scaledToZero':
      return new vscode.ThemeIcon('circle-slash');
  }
}

export function taskStateIcon(state: string): vscode.ThemeIcon {
  switch (state) {
    case 'running':
      return new vscode.ThemeIcon('circle-filled', green);
    case 'failed':
    case 'rejected':
    case 'orphaned':
      return new vscode.ThemeIcon('error', red);
    case 'complete':
    case 'shutdown':
      return new vscode.ThemeIcon('circle-outline');
    default:
      // new, pending, assigned, accepted, preparing, starting: on its way.
      return new vscode.ThemeIcon('clock', yellow);
  }
}

export function memberIcon(stateStr: string, health: number): vscode.ThemeIcon {
  if (health !== 1) return new vscode.ThemeIcon('debug-disconnect', red);
  if (stateStr === 'PRIMARY') return new vscode.ThemeIcon('star-full', green);
  if (stateStr === 'SECONDARY') return new vscode.ThemeIcon('circle-filled', green);
  if (stateStr === 'ARBITER') return new vscode.ThemeIcon('law');
  return new vscode.ThemeIcon('warning', yellow);
}

export const GROUP_ICONS = {
  comet: new vscode.ThemeIcon('graph-line'),
  mongo: new vscode.ThemeIcon('database'),
  orion: new vscode.ThemeIcon('broadcast'),
  other: new vscode.ThemeIcon('package'),
  nodes: new vscode.ThemeIcon('server'),
} as const;

export const errorIcon = new vscode.ThemeIcon('error', red);
export const warningIcon = new vscode.ThemeIcon('warning', yellow);
