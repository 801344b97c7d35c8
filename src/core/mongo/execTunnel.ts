// Carries TCP connections to a port inside a container through `docker exec`, for clients that only reach the Docker API.
import * as net from 'net';
import { PassThrough, type Duplex } from 'stream';
import type { DockerClient } from '../docker/client';

export interface ExecTunnel {
  /** Loopback address a client connects to instead of the container's port. */
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Connections carried so far; each costs one exec in the container. */
  readonly connectionsOpened: () => number;
  close(): Promise<void>;
}

export interface ExecTunnelOptions {
  readonly containerId: string;
  /** The port as seen from inside the container. */
  readonly targetPort: number;
  /** Called with stderr of a failed exec, e.g. bash's "Connection refused". */
  readonly onError?: (message: string) => void;
}

/**
 * The official mongo images ship bash, whose /dev/tcp opens a socket without any other tool, and
 * coreutils' cat, which copies bytes untouched. The reader is killed once the writer sees the
 * client hang up, so that the server sees the connection close and no process lingers.
 */
export function execTunnelCommand(targetPort: number): string[] {
  const port = Math.trunc(targetPort);
  return ['bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${port} || exit 111; cat <&3 & reader=$!; cat >&3; kill $reader 2>/dev/null; wait`];
}

export async function openExecTunnel(docker: DockerClient, options: ExecTunnelOptions): Promise<ExecTunnel> {
  const sockets = new Set<net.Socket>();
  let opened = 0;
  const server = net.createServer((socket) => {
    opened++;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    carry(docker, options, socket).catch((error: unknown) => {
      options.onError?.(error instanceof Error ? error.message : String(error));
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    connectionsOpened: () => opened,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function carry(docker: DockerClient, options: ExecTunnelOptions, socket: net.Socket): Promise<void> {
  socket.pause();
  const exec = await docker.getContainer(options.containerId).exec({
    Cmd: execTunnelCommand(options.targetPort),
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    // No TTY: a terminal would rewrite the bytes of the wire protocol.
    Tty: false,
  });
  const stream = (await exec.start({ hijack: true, stdin: true })) as Duplex;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let errorText = '';
  stderr.on('data', (chunk: Buffer) => (errorText += chunk.toString('utf8')));
  docker.modem.demuxStream(stream, stdout, stderr);

  stdout.pipe(socket);
  socket.pipe(stream);
  socket.resume();

  const finish = (): void => {
    if (errorText.trim()) options.onError?.(errorText.trim());
    socket.destroy();
    stream.destroy();
  };
  stream.once('end', finish);
  stream.once('close', finish);
  stream.once('error', finish);
  socket.once('close', () => stream.destroy());
  socket.once('error', () => stream.destroy());
}
