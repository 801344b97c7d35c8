// "Inspect": the engine's JSON for a service, task or node, in a read-only editor.
import * as vscode from 'vscode';
import type { SwarmModel } from '../explorer/swarmModel';
import { NodeItem } from '../tree/NodeItem';
import { ServiceItem } from '../tree/ServiceItem';
import { TaskItem } from '../tree/TaskItem';
import { engineReason, requireClient } from './guards';

export const INSPECT_SCHEME = 'comet-swarm-inspect';

/** Serves inspect documents: a virtual document is read-only in the editor, which is what a snapshot of engine state is. */
export class InspectDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();

  set(uri: vscode.Uri, json: unknown): void {
    this.contents.set(uri.toString(), `${JSON.stringify(json, null, 2)}\n`);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }
}

export async function inspect(model: SwarmModel, documents: InspectDocuments, item: vscode.TreeItem | undefined): Promise<void> {
  const docker = requireClient(model);
  if (!docker || !item) return;
  let name: string;
  let read: () => Promise<unknown>;
  if (item instanceof ServiceItem) {
    name = item.service.name;
    read = () => docker.getService(item.service.id).inspect();
  } else if (item instanceof TaskItem) {
    name = typeof item.label === 'string' ? item.label : item.task.id;
    read = () => docker.getTask(item.task.id).inspect();
  } else if (item instanceof NodeItem) {
    name = item.node.hostname;
    read = () => docker.getNode(item.node.id).inspect();
  } else {
    return;
  }
  try {
    const uri = vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${name}.json`, query: String(Date.now()) });
    documents.set(uri, await read());
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'json');
    await vscode.window.showTextDocument(document, { preview: true });
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not inspect {0}: {1}', name, engineReason(error)));
  }
}
