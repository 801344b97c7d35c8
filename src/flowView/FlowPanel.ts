// The check-flow webview panel: shows the form, runs the flow in the core, streams the steps, restores itself on reload.
import * as vscode from 'vscode';
import { toCurl } from '../core/flow/curl';
import { flowOptions, RECIPE_DEFAULTS } from '../core/flow/defaults';
import { checkReference } from '../core/flow/reference';
import { runFlow } from '../core/flow/runner';
import type { FlowStep } from '../core/flow/types';
import { flowHtml } from './html';
import { formFromState, parseFromWebview, type FlowForm, type ToWebview } from './messages';
import { flowStrings } from './strings';
import type { SwarmContext } from '../core/flow/context';

export const FLOW_VIEW_TYPE = 'cometSwarm.flow';

export interface FlowPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
  /** The swarm's endpoints and snapshot, read when the panel opens and before each run. */
  readonly swarmContext: () => Promise<SwarmContext>;
}

function defaultForm(ctx: SwarmContext | undefined): FlowForm {
  const d = RECIPE_DEFAULTS;
  return {
    orionUrl: ctx?.endpoints.orionUrl ?? d.orionUrl,
    cometUrl: ctx?.endpoints.cometUrl ?? d.cometUrl,
    service: d.service,
    servicePath: d.servicePath,
    entityId: d.entityId,
    entityType: d.entityType,
    reference: d.reference,
    subscription: 'auto',
    lastN: String(d.lastN),
  };
}

const withCurl = (step: FlowStep): FlowStep & { curl: string } => ({ ...step, curl: toCurl(step.request) });

export class FlowPanel implements vscode.Disposable {
  private static current: FlowPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private runId = 0;
  private running: AbortController | undefined;

  static show(deps: FlowPanelDeps): FlowPanel {
    if (FlowPanel.current) {
      FlowPanel.current.panel.reveal();
      return FlowPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(FLOW_VIEW_TYPE, vscode.l10n.t('Comet Swarm: Check Flow'), vscode.ViewColumn.Active, FlowPanel.webviewOptions(deps.extensionUri));
    return new FlowPanel(panel, deps, undefined);
  }

  static revive(panel: vscode.WebviewPanel, state: unknown, deps: FlowPanelDeps): FlowPanel {
    panel.webview.options = FlowPanel.webviewOptions(deps.extensionUri);
    return new FlowPanel(panel, deps, formFromState(state));
  }

  private static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly deps: FlowPanelDeps, private readonly restoredForm: FlowForm | undefined) {
    FlowPanel.current = this;
    const media = (file: string): string => panel.webview.asWebviewUri(vscode.Uri.joinPath(deps.extensionUri, 'media', 'flow', file)).toString();
    panel.webview.html = flowHtml({ script: media('flow.js'), style: media('flow.css'), cspSource: panel.webview.cspSource }, vscode.l10n.t('Comet Swarm: Check Flow'));
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw) => void this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseFromWebview(raw);
    if (!message) {
      this.deps.log.warn('[flow] dropped a message the webview should not send');
      return;
    }
    switch (message.type) {
      case 'ready': {
        const ctx = this.restoredForm ? undefined : await this.deps.swarmContext().catch(() => undefined);
        this.post({ type: 'init', form: this.restoredForm ?? defaultForm(ctx), strings: flowStrings() });
        return;
      }
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        void vscode.window.showInformationMessage(vscode.l10n.t('Copied the request as a curl command.'));
        return;
      case 'run':
        await this.run(message.form);
    }
  }

  private async run(form: FlowForm): Promise<void> {
    this.running?.abort();
    const abort = new AbortController();
    this.running = abort;
    const runId = ++this.runId;
    this.post({ type: 'started', runId, form });
    const lastN = Number(form.lastN);
    const options = flowOptions({
      orionUrl: form.orionUrl.trim(), cometUrl: form.cometUrl.trim(), service: form.service.trim(), servicePath: form.servicePath.trim() || '/',
      entityId: form.entityId.trim(), entityType: form.entityType.trim(), reference: form.reference.trim(), subscription: form.subscription,
      ...(Number.isInteger(lastN) && lastN > 0 ? { lastN } : {}),
    });
    try {
      const ctx = await this.deps.swarmContext().catch(() => undefined);
      const referenceCheck = ctx?.snapshot ? checkReference(options.reference, ctx.snapshot) : undefined;
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Running the check flow against {0}', options.orionUrl), cancellable: true },
        (_progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          return runFlow(options, { signal: abort.signal, referenceCheck, onStep: (step) => this.post({ type: 'step', runId, step: withCurl(step) }) });
        },
      );
      this.deps.log.info(`[flow] run ${runId}: ${result.ok ? 'the update reached STH' : result.explanations.map((e) => e.code).join(', ')} in ${result.durationMs} ms`);
      this.post({ type: 'finished', runId, result: { ...result, steps: result.steps.map(withCurl) } });
    } catch (err) {
      this.post({ type: 'failed', runId, message: err instanceof Error ? err.message : String(err) });
    }
  }

  dispose(): void {
    this.running?.abort();
    if (FlowPanel.current === this) FlowPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
