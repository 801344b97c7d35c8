// Keeps the Problems panel in step with the recipe's files: on open, on change (debounced), on close, and when the swarm changes.
import * as path from 'path';
import * as vscode from 'vscode';
import type { Finding } from '../core/lint/finding';
import { lintRecipe } from '../core/lint/lintRecipe';
import type { LiveFactsCache } from './liveFactsCache';
import { readRecipeInput, recipeFolderOfDocument, toVscodeRange } from './recipeFiles';

/** Long enough to skip the intermediate states of a word being typed, short enough to feel immediate. */
const CHANGE_DEBOUNCE_MS = 200;
export const DIAGNOSTIC_SOURCE = 'Comet Swarm';

const SEVERITIES: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export class RecipeDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('cometSwarm');
  /** The finding behind each diagnostic, so quick fixes can offer its fixes. */
  private readonly findings = new WeakMap<vscode.Diagnostic, Finding>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly live: LiveFactsCache, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.lintDocument(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.onClose(d)),
      live.onDidChange(() => this.lintOpenFolders()),
    );
    this.lintOpenFolders();
  }

  findingOf(diagnostic: vscode.Diagnostic): Finding | undefined {
    return this.findings.get(diagnostic);
  }

  private lintDocument(document: vscode.TextDocument): void {
    const folder = recipeFolderOfDocument(document);
    if (folder) this.lintFolder(folder);
  }

  private schedule(document: vscode.TextDocument): void {
    const folder = recipeFolderOfDocument(document);
    if (!folder) return;
    clearTimeout(this.timers.get(folder));
    this.timers.set(folder, setTimeout(() => this.lintFolder(folder), CHANGE_DEBOUNCE_MS));
  }

  private onClose(document: vscode.TextDocument): void {
    if (!recipeFolderOfDocument(document)) return;
    // A closed file's problems go with it; its folder's other files are judged again against what is on disk now.
    this.collection.delete(document.uri);
    this.lintDocument(document);
  }

  private lintOpenFolders(): void {
    const folders = new Set(vscode.workspace.textDocuments.map(recipeFolderOfDocument).filter((f): f is string => !!f));
    for (const folder of folders) this.lintFolder(folder);
  }

  /** Synchronous and fast (a recipe-size folder lints in about a millisecond); live facts come from the cache, never awaited. */
  lintFolder(folder: string): void {
    const started = performance.now();
    const live = this.live.current();
    const findings = lintRecipe(readRecipeInput(folder), live.facts ? { live: live.facts } : { liveUnavailableReason: live.reason });
    const open = new Set(vscode.workspace.textDocuments.filter((d) => path.dirname(d.uri.fsPath) === folder).map((d) => d.uri.fsPath));
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const file of open) byFile.set(file, []);
    for (const finding of findings) {
      const list = byFile.get(finding.file);
      if (!list) continue;
      list.push(this.toDiagnostic(finding));
    }
    for (const [file, diagnostics] of byFile) this.collection.set(vscode.Uri.file(file), diagnostics);
    this.log.trace(`[lint] ${folder}: ${findings.length} findings in ${(performance.now() - started).toFixed(1)} ms`);
  }

  private toDiagnostic(finding: Finding): vscode.Diagnostic {
    const diagnostic = new vscode.Diagnostic(toVscodeRange(finding.range), finding.message, SEVERITIES[finding.severity]);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = finding.code;
    if (finding.related?.length) {
      diagnostic.relatedInformation = finding.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(r.file), toVscodeRange(r.range)), r.message));
    }
    this.findings.set(diagnostic, finding);
    return diagnostic;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
  }
}
