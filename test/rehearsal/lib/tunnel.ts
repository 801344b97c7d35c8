// A local TCP port whose connections are carried into a container by `docker exec ... bash /dev/tcp`, as the product reaches Mongo.
import * as net from 'node:net';
import { spawn } from 'node:child_process';

export interface Tunnel {
  port: number;
  close(): Promise<void>;
}

/** Opens 127.0.0.1:<ephemeral> -> <container>'s 127.0.0.1:<targetPort>, one `docker exec` per connection. */
export function openExecTunnel(containerId: string, targetPort = 27017): Promise<Tunnel> {
  const children = new Set<ReturnType<typeof spawn>>();
  const server = net.createServer((socket) => {
    // When our side closes, the inner `cat` reading stdin ends; killing the reader closes the socket to
    // mongod, and `wait` reaps it: orphaned, it would stay a zombie under the container's PID 1 (mongod reaps none).
    const child = spawn('docker', ['exec', '-i', containerId, 'bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${targetPort}; cat <&3 & cat >&3; kill $! 2>/dev/null; wait`], {
      stdio: ['pipe', 'pipe', 'ignore'],
      detached: true,
    });
    children.add(child);
    socket.pipe(child.stdin!);
    child.stdout!.pipe(socket);
    const end = () => {
      children.delete(child);
      socket.destroy();
      if (child.exitCode === null) try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* gone */ }
    };
    socket.on('error', end);
    socket.on('close', end);
    child.on('exit', end);
    child.stdin!.on('error', () => undefined);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () => new Promise((r) => {
          for (const child of children) try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* gone */ }
          server.close(() => r());
        }),
      });
    });
  });
}
