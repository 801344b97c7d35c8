// "Remove Stack..." from the palette or the view title: pick one of the swarm's stacks, then the explorer's confirmation and removal.
import * as vscode from 'vscode';
import { stacksOf } from '../../core/swarm/actions';
import type { SwarmModel } from '../../explorer/swarmModel';
import { requireTrust } from '../guards';
import { removeNamedStack } from '../stack/remove';

export async function pickAndRemoveStack(model: SwarmModel): Promise<void> {
  if (!(await requireTrust(vscode.l10n.t('Removing a stack')))) return;
  await model.refresh();
  const status = model.status;
  if (!status?.ok) {
    void vscode.window.showErrorMessage(status && !status.ok ? status.problem.summary : vscode.l10n.t('The swarm has not been read yet.'));
    return;
  }
  const stacks = stacksOf(status.snapshot);
  if (stacks.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The swarm runs no stack.'));
    return;
  }
  const picked = await vscode.window.showQuickPick(
    stacks.map((stack) => ({ label: stack, description: status.snapshot.services.filter((s) => s.stack === stack).map((s) => s.name).join(', ') })),
    { title: vscode.l10n.t('Remove which stack?') },
  );
  if (picked) await removeNamedStack(model, picked.label);
}
