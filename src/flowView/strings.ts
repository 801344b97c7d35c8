// Every text the check-flow webview shows, translated here because a webview has no vscode.l10n.
import * as vscode from 'vscode';

export function flowStrings(): Record<string, string> {
  return {
    title: vscode.l10n.t('Check the chain: insert, subscribe, update, query'),
    orionUrl: vscode.l10n.t('Orion URL'),
    cometUrl: vscode.l10n.t('Comet URL'),
    service: vscode.l10n.t('Service (Fiware-Service)'),
    servicePath: vscode.l10n.t('Service path'),
    entityId: vscode.l10n.t('Entity id'),
    entityType: vscode.l10n.t('Entity type'),
    reference: vscode.l10n.t('Reference Orion notifies'),
    subscription: vscode.l10n.t('Subscription'),
    auto: vscode.l10n.t('Automatic (v1 as the recipe, v2 on Orion 3.10+)'),
    lastN: vscode.l10n.t('Last N values'),
    run: vscode.l10n.t('Run'),
    running: vscode.l10n.t('Running...'),
    request: vscode.l10n.t('Request'),
    response: vscode.l10n.t('Response'),
    copyCurl: vscode.l10n.t('Copy as curl'),
    polls: vscode.l10n.t('polls'),
    noAnswer: vscode.l10n.t('no answer'),
    values: vscode.l10n.t('Values in STH-Comet'),
    noValues: vscode.l10n.t('STH-Comet answered no values.'),
    recvTime: vscode.l10n.t('Received'),
    attrType: vscode.l10n.t('Type'),
    attrValue: vscode.l10n.t('Value'),
    chart: vscode.l10n.t('Values over time'),
    passed: vscode.l10n.t('The update reached STH-Comet.'),
    failed: vscode.l10n.t('The chain is broken.'),
    evidence: vscode.l10n.t('Evidence'),
    fix: vscode.l10n.t('Fix'),
    item: vscode.l10n.t('recipe.md, "What goes wrong" {0}'),
    runs: vscode.l10n.t('Runs in this session'),
    error: vscode.l10n.t('The flow could not run: {0}'),
  };
}
