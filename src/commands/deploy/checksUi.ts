// Shows a preflight to the user: every check in the log, errors as one blocking message, warnings as a modal question, fixes as offers.
import * as vscode from 'vscode';
import type { Preflight } from '../../core/deploy/preflight';
import type { CheckFix, CheckResult } from '../../core/deploy/types';

const MARK: Record<CheckResult['status'], string> = { ok: 'ok', warning: 'WARNING', error: 'ERROR' };

export function logPreflight(log: vscode.LogOutputChannel, preflight: Preflight): void {
  for (const check of preflight.checks) {
    const line = `[deploy] ${MARK[check.status]} ${check.title}: ${check.message}`;
    if (check.status === 'error') log.error(line);
    else if (check.status === 'warning') log.warn(line);
    else log.info(line);
    for (const detail of check.details ?? []) log.info(`[deploy]     ${detail}`);
  }
}

function describe(checks: readonly CheckResult[]): string {
  return checks.map((c) => `${c.title}: ${c.message}${c.details?.length ? `\n  ${c.details.slice(0, 5).join('\n  ')}` : ''}`).join('\n\n');
}

export async function offerFix(fix: CheckFix, check: CheckResult): Promise<boolean> {
  if (fix.kind === 'createNetworks') {
    const create = vscode.l10n.t('Create Networks');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Create the overlay network(s) {0}?', fix.networks.join(', ')),
      { modal: true, detail: `${check.message}\n\n${vscode.l10n.t('They are created as tools/create_networks.sh does: swarm-scoped, attachable, MTU from DOCKER_MTU (default 1400).')}` },
      create,
    );
    return answer === create;
  }
  const use = vscode.l10n.t('Use the Shipped File');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Use the mongo-docker-compose.yml that Comet Swarm ships?'),
    { modal: true, detail: check.message },
    use,
  );
  return answer === use;
}

export async function confirmWarnings(warnings: readonly CheckResult[]): Promise<boolean> {
  const deploy = vscode.l10n.t('Deploy Anyway');
  const answer = await vscode.window.showWarningMessage(vscode.l10n.t('The checks before deploying found warnings.'), { modal: true, detail: describe(warnings) }, deploy);
  return answer === deploy;
}

export async function showBlocked(errors: readonly CheckResult[], log: vscode.LogOutputChannel): Promise<void> {
  const show = vscode.l10n.t('Show Log');
  const first = errors[0];
  const answer = await vscode.window.showErrorMessage(
    vscode.l10n.t('Not deployed: {0}', `${first.title}: ${first.message}${errors.length > 1 ? ` (+${errors.length - 1})` : ''}`),
    show,
  );
  if (answer === show) log.show(true);
}
