// Live facts for the linter, read in the background from the swarm model, cached, and never awaited while typing.
import * as vscode from 'vscode';
import { liveFactsFromStatus, type LiveFactsReading } from '../core/status/liveFacts';
import type { SwarmModel } from '../explorer/swarmModel';

/** Facts younger than this are reused as they are. */
const MAX_AGE_MS = 10_000;

export class LiveFactsCache implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when newer facts (or a newer reason for having none) are available. */
  readonly onDidChange = this.changed.event;
  private reading: LiveFactsReading = { reason: vscode.l10n.t('Live checks are waiting for the swarm to be read.') };
  private readAt = 0;
  private pending: Promise<void> | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: SwarmModel) {
    // A new picture of the swarm may change what resolves: take it as the moment to re-read.
    this.subscription = model.onDidChange(() => {
      this.readAt = 0;
      void this.update();
    });
  }

  /** The latest facts at once; starts a background update when they are old. */
  current(): LiveFactsReading {
    if (Date.now() - this.readAt > MAX_AGE_MS) void this.update();
    return this.reading;
  }

  private update(): Promise<void> {
    this.pending ??= this.read().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async read(): Promise<void> {
    if (!this.model.status) await this.model.refresh();
    const status = this.model.status;
    const docker = this.model.client();
    let next: LiveFactsReading;
    if (!status || !docker) {
      next = { reason: vscode.l10n.t('Live checks did not run: the Docker connection setting is not valid.') };
    } else {
      next = await liveFactsFromStatus(docker, status);
    }
    this.readAt = Date.now();
    const same = JSON.stringify(next) === JSON.stringify(this.reading);
    this.reading = next;
    if (!same) this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
