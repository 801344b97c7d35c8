// Runs a script as a VS Code Task (ShellExecution with its cwd and env), waits for its process to end, and fails on a non-zero exit.
import * as vscode from 'vscode';
import type { ScriptResult, ScriptRunner, ScriptSpec } from '../../core/deploy/scripts';

/** The task's environment: ShellExecution merges it over VS Code's own; an empty value stands for "unset". */
function taskEnv(spec: ScriptSpec): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.env)) env[k] = v ?? '';
  return env;
}

export function taskRunner(source = 'Comet Swarm'): ScriptRunner {
  return (spec, signal) => runAsTask(spec, source, signal);
}

export async function runAsTask(spec: ScriptSpec, source: string, signal?: AbortSignal): Promise<ScriptResult> {
  const execution = new vscode.ShellExecution(
    spec.command,
    spec.args.map((a) => ({ value: a, quoting: vscode.ShellQuoting.Strong })),
    { cwd: spec.cwd, env: taskEnv(spec) },
  );
  const id = `${Date.now()}-${Math.random().toString(16).slice(2)}`;
  const task = new vscode.Task({ type: 'shell', cometSwarm: spec.label, id }, vscode.TaskScope.Workspace, spec.label, source, execution);
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  // Subscribe before starting: a fast script can end before executeTask's promise resolves.
  let running: vscode.TaskExecution | undefined;
  return new Promise<ScriptResult>((resolve, reject) => {
    const disposables: vscode.Disposable[] = [];
    const finish = (result: ScriptResult | Error): void => {
      for (const d of disposables) d.dispose();
      signal?.removeEventListener('abort', onAbort);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    disposables.push(
      vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution === running || (e.execution.task.definition as { id?: string }).id === id) finish({ exitCode: e.exitCode ?? 1 });
      }),
    );
    const onAbort = (): void => {
      running?.terminate();
      finish(signal?.reason instanceof Error ? signal.reason : new Error('Cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    vscode.tasks.executeTask(task).then(
      (execution) => {
        running = execution;
        if (signal?.aborted) execution.terminate();
      },
      (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))),
    );
  });
}
