// Completion in env files: the recipe's keys at the start of a line, live service names and the set's name as values.
import * as vscode from 'vscode';
import type { SwarmModel } from '../explorer/swarmModel';
import { isEnvDocument, recipeFolderOfDocument } from './recipeFiles';

const KEYS: Record<string, () => string> = {
  STACK_NAME: () => vscode.l10n.t('Name of the stack deploy_*.sh deploys'),
  MONGO_SERVICE_URI: () => vscode.l10n.t('Where STH-Comet finds Mongo: host[:port][,host[:port]...]'),
  REPLICASET_NAME: () => vscode.l10n.t("The replica set's name (mongod --replSet)"),
  COMET_VERSION: () => vscode.l10n.t('Tag of telefonicaiot/fiware-sth-comet'),
  MONGO_VERSION: () => vscode.l10n.t('Tag of the mongo image'),
  BACKEND_NETWORK_NAME: () => vscode.l10n.t('Overlay network of the Mongo stack (default backend)'),
  DOCKER_MTU: () => vscode.l10n.t("MTU of the stacks' default networks (default 1400)"),
};

export class RecipeCompletion implements vscode.CompletionItemProvider {
  constructor(private readonly model: SwarmModel) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    if (!isEnvDocument(document) || !recipeFolderOfDocument(document)) return undefined;
    const before = document.lineAt(position.line).text.slice(0, position.character);
    const value = /^\s*(?:export\s+)?(MONGO_SERVICE_URI|REPLICASET_NAME)=([^\s#]*)$/.exec(before);
    if (value) return this.liveValues(value[1], position, value[2].length);
    if (/^\s*(export\s+)?[A-Za-z_]*$/.test(before)) {
      return Object.entries(KEYS).map(([key, detail]) => {
        const item = new vscode.CompletionItem(key, vscode.CompletionItemKind.Variable);
        item.detail = detail();
        item.insertText = new vscode.SnippetString(`${key}=$0`);
        return item;
      });
    }
    return undefined;
  }

  private liveValues(key: string, position: vscode.Position, typed: number): vscode.CompletionItem[] {
    const status = this.model.status;
    if (!status?.ok) return [];
    const range = new vscode.Range(position.line, position.character - typed, position.line, position.character);
    const make = (text: string, detail: string, kind: vscode.CompletionItemKind): vscode.CompletionItem => {
      const item = new vscode.CompletionItem(text, kind);
      item.detail = detail;
      item.range = range;
      return item;
    };
    if (key === 'REPLICASET_NAME') {
      const rs = status.replicaSet?.status;
      return rs && (rs.state === 'ok' || rs.state === 'noPrimary') ? [make(rs.setName, vscode.l10n.t('The live replica set'), vscode.CompletionItemKind.Value)] : [];
    }
    return status.snapshot.services
      .filter((s) => s.role === 'mongo')
      .map((s) => make(s.name, vscode.l10n.t('Mongo service in the swarm ({0})', `${s.running}/${s.desired}`), vscode.CompletionItemKind.Reference));
  }
}
