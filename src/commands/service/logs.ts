// "Show Logs": follows a service's logs in a terminal; closing the terminal stops the stream.
import * as vscode from 'vscode';
import { streamServiceLogs } from '../../core/swarm/logs';
import type { SwarmModel } from '../../explorer/swarmModel';
import type { ServiceItem } from '../../tree/ServiceItem';
import { engineReason, requireClient } from '../guards';

/** Lines per task shown before following, as `docker service logs --tail`. */
const TAIL = 200;

export function showLogs(model: SwarmModel, item: ServiceItem | undefined): void {
  if (!item) return;
  // A followed log is quiet between lines: the streaming client has no inactivity timeout to cut it.
  const docker = requireClient(model) && model.streamingClient();
  if (!docker) return;
  const service = item.service;
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  const abort = new AbortController();
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: () => {
      write.fire(`\x1b[2m${vscode.l10n.t('Following the logs of {0} (last {1} lines per task). Close the terminal to stop.', service.name, TAIL)}\x1b[0m\r\n`);
      streamServiceLogs(docker, service.id, {
        follow: true,
        tail: TAIL,
        signal: abort.signal,
        onLine: (line) => write.fire(`${line.stream === 'stderr' ? '\x1b[31m' : ''}${line.text}${line.stream === 'stderr' ? '\x1b[0m' : ''}\r\n`),
      }).then(
        () => {
          if (!abort.signal.aborted) write.fire(`\x1b[2m${vscode.l10n.t('The log stream ended.')}\x1b[0m\r\n`);
        },
        (error: unknown) => write.fire(`\x1b[31m${engineReason(error)}\x1b[0m\r\n`),
      );
    },
    close: () => {
      abort.abort();
      write.dispose();
      close.dispose();
    },
  };
  vscode.window.createTerminal({ name: vscode.l10n.t('Logs: {0}', service.name), pty, iconPath: new vscode.ThemeIcon('output') }).show();
}
