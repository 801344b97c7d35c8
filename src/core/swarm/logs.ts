// Streams a service's logs (all its tasks) as lines, as `docker service logs [--follow] [--tail N]` prints them.
import type { Readable } from 'stream';
import type { DockerClient } from '../docker/client';

export interface LogLine {
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

/**
 * Splits the Engine API's multiplexed log stream (an 8-byte header per frame: stream type, then
 * the payload size, big-endian) into lines. Frames and lines may be cut anywhere between chunks.
 */
export class LogDemuxer {
  private pending: Buffer = Buffer.alloc(0);
  private readonly partial: Record<LogLine['stream'], string> = { stdout: '', stderr: '' };

  constructor(private readonly onLine: (line: LogLine) => void) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const stream = this.pending[0] === 2 ? 'stderr' : 'stdout';
      this.text(stream, this.pending.subarray(8, 8 + size).toString('utf8'));
      this.pending = this.pending.subarray(8 + size);
    }
  }

  /** Emits what is left of unterminated lines. */
  end(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream]) this.onLine({ stream, text: this.partial[stream] });
      this.partial[stream] = '';
    }
  }

  private text(stream: LogLine['stream'], text: string): void {
    const lines = (this.partial[stream] + text).split('\n');
    this.partial[stream] = lines.pop() ?? '';
    for (const line of lines) this.onLine({ stream, text: line.replace(/\r$/, '') });
  }
}

export interface ServiceLogOptions {
  readonly follow: boolean;
  /** Lines per task from the end; undefined for all. */
  readonly tail?: number;
  readonly timestamps?: boolean;
  readonly signal?: AbortSignal;
  readonly onLine: (line: LogLine) => void;
}

/** Resolves when the stream ends: at once without follow, when aborted or the service goes away with it. */
export async function streamServiceLogs(docker: DockerClient, serviceId: string, options: ServiceLogOptions): Promise<void> {
  const demuxer = new LogDemuxer(options.onLine);
  const answer = (await docker.getService(serviceId).logs({
    stdout: true,
    stderr: true,
    follow: options.follow,
    timestamps: options.timestamps ?? false,
    // The engine prefixes each line with the task it came from, as the CLI shows it.
    details: false,
    ...(options.tail !== undefined ? { tail: options.tail } : {}),
    ...(options.signal ? { abortSignal: options.signal } : {}),
  } as object)) as unknown as Buffer | Readable;
  if (Buffer.isBuffer(answer)) {
    demuxer.push(answer);
    demuxer.end();
    return;
  }
  await new Promise<void>((resolve) => {
    answer.on('data', (chunk: Buffer) => demuxer.push(chunk));
    const done = (): void => {
      demuxer.end();
      resolve();
    };
    answer.once('end', done);
    answer.once('close', done);
    answer.once('error', done);
    options.signal?.addEventListener('abort', () => answer.destroy(), { once: true });
  });
}
